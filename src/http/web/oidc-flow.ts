// The OpenID Connect authorization-code flow with openid-client: provider discovery (cached per
// process), the authorization redirect with PKCE (S256), state and nonce, and the callback that
// exchanges the code, verifies the ID token and reads the person's claims.
//
// What the callback must check against (state, nonce, PKCE verifier, where to go next) travels in
// a short-lived cookie signed with the site secret, not in a server-side table: nothing to clean
// up, nothing written for visitors who never come back, and any instance behind a load balancer
// can finish a flow another one started. The cookie is httpOnly, SameSite=Lax (the provider's
// redirect back is a top-level GET, which Lax allows) and scoped to /auth/oidc.
import { createHmac, timingSafeEqual } from 'node:crypto';
import * as client from 'openid-client';
import type { OidcProviderConfig } from '../../config.ts';
import type { OidcSignIn } from '../../domain/users/oidc.ts';

export const OIDC_COOKIE = 'gz_oidc';
export const OIDC_COOKIE_PATH = '/auth/oidc';
/** Time a person has at the provider (log in, consent) before the attempt expires. */
export const PENDING_SECONDS = 10 * 60;
const DISCOVERY_TIMEOUT_SECONDS = 10;

export interface PendingSignIn {
  provider: string;
  state: string;
  nonce: string;
  verifier: string;
  next: string;
  /** Epoch milliseconds on the site's clock. */
  expires: number;
}

const mac = (secret: string, body: string) => createHmac('sha256', secret).update(`gazette-oidc-pending\0${body}`).digest('base64url');

export function sealPending(secret: string, pending: PendingSignIn): string {
  const body = Buffer.from(JSON.stringify(pending)).toString('base64url');
  return `${body}.${mac(secret, body)}`;
}

/** The pending sign-in in the cookie, or null when it is missing, forged, altered or expired. */
export function openPending(secret: string, sealed: string | null, nowMs: number): PendingSignIn | null {
  if (!sealed) return null;
  const [body, signature, ...rest] = sealed.split('.');
  if (!body || !signature || rest.length > 0) return null;
  const expected = Buffer.from(mac(secret, body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  let pending: PendingSignIn;
  try {
    pending = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as PendingSignIn;
  } catch {
    return null;
  }
  return typeof pending.expires === 'number' && pending.expires > nowMs ? pending : null;
}

export interface OidcClients {
  providers: readonly OidcProviderConfig[];
  find(id: string): OidcProviderConfig | undefined;
  /** The provider's discovered configuration: fetched on first use, kept for the process, fetched again after a failure. */
  configuration(provider: OidcProviderConfig): Promise<client.Configuration>;
}

export function createOidcClients(providers: readonly OidcProviderConfig[]): OidcClients {
  const discovered = new Map<string, Promise<client.Configuration>>();
  const discover = (provider: OidcProviderConfig) => {
    const auth = provider.clientSecret ? client.ClientSecretBasic(provider.clientSecret) : client.None();
    // Plain http is only accepted by config for an issuer on this machine (development and tests).
    const insecure = new URL(provider.issuer).protocol === 'http:';
    return client.discovery(new URL(provider.issuer), provider.clientId, undefined, auth, {
      execute: insecure ? [client.allowInsecureRequests] : [],
      timeout: DISCOVERY_TIMEOUT_SECONDS,
    });
  };
  return {
    providers,
    find: (id) => providers.find((p) => p.id === id),
    configuration(provider) {
      let pending = discovered.get(provider.id);
      if (!pending) {
        pending = discover(provider);
        discovered.set(provider.id, pending);
        pending.catch(() => {
          if (discovered.get(provider.id) === pending) discovered.delete(provider.id);
        });
      }
      return pending;
    },
  };
}

/** The provider's authorization URL and what the callback must check the answer against. */
export async function beginSignIn(
  configuration: client.Configuration,
  input: { provider: OidcProviderConfig; redirectUri: string; next: string; expires: number },
): Promise<{ url: URL; pending: PendingSignIn }> {
  const verifier = client.randomPKCECodeVerifier();
  const pending: PendingSignIn = {
    provider: input.provider.id,
    state: client.randomState(),
    nonce: client.randomNonce(),
    verifier,
    next: input.next,
    expires: input.expires,
  };
  const url = client.buildAuthorizationUrl(configuration, {
    redirect_uri: input.redirectUri,
    scope: input.provider.scopes,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state: pending.state,
    nonce: pending.nonce,
  });
  return { url, pending };
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value.trim() : null);

function nameOf(claims: Record<string, unknown>): string | null {
  const full = text(claims.name);
  if (full) return full;
  const parts = [text(claims.given_name), text(claims.family_name)].filter(Boolean).join(' ');
  return parts || text(claims.preferred_username) || text(claims.nickname);
}

/**
 * Checks the provider's answer (state, issuer), exchanges the code with the PKCE verifier,
 * verifies the ID token (signature, audience, nonce) and returns who signed in. Email and name
 * come from the ID token, or from the UserInfo endpoint when the ID token leaves them out.
 */
export async function finishSignIn(configuration: client.Configuration, callbackUrl: URL, pending: PendingSignIn): Promise<OidcSignIn> {
  const tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
    pkceCodeVerifier: pending.verifier,
    expectedState: pending.state,
    expectedNonce: pending.nonce,
    idTokenExpected: true,
  });
  const idToken = tokens.claims();
  if (!idToken) throw new Error('the provider returned no ID token');
  let claims: Record<string, unknown> = { ...idToken };
  if ((!text(claims.email) || !nameOf(claims)) && configuration.serverMetadata().userinfo_endpoint) {
    const userInfo = await client.fetchUserInfo(configuration, tokens.access_token, idToken.sub);
    claims = { ...userInfo, ...idToken };
  }
  // Some providers send email_verified as the string "true".
  const verified = claims.email_verified === true || claims.email_verified === 'true';
  return { provider: pending.provider, subject: idToken.sub, email: text(claims.email), emailVerified: verified, name: nameOf(claims) };
}
