// The one rule for writes to the JSON APIs (the admin API and the readers' API), run as a route
// hook so no handler has to remember it. A write that rides on a cookie (session or guest key)
// must be something a page on another site cannot make a browser send:
//   - a same-origin JSON request: `application/json` (a cross-site form cannot send it, and a
//     cross-site fetch of it needs a CORS preflight, which we never grant), Origin same-site if sent;
//   - or PUT / PATCH / DELETE, which also always need that preflight cross-site;
//   - or any request carrying the CSRF token in `x-csrf-token` (the same token the pages' forms carry).
// Anything else (a form-encoded or bodyless POST, with or without Origin) is CSRF_REQUIRED.
// Requests authenticated by `Authorization: Bearer` carry no ambient credential and are not subject
// to it; neither are requests with no cookie at all, which have no identity to abuse.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { requireSameOrigin } from './commenter.ts';
import { csrfTokenOf } from './csrf.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Methods a cross-site page can only send after a CORS preflight (never answered here). */
const PREFLIGHTED_METHODS = new Set(['PUT', 'PATCH', 'DELETE']);
export const CSRF_HEADER = 'x-csrf-token';

const BEARER = /^Bearer\s+\S+$/i;

function isJson(request: FastifyRequest): boolean {
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/json';
}

function hasToken(request: FastifyRequest, expected: string): boolean {
  const header = request.headers[CSRF_HEADER];
  const given = Buffer.from(typeof header === 'string' ? header : '');
  const wanted = Buffer.from(expected);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/** Throws unless this write is safe to act on with the browser's cookies (see the rule above). */
export function requireCookieWrite(request: FastifyRequest, publicUrl: string | null): void {
  if (SAFE_METHODS.has(request.method)) return;
  if (BEARER.test(request.headers.authorization ?? '')) return;
  // A cross-site Origin is refused whatever else the request carries.
  requireSameOrigin(request, publicUrl);
  const token = csrfTokenOf(request);
  if (token === null) return;
  if (isJson(request) || PREFLIGHTED_METHODS.has(request.method) || hasToken(request, token)) return;
  throw new AppError(
    'CSRF_REQUIRED',
    `a change made with this browser's cookies must be sent as application/json from this site, or carry the ${CSRF_HEADER} header`,
    CSRF_HEADER,
  );
}

/**
 * The readers' JSON API: the rule above, and a body (when there is one) must be JSON — a page on
 * another site can send a form cross-site, but not JSON.
 */
export function requireJsonWrite(request: FastifyRequest, publicUrl: string | null): void {
  if (SAFE_METHODS.has(request.method)) return;
  requireSameOrigin(request, publicUrl);
  if (request.body !== undefined && !isJson(request)) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'send the body as application/json', 'content-type');
  }
  // What is left to refuse here: a bodyless POST riding on the cookies.
  requireCookieWrite(request, publicUrl);
}

/** As a route or scope hook (preValidation: after the body is parsed, before it is validated). */
export const cookieWriteHook = (publicUrl: string | null) => async (request: FastifyRequest) => requireCookieWrite(request, publicUrl);
export const jsonWriteHook = (publicUrl: string | null) => async (request: FastifyRequest) => requireJsonWrite(request, publicUrl);
