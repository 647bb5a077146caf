// Cookies go through @fastify/cookie: one parser (a malformed value reads as itself instead of
// throwing, so a bad `%` in a cookie is never a 500) and one writer that appends Set-Cookie
// headers, so a response that both signs a browser in and gives it a guest key keeps both.
// Every cookie Gazette sets is httpOnly and SameSite=Lax, and Secure whenever the request came
// over HTTPS (directly or through a trusted proxy).
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export async function registerCookies(app: FastifyInstance): Promise<void> {
  await app.register(cookie);
}

export function readCookie(request: FastifyRequest, name: string): string | null {
  return request.cookies[name] ?? null;
}

export interface BrowserCookie {
  name: string;
  value: string;
  /** Seconds; 0 removes the cookie. */
  maxAge: number;
  path?: string;
}

export function setBrowserCookie(request: FastifyRequest, reply: FastifyReply, { name, value, maxAge, path = '/' }: BrowserCookie): void {
  reply.setCookie(name, value, { path, maxAge, httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https' });
}
