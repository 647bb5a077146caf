// Cookies go through @fastify/cookie: one parser (a malformed value reads as itself instead of
// throwing, so a bad `%` in a cookie is never a 500) and one writer that appends Set-Cookie
// headers, so a response that both signs a browser in and gives it a guest key keeps both.
// Every cookie Gazette sets is httpOnly and SameSite=Lax, and Secure whenever the request came
// over HTTPS (directly or through a trusted proxy) — except in the embed (below).
//
// The embed frame is Gazette inside another site's page: its cookies are third-party, and a browser
// that blocks those (Safari, Firefox, Chromium when told to) drops Lax ones there. So responses to
// the frame's requests set cookies `SameSite=None; Secure; Partitioned` (CHIPS): the browser keeps
// them, even with third-party cookies blocked, in a jar keyed by the host page's site, so a cookie
// set under blog.example is never sent when evil.example frames Gazette. Browsers count
// http://localhost and 127.0.0.1 as secure, so Secure cookies work there over plain http too.
// What still stops a cross-site write riding on a SameSite=None cookie: the Origin check and the
// JSON-or-token rule (write-guard.ts, csrf.ts), which never depended on SameSite.
//
// The frame's cookies also have names of their own (gz_session → gz_embed_session, see
// embedCookieName), and a frame request reads only those. When the host page is same-site with
// Gazette (blog.example and comments.example, or two ports of localhost) the browser sends the
// first-party Lax cookies to the frame too, and partitioned cookies set in the frame reach
// Gazette's own pages: under one name, signing in or out in the frame would end the reader's
// session on Gazette itself, and either side could read the other's dead cookie first.
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export async function registerCookies(app: FastifyInstance): Promise<void> {
  await app.register(cookie);
}

/** The name a cookie has in the embed frame's own jar: `gz_session` → `gz_embed_session`. */
export function embedCookieName(name: string): string {
  return `gz_embed_${name.replace(/^gz_/, '')}`;
}

/** The cookie's name for this request: the frame's own (embedCookieName) on a frame request. */
function cookieNameFor(request: FastifyRequest, name: string): string {
  return isEmbedRequest(request) ? embedCookieName(name) : name;
}

/** A cookie Gazette set; on a frame request, only the frame's own (a first-party one is ignored there). */
export function readCookie(request: FastifyRequest, name: string): string | null {
  return request.cookies[cookieNameFor(request, name)] ?? null;
}

export interface BrowserCookie {
  name: string;
  value: string;
  /** Seconds; 0 removes the cookie. */
  maxAge: number;
  path?: string;
}

/** Header the comments client sends on every API request when it runs inside the embed frame. */
export const EMBED_HEADER = 'x-gazette-embed';

/**
 * The sign-in popup's pages (embed-identity-routes.ts): under /embed/, but top-level first-party
 * pages, which must see the reader's own Gazette session to hand it to the frame.
 */
const POPUP_PAGES = new Set(['/embed/sign-in', '/embed/signed-in']);

/**
 * Whether this request comes from the embed frame: the frame's own documents (under /embed/,
 * but for the sign-in popup's pages), the comments client inside it (the x-gazette-embed header
 * on fetches, `embed=1` on its EventSource URL, which cannot carry headers). Only which cookies
 * are read and how they are set follow from this, never a permission: a request that lies reads
 * and gets the frame's partitioned cookies, which is no help to it.
 */
export function isEmbedRequest(request: FastifyRequest): boolean {
  // Every cookie read and write asks (several times in a comment's POST): decided once per request.
  let embed = embedRequests.get(request);
  if (embed === undefined) embedRequests.set(request, (embed = fromTheFrame(request)));
  return embed;
}

const embedRequests = new WeakMap<FastifyRequest, boolean>();

function fromTheFrame(request: FastifyRequest): boolean {
  const [path, query = ''] = request.url.split('?', 2) as [string, string?];
  if (path.startsWith('/embed/')) return !POPUP_PAGES.has(path);
  if (request.headers[EMBED_HEADER] === '1') return true;
  return query.includes('embed=') && new URLSearchParams(query).get('embed') === '1';
}

/** The attributes of every cookie Gazette sets, decided in this one place. */
export function cookieAttributesFor(request: FastifyRequest): { sameSite: 'lax' | 'none'; secure: boolean; partitioned: boolean } {
  if (isEmbedRequest(request)) return { sameSite: 'none', secure: true, partitioned: true };
  return { sameSite: 'lax', secure: request.protocol === 'https', partitioned: false };
}

export function setBrowserCookie(request: FastifyRequest, reply: FastifyReply, { name, value, maxAge, path = '/' }: BrowserCookie): void {
  const { partitioned, ...attributes } = cookieAttributesFor(request);
  reply.setCookie(cookieNameFor(request, name), value, {
    path,
    maxAge,
    httpOnly: true,
    ...attributes,
    ...(partitioned ? { partitioned: true } : {}),
  });
}
