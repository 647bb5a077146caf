// Single sign-on tokens as a host site would sign them (HS256 with the site's secret), and the
// shortcuts the embed identity tests share.
import { SignJWT, type JWTPayload } from 'jose';

export interface SsoClaims extends JWTPayload {
  id?: string;
  name?: string;
  email?: string;
  avatar?: string;
}

/** A token signed with `secret`; `iat` is `now` and `exp` five minutes later unless the claims say otherwise. */
export async function signSsoToken(secret: string, claims: SsoClaims, now: Date, header: { alg?: string } = {}): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({ iat, exp: iat + 300, ...claims })
    .setProtectedHeader({ alg: header.alg ?? 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(secret));
}

/** An unsigned token (`alg: none`), which must never be accepted. */
export function unsignedToken(claims: SsoClaims): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
}

/** The cookie pairs a response sets, ready for a Cookie header. */
export function cookiesOf(setCookie: string | string[] | undefined): string {
  const list = setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [setCookie];
  return list.map((line) => line.split(';')[0]).join('; ');
}

export const EMBED = { 'x-gazette-embed': '1' } as const;

/** The attributes of one Set-Cookie line (after the name=value pair), as written: `HttpOnly`, `SameSite=None`, … */
export function cookieAttributes(line: string | string[] | undefined): string[] {
  const first = Array.isArray(line) ? line[0] : line;
  return (first ?? '')
    .split(';')
    .slice(1)
    .map((part) => part.trim());
}

export const PARTITIONED = ['HttpOnly', 'Secure', 'SameSite=None', 'Partitioned'];
