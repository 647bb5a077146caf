// Admin API requests authenticate with `Authorization: Bearer gz_…` (tokens come from
// `gazette token create`). The signed-in actor is attached to the request.
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import type { DomainContext } from '../../domain/context.ts';
import { userForToken } from '../../domain/users/accounts.ts';
import { can, type Actor } from '../../domain/policy.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

export function tokenAuthHook(ctx: DomainContext) {
  return async function requireStaffToken(request: FastifyRequest): Promise<void> {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new AppError('UNAUTHENTICATED', 'send an API token as "Authorization: Bearer <token>"', 'authorization');
    const user = await userForToken(ctx, match[1]!);
    if (!user) throw new AppError('UNAUTHENTICATED', 'the API token is unknown or revoked', 'authorization');
    const actor: Actor = { id: user.id, role: user.role };
    if (!can('admin.api', actor)) throw new AppError('FORBIDDEN', 'your role may not use the admin API');
    request.actor = actor;
  };
}
