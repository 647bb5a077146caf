// The admin's people page in the desk (GET /desk/users, POST /desk/users/:id/role): the same
// domain calls as the admin API's /users, so the same rules (admins only, one admin kept).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DomainContext } from '../../domain/context.ts';
import { changeRole, listUsersForAdmin } from '../../domain/users/roles.ts';
import type { SafeHtml } from '../../render/html.ts';
import { csrfTokenOf } from '../plugins/csrf.ts';
import { toAppError } from '../plugins/errors.ts';
import { formToken, requirePagePermission, sameOriginForm } from '../plugins/form-guard.ts';
import { signedInUser } from '../plugins/session.ts';
import { renderDeskUsers, type DeskUsersPage } from './pages/desk-users.ts';

const PAGE_QUERY = {
  type: 'object',
  properties: { page: { type: 'integer', minimum: 1, maximum: 100_000 }, changed: { type: 'string', maxLength: 64 } },
  additionalProperties: false,
} as const;
const ID_PARAMS = { type: 'object', properties: { id: { type: 'string', maxLength: 64 } }, required: ['id'] } as const;
const ROLE_BODY = {
  type: 'object',
  properties: { csrf: { type: 'string', maxLength: 200 }, role: { type: 'string', maxLength: 20 } },
  required: ['role'],
  additionalProperties: false,
} as const;

export interface DeskUsersRouteDeps {
  ctx: DomainContext;
  publicUrl: string | null;
  send(request: FastifyRequest, reply: FastifyReply, title: string, main: SafeHtml, status?: number): Promise<unknown>;
}

export function registerDeskUsersRoutes(app: FastifyInstance, { ctx, publicUrl, send }: DeskUsersRouteDeps): void {
  const admins = requirePagePermission(ctx, 'users.manage', 'only administrators manage people and their roles');
  const actorOf = async (request: FastifyRequest) => (await signedInUser(ctx, request))!;

  async function show(request: FastifyRequest, reply: FastifyReply, page: number, changed: DeskUsersPage['changed'], status = 200) {
    // A full page may have a next one; an empty next page says so plainly.
    const users = await listUsersForAdmin(ctx, await actorOf(request), page);
    const main = renderDeskUsers({ users, page, hasNext: users.length === 50, csrfToken: csrfTokenOf(request), changed });
    return send(request, reply, 'People', main, status);
  }

  app.get<{ Querystring: { page?: number; changed?: string } }>(
    '/desk/users',
    { preValidation: [admins], schema: { querystring: PAGE_QUERY } },
    async (request, reply) => {
      const changed = request.query.changed ? { userId: request.query.changed, message: 'Role changed.', error: false } : null;
      return show(request, reply, request.query.page ?? 1, changed);
    },
  );

  app.post<{ Params: { id: string }; Body: { role: string } }>(
    '/desk/users/:id/role',
    { preValidation: [sameOriginForm(publicUrl), formToken(), admins], schema: { params: ID_PARAMS, body: ROLE_BODY } },
    async (request, reply) => {
      try {
        await changeRole(ctx, await actorOf(request), request.params.id, request.body.role);
        return reply.redirect(`/desk/users?changed=${encodeURIComponent(request.params.id)}`, 303);
      } catch (caught) {
        const error = toAppError(caught as Error);
        if (error.status >= 500 || error.code === 'ROLE_NOT_ALLOWED' || error.code === 'NOT_FOUND') throw caught;
        return show(request, reply, 1, { userId: request.params.id, message: error.message, error: true }, error.status);
      }
    },
  );
}
