// Form posts from browsers. A cookie-carrying browser must also send a token in the form: the
// hash of its secret session token (signed in) or guest key, which a page on another site can neither read nor compute
// (signed double-submit, without a server secret to rotate). A browser with no cookie has no
// ambient identity to abuse, so its form post needs only the Origin check.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { guestKeyOf } from './commenter.ts';
import { sessionTokenOf } from './session.ts';

export function csrfTokenFor(guestKey: string): string {
  return createHash('sha256').update(`gazette-csrf:${guestKey}`).digest('base64url');
}

/** The token to put in this reader's forms, or null for a reader without identity (shared cached page). */
export function csrfTokenOf(request: FastifyRequest): string | null {
  const key = sessionTokenOf(request) ?? guestKeyOf(request);
  return key ? csrfTokenFor(key) : null;
}

export function requireCsrfToken(request: FastifyRequest, submitted: unknown): void {
  const expected = csrfTokenOf(request);
  if (expected === null) return;
  const given = Buffer.from(typeof submitted === 'string' ? submitted : '');
  const wanted = Buffer.from(expected);
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
    throw new AppError('CSRF_TOKEN_INVALID', 'this form has expired; reload the page and try again', 'csrf');
  }
}
