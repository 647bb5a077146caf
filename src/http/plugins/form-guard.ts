// The guards of the pages' routes (the no-JavaScript forms and the staff pages), as route hooks.
// Each route declares its guards in its options, in the order they run, so the route reads as its
// chain and no handler has to remember a check:
//   app.post('/inbox/read', { schema, preValidation: [sameOriginForm(url), formToken(), signedInPage(ctx, '/inbox')] }, handler)
// They run in preValidation: the body is parsed by then (the token is a form field) but not yet
// validated, so a refused request learns nothing about the form's shape, and the handler only
// runs for a request every guard let through. The JSON APIs have their own rule (write-guard.ts).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import type { DomainContext } from '../../domain/context.ts';
import { can, type Action, type rules } from '../../domain/policy.ts';
import { requireSameOrigin } from './commenter.ts';
import { requireCsrfToken } from './csrf.ts';
import { signedInUser } from './session.ts';

/** The actions a role alone decides (no resource to look at): the ones a whole page can stand on. */
export type RoleAction = { [A in Action]: Parameters<(typeof rules)[A]>['length'] extends 1 ? A : never }[Action];

export type PageGuard = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

/** The request's path without its query: where a signed-out visitor comes back to. */
const pathOf = (request: FastifyRequest) => request.url.split('?')[0]!;

/** Where a signed-out visitor goes: the sign-in page, coming back to `path` afterwards. */
export function signInRedirect(reply: FastifyReply, path: string) {
  return reply.redirect(`/signin?next=${encodeURIComponent(path)}`, 303);
}

/** A form post must come from this site: another site's Origin is CROSS_SITE_REQUEST (see requireSameOrigin). */
export function sameOriginForm(publicUrl: string | null): PageGuard {
  return async (request) => requireSameOrigin(request, publicUrl);
}

/**
 * The form's `csrf` field must be this browser's token (CSRF_TOKEN_INVALID otherwise; a browser
 * without cookies has none to check, see csrf.ts). The body is not validated yet here: anything
 * but a string field is no token.
 */
export function formToken(): PageGuard {
  return async (request) => {
    const body = request.body;
    requireCsrfToken(request, typeof body === 'object' && body !== null ? (body as Record<string, unknown>).csrf : undefined);
  };
}

/** A signed-in person, or the sign-in page coming back to `next` (by default this route's path). */
export function signedInPage(ctx: DomainContext, next?: string): PageGuard {
  return async (request, reply) => {
    // Memoised per request (session.ts): the handler's own look-up costs nothing more.
    if (await signedInUser(ctx, request)) return;
    return signInRedirect(reply, next ?? pathOf(request));
  };
}

/**
 * A staff page: the signed-out go to sign in and come back here; a signed-in person whose role may
 * not do `action` gets the ROLE_NOT_ALLOWED page with `refusal` as its message.
 */
export function requirePagePermission(ctx: DomainContext, action: RoleAction, refusal: string): PageGuard {
  return async (request, reply) => {
    const user = await signedInUser(ctx, request);
    if (!user) return signInRedirect(reply, pathOf(request));
    if (!can(action, user)) throw new AppError('ROLE_NOT_ALLOWED', refusal);
  };
}
