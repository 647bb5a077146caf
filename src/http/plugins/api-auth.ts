// Admin API requests authenticate with `Authorization: Bearer gz_…` (tokens come from
// `gazette token create`) or, from the admin pages in a browser, with the staff member's session
// cookie; a cookie-authenticated change must then come from this site (Origin check). The
// signed-in actor is attached to the request.
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import type { DomainContext } from '../../domain/context.ts';
import { userForToken } from '../../domain/users/accounts.ts';
import { can, type Actor } from '../../domain/policy.ts';
import { requireSameOrigin } from './commenter.ts';
import { signedInUser } from './session.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function staffAuthHook(ctx: DomainContext, publicUrl: string | null) {
  return async function requireStaff(request: FastifyRequest): Promise<void> {
    const header = request.headers.authorization;
    let user;
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) throw new AppError('UNAUTHENTICATED', 'send an API token as "Authorization: Bearer <token>"', 'authorization');
      user = await userForToken(ctx, match[1]!);
      if (!user) throw new AppError('UNAUTHENTICATED', 'the API token is unknown or revoked', 'authorization');
    } else {
      user = await signedInUser(ctx, request);
      if (!user) throw new AppError('UNAUTHENTICATED', 'sign in as staff, or send an API token as "Authorization: Bearer <token>"', 'authorization');
      if (!SAFE_METHODS.has(request.method)) requireSameOrigin(request, publicUrl);
    }
    const actor: Actor = { id: user.id, role: user.role };
    if (!can('admin.api', actor)) throw new AppError('FORBIDDEN', 'your role may not use the admin API');
    request.actor = actor;
  };
}
