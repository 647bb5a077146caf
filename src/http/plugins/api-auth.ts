// Admin API requests authenticate with `Authorization: Bearer gz_…` (tokens come from
// `gazette token create`) or, from the admin pages in a browser, with the staff member's session
// cookie. This hook only says who is asking (the actor is attached to the request); whether a
// cookie-authenticated change may go ahead is write-guard.ts's rule, run as the scope's next hook.
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import type { DomainContext } from '../../domain/context.ts';
import { userForToken } from '../../domain/users/accounts.ts';
import { can, type Actor } from '../../domain/policy.ts';
import { signedInUser } from './session.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

export function staffAuthHook(ctx: DomainContext) {
  return async function requireStaff(request: FastifyRequest): Promise<void> {
    const header = request.headers.authorization;
    let user;
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) throw new AppError('UNAUTHENTICATED', 'send an API token as "Authorization: Bearer <token>"', 'authorization');
      user = await userForToken(ctx, match[1]!);
      if (!user) throw new AppError('TOKEN_INVALID', 'the API token is unknown or revoked', 'authorization');
    } else {
      user = await signedInUser(ctx, request);
      if (!user)
        throw new AppError('UNAUTHENTICATED', 'sign in as staff, or send an API token as "Authorization: Bearer <token>"', 'authorization');
    }
    const actor: Actor = { id: user.id, role: user.role };
    if (!can('admin.api', actor)) throw new AppError('ROLE_NOT_ALLOWED', 'your role may not use the admin API');
    request.actor = actor;
  };
}
