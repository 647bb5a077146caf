// Who is commenting, from the request: an API token or a signed-in session makes an account
// commenter; otherwise the browser's guest key cookie (made on first need) makes a guest. State-changing browser requests
// must come from this site (Origin check); JSON bodies cannot be sent cross-site without CORS,
// and form posts carry a token (see csrf.ts).
import { randomBase64Url } from '../../ids.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { siteUrl } from '../site-url.ts';
import type { DomainContext } from '../../domain/context.ts';
import { userForToken } from '../../domain/users/accounts.ts';
import { hashGuestKey, type Commenter } from '../../domain/comments/commenter.ts';
import { signedInUser } from './session.ts';
import { readCookie, setBrowserCookie } from './cookies.ts';

export const GUEST_COOKIE = 'gz_guest';
const ONE_YEAR = 365 * 24 * 3600;

const GUEST_KEY = /^[A-Za-z0-9_-]{32,64}$/;

export function guestKeyOf(request: FastifyRequest): string | null {
  const key = readCookie(request, GUEST_COOKIE);
  return key && GUEST_KEY.test(key) ? key : null;
}

/** Refuses a browser request whose Origin is another site. Requests without Origin (curl, old browsers) pass here; write-guard.ts then asks them for JSON or a token. */
export function requireSameOrigin(request: FastifyRequest, publicUrl: string | null): void {
  const origin = request.headers.origin;
  if (origin === undefined) return;
  // Both sides go through URL so default ports compare equal (`example.com` = `example.com:443`).
  const hostOf = (value: string) => {
    try {
      return new URL(value).host;
    } catch {
      return null;
    }
  };
  const expected = hostOf(siteUrl(publicUrl, request));
  const host = hostOf(origin);
  if (host === null || host !== expected)
    throw new AppError('CROSS_SITE_REQUEST', 'cross-site requests may not change anything here', 'origin');
}

export async function resolveCommenter(
  ctx: DomainContext,
  request: FastifyRequest,
  reply: FastifyReply,
  options: { createGuest: boolean },
): Promise<Commenter | null> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  if (bearer) {
    const user = await userForToken(ctx, bearer[1]!);
    if (!user) throw new AppError('TOKEN_INVALID', 'the API token is unknown or revoked', 'authorization');
    return { kind: 'account', id: user.id, role: user.role, name: user.display_name, slug: user.slug, createdAt: user.created_at };
  }
  const user = await signedInUser(ctx, request);
  if (user) return { kind: 'account', id: user.id, role: user.role, name: user.display_name, slug: user.slug, createdAt: user.created_at };
  let key = guestKeyOf(request);
  if (!key) {
    if (!options.createGuest) return null;
    key = randomBase64Url(24);
    setBrowserCookie(request, reply, { name: GUEST_COOKIE, value: key, maxAge: ONE_YEAR });
  }
  return { kind: 'guest', keyHash: hashGuestKey(key) };
}
