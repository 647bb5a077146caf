// Origins as a site registers them and as browsers send them: scheme, lower-case host and a
// non-default port, nothing else. Comparing normalised strings is then exact.
import { invalid } from '../../errors.ts';
import type { Site } from './types.ts';

export const MAX_ORIGIN_LENGTH = 300;

/** "https://Blog.Example/" -> "https://blog.example"; refuses other schemes, paths, queries and user names. */
export function normaliseOrigin(raw: string, field: string): string {
  const text = raw.trim();
  if (!text) throw invalid(field, 'an origin is required, like https://blog.example');
  if (text.length > MAX_ORIGIN_LENGTH) throw invalid(field, `an origin is at most ${MAX_ORIGIN_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid(field, `"${text}" is not an origin like https://blog.example`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid(field, 'an origin must start with https:// or http://');
  if (url.username || url.password) throw invalid(field, 'an origin must not carry a user name or password');
  if (url.pathname !== '/' || url.search || url.hash || /^[a-z]+:\/\/[^/]+\/./i.test(text))
    throw invalid(field, 'an origin is scheme and host only (no path, query or fragment), like https://blog.example');
  if (!url.hostname) throw invalid(field, 'an origin needs a host name');
  // URL already lower-cases the host and drops a default port.
  return url.origin;
}

/** Whether a request's Origin (as the browser sent it) is one of the site's; a missing or "null" origin never is. */
export function isAllowedOrigin(site: Site, origin: string | null): boolean {
  if (!origin || origin === 'null') return false;
  let normal: string;
  try {
    normal = normaliseOrigin(origin, 'origin');
  } catch {
    return false;
  }
  return site.origins.includes(normal);
}
