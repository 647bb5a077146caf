// The browser's session: an httpOnly, SameSite=Lax cookie (Secure over HTTPS) holding a random
// token. The signed-in user is looked up once per request, and only when something asks. In the
// embed frame the session is the frame's own partitioned cookie, under a name of its own
// (cookies.ts): starting or ending it there never touches the reader's session on Gazette.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import type { DomainContext } from '../../domain/context.ts';
import { createSession, endSession, SESSION_DAYS, userForSession } from '../../domain/users/sessions.ts';
import type { User } from '../../domain/records.ts';
import { guestKeyOf } from './commenter.ts';
import { readCookie, setBrowserCookie } from './cookies.ts';
import { hashGuestKey } from '../../domain/comments/commenter.ts';
import { claimGuestCommentsOfBrowser } from '../../domain/users/guest-claim.ts';

export const SESSION_COOKIE = 'gz_session';

const looked = new WeakMap<FastifyRequest, Promise<User | null>>();
// A session started during this request: the page answering it already belongs to the new session.
const started = new WeakMap<FastifyRequest, string | null>();

export function sessionTokenOf(request: FastifyRequest): string | null {
  return started.has(request) ? started.get(request)! : readCookie(request, SESSION_COOKIE);
}

/** The signed-in person, or null. Memoised per request. */
export function signedInUser(ctx: DomainContext, request: FastifyRequest): Promise<User | null> {
  let found = looked.get(request);
  if (!found) {
    const token = sessionTokenOf(request);
    found = token ? userForSession(ctx, token).then((s) => s?.user ?? null) : Promise.resolve(null);
    looked.set(request, found);
  }
  return found;
}

export async function requireSignedIn(ctx: DomainContext, request: FastifyRequest): Promise<User> {
  const user = await signedInUser(ctx, request);
  if (!user) throw new AppError('UNAUTHENTICATED', 'sign in first');
  return user;
}

/**
 * Signs the browser in as `userId`. Whatever session the browser had is ended first and a new
 * token issued (rotation): a token planted before login is worthless after it. Every way of
 * signing in passes here, so this is where the comments this browser left as a guest (its guest
 * key cookie) under the account's address become the account's; returns how many did.
 */
export async function startBrowserSession(
  ctx: DomainContext,
  request: FastifyRequest,
  reply: FastifyReply,
  userId: string,
): Promise<number> {
  const previous = sessionTokenOf(request);
  if (previous) await endSession(ctx, previous);
  const token = await createSession(ctx, userId, { userAgent: request.headers['user-agent'] ?? null, ip: request.ip });
  setBrowserCookie(request, reply, { name: SESSION_COOKIE, value: token, maxAge: SESSION_DAYS * 24 * 3600 });
  started.set(request, token);
  looked.delete(request);
  const guestKey = guestKeyOf(request);
  return claimGuestCommentsOfBrowser(ctx, userId, guestKey ? hashGuestKey(guestKey) : null);
}

export async function endBrowserSession(ctx: DomainContext, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const token = sessionTokenOf(request);
  if (token) await endSession(ctx, token);
  setBrowserCookie(request, reply, { name: SESSION_COOKIE, value: '', maxAge: 0 });
  started.set(request, null);
  looked.delete(request);
}
