// Single sign-on for an embedding site (issue 15): the site signs a short-lived JWT with its own
// secret (HS256 only; the algorithm is pinned, so `none` or a public-key algorithm is refused),
// and the person comments as themselves under a site-scoped account. Such an account is keyed by
// (site, subject), has no password and an address no mail reaches (users.email is made up; what
// the site said is kept in sso_email), so it never collides with, and can never be signed into
// as, a Gazette account of the same address. Each token signs in once.
import { createHash } from 'node:crypto';
import { errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { AppError } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { inTransaction } from '../../storage/db.ts';
import * as identityRepo from '../../storage/repos/embed-identity.ts';
import * as usersRepo from '../../storage/repos/users.ts';
import type { User } from '../../storage/schema.ts';
import { isSafeUrl } from '../../render/safe-url.ts';
import type { DomainContext } from '../context.ts';
import { slugify } from '../slug.ts';
import { sanitiseName } from '../users/display-name.ts';
import { siteSsoSecret } from './sites.ts';

/** A token lives at most this long (exp − iat, or exp − now without iat). */
export const SSO_MAX_LIFETIME_SECONDS = 600;
/** Clocks of the site and of Gazette may differ a little. */
const CLOCK_TOLERANCE_SECONDS = 30;
export const MAX_SSO_TOKEN_LENGTH = 8000;
const MAX_SUBJECT = 200;
const MAX_NAME = 80;
const MAX_EMAIL = 320;
const MAX_AVATAR = 2000;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface SsoIdentity {
  subject: string;
  name: string;
  email: string | null;
  /** An https image URL, or null when the site gave none or an unsafe one (dropped, not refused). */
  avatarUrl: string | null;
  /** Seconds since the epoch. */
  expiresAt: number;
  jti: string | null;
}

const invalidToken = (message: string) => new AppError('SSO_TOKEN_INVALID', message, 'token');

function stringClaim(payload: JWTPayload, claim: string, max: number): string | null {
  const value = payload[claim];
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' && Number.isFinite(value) && claim !== 'name') return String(value);
  if (typeof value !== 'string') throw invalidToken(`the "${claim}" claim must be a string`);
  if (value.length > max) throw invalidToken(`the "${claim}" claim must be at most ${max} characters`);
  return value;
}

/** The claims of a verified token, checked one by one so the refusal names the claim at fault. */
export function identityFromClaims(payload: JWTPayload, nowSeconds: number): SsoIdentity {
  const subject = stringClaim(payload, 'sub', MAX_SUBJECT) ?? stringClaim(payload, 'id', MAX_SUBJECT);
  if (!subject || !subject.trim()) throw invalidToken('the "sub" (or "id") claim is required: the site\'s own id for the person');
  const rawName = stringClaim(payload, 'name', 200);
  if (!rawName || !rawName.trim()) throw invalidToken('the "name" claim is required: the name to show on comments');
  const name = sanitiseName(rawName, '', MAX_NAME);
  if (!name) throw invalidToken('the "name" claim has nothing that can be shown as a name (or reads as a staff title)');
  const email = stringClaim(payload, 'email', MAX_EMAIL);
  if (email !== null && !EMAIL.test(email)) throw invalidToken('the "email" claim is not an email address');
  const avatar = stringClaim(payload, 'avatar', MAX_AVATAR);
  const avatarUrl = avatar && /^https:\/\//i.test(avatar) && isSafeUrl(avatar, { kind: 'image', relative: false }) ? avatar : null;
  const exp = payload.exp;
  if (typeof exp !== 'number') throw invalidToken('the "exp" claim is required: seconds since the epoch, at most 10 minutes ahead');
  const issuedAt = typeof payload.iat === 'number' ? payload.iat : nowSeconds;
  if (payload.iat !== undefined && typeof payload.iat !== 'number') throw invalidToken('the "iat" claim must be a number');
  if (issuedAt > nowSeconds + CLOCK_TOLERANCE_SECONDS) throw invalidToken('the "iat" claim is in the future');
  if (exp - issuedAt > SSO_MAX_LIFETIME_SECONDS)
    throw invalidToken(
      `the "exp" claim is more than ${SSO_MAX_LIFETIME_SECONDS / 60} minutes after "iat" (or now): sign short-lived tokens`,
    );
  const jti = stringClaim(payload, 'jti', MAX_SUBJECT);
  return { subject: subject.trim(), name, email: email?.toLowerCase() ?? null, avatarUrl, expiresAt: exp, jti };
}

/** Verifies the signature (HS256 with the site's secret) and the claims; refuses with a code that says why. */
export async function verifySsoToken(secret: string, token: string, now: Date): Promise<SsoIdentity> {
  if (!token || token.length > MAX_SSO_TOKEN_LENGTH) throw invalidToken(`the token must be 1 to ${MAX_SSO_TOKEN_LENGTH} characters`);
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ['HS256'],
      currentDate: now,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ['exp'],
    }));
  } catch (error) {
    throw refusalFor(error);
  }
  return identityFromClaims(payload, Math.floor(now.getTime() / 1000));
}

function refusalFor(error: unknown): AppError {
  if (error instanceof joseErrors.JWTExpired)
    return new AppError('SSO_TOKEN_EXPIRED', 'the sign-on token has expired: sign a fresh one', 'token');
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    const claim = error.claim;
    return claim === 'exp' && error.reason === 'missing'
      ? invalidToken('the "exp" claim is required: seconds since the epoch, at most 10 minutes ahead')
      : invalidToken(`the "${claim}" claim is not valid: ${error.message}`);
  }
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return invalidToken('the token must be signed with HS256 (the "alg" header)');
  if (error instanceof joseErrors.JWSSignatureVerificationFailed)
    return invalidToken("the token's signature does not match the site's secret");
  return invalidToken('the token is not a well-formed JWT (header.payload.signature, base64url)');
}

/** The key under which a used token is remembered: its jti, else the whole token, per site. */
function useKey(site: string, token: string, identity: SsoIdentity): string {
  const part = identity.jti ? `jti:${identity.jti}` : `token:${token}`;
  return createHash('sha256').update(`gazette-sso:${site}:${part}`).digest('hex');
}

/**
 * Signs in with a site's token: verifies it, refuses it if seen before, and returns the site-scoped
 * account, made on first sign-in and brought up to date (name, address, avatar) on every later one.
 */
export async function signInWithSso(ctx: DomainContext, siteName: string, token: string): Promise<User> {
  const secret = await siteSsoSecret(ctx, siteName);
  const now = ctx.clock.now();
  const identity = await verifySsoToken(secret, token, now);
  return inTransaction(ctx.db, async (db) => {
    const nowIso = now.toISOString();
    await identityRepo.pruneSsoTokenUses(db, nowIso);
    const fresh = await identityRepo.recordSsoTokenUse(db, {
      tokenHash: useKey(siteName, token, identity),
      site: siteName,
      // Remembered until it would be refused as expired anyway.
      expiresAt: new Date((identity.expiresAt + CLOCK_TOLERANCE_SECONDS) * 1000).toISOString(),
    });
    if (!fresh) throw new AppError('SSO_TOKEN_REPLAYED', 'this sign-on token was used already: sign a new one for each sign-in', 'token');

    const known = await identityRepo.findSsoUser(db, siteName, identity.subject);
    const details = { display_name: identity.name, sso_email: identity.email, sso_avatar_url: identity.avatarUrl };
    if (known) {
      const changed = (Object.keys(details) as (keyof typeof details)[]).some((key) => known[key] !== details[key]);
      if (!changed) return known;
      await usersRepo.updateUser(db, known.id, { ...details, updated_at: nowIso });
      return { ...known, ...details, updated_at: nowIso };
    }
    return createSsoAccount(db, siteName, identity, nowIso);
  });
}

async function createSsoAccount(db: DomainContext['db'], site: string, identity: SsoIdentity, now: string): Promise<User> {
  const id = newId();
  // The site's name in the slug keeps its people's profile addresses apart from Gazette's own.
  const base = slugify(`${site} ${identity.name}`);
  let slug = base;
  for (let n = 2; await usersRepo.findUserBySlug(db, slug); n++) slug = `${base}-${n}`;
  const user: User = {
    id,
    // .invalid never resolves (RFC 2606): no mail goes there, and no one can type it to sign in.
    email: `sso-${id.toLowerCase()}@${site}.invalid`,
    display_name: identity.name,
    slug,
    bio: '',
    role: 'reader',
    password_hash: null,
    avatar_media_id: null,
    // The site vouches for the person; the address is made up, so nothing is mailed to it.
    email_verified_at: now,
    deleted_at: null,
    email_on_reply: 0,
    email_on_mention: 0,
    email_on_moderation: 0,
    created_at: now,
    updated_at: now,
    sso_site: site,
    sso_subject: identity.subject,
    sso_email: identity.email,
    sso_avatar_url: identity.avatarUrl,
  };
  await usersRepo.insertUser(db, user);
  return user;
}
