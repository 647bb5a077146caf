// People and their roles, for admins.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { changeRole, listUsersForAdmin } from '../../../domain/users/roles.ts';
import { ROLES } from '../../../domain/users/accounts.ts';
import type { User } from '../../../domain/records.ts';
import { ErrorSchema } from '../presenters.ts';
import { Literals, PublicId } from '../../schemas.ts';
import type { AdminDeps } from './index.ts';
import { SECURED } from './index.ts';

const AdminUserSchema = Type.Object({
  id: Type.String(),
  email: Type.String(),
  displayName: Type.String(),
  slug: Type.String(),
  role: Type.String(),
  emailVerified: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
});

const present = (u: User) => ({
  id: u.id,
  email: u.email,
  displayName: u.display_name,
  slug: u.slug,
  role: u.role,
  emailVerified: u.email_verified_at !== null,
  createdAt: u.created_at,
});

export function registerAdminUsers(root: FastifyInstance, { ctx }: AdminDeps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const common = { tags: ['admin: users'], security: SECURED };

  app.get(
    '/users',
    {
      schema: {
        ...common,
        summary: 'Every account, oldest first, 50 a page (admins only)',
        querystring: Type.Object({ page: Type.Integer({ minimum: 1, maximum: 100000, default: 1 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ users: Type.Array(AdminUserSchema) }), 403: ErrorSchema },
      },
    },
    async (request) => ({ users: (await listUsersForAdmin(ctx, request.actor!, request.query.page)).map(present) }),
  );

  app.patch(
    '/users/:id',
    {
      schema: {
        ...common,
        summary: "Change a person's role (admins only; the last admin stays admin)",
        params: Type.Object({ id: PublicId }),
        body: Type.Object({ role: Literals(ROLES) }, { additionalProperties: false }),
        response: { 200: AdminUserSchema, 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request) => present(await changeRole(ctx, request.actor!, request.params.id, request.body.role)),
  );
}
