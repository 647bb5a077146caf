// One page, one address: the canonical form of an embedded page's URL, so that a page reached
// with a tracking parameter, a fragment, a trailing slash or an upper-case host name still finds
// its thread. The path's case and the order of values under one name are kept: those can matter.
import { invalid } from '../../errors.ts';

/** Query parameters that only say where a visitor came from, never which page it is. */
const TRACKING_PARAMS = new Set([
  'fbclid',
  'gclid',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'yclid',
  'twclid',
  'ttclid',
  'igshid',
  'mc_cid',
  'mc_eid',
  'ref',
  'ref_src',
  'ref_url',
  '_ga',
  '_gl',
  '_hsenc',
  '_hsmi',
  'mkt_tok',
  'vero_id',
  'oly_anon_id',
  'oly_enc_id',
]);

export function isTrackingParam(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith('utm_') || TRACKING_PARAMS.has(lower);
}

/**
 * Lower-case scheme and host, default port dropped, no fragment, trailing slash dropped (except
 * the root "/"), tracking parameters dropped, the others sorted by name. Throws VALIDATION_FAILED
 * (field "url") for anything that is not an absolute http(s) URL.
 */
export function canonicalPageUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw invalid('url', `"${raw.slice(0, 100)}" is not an absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid('url', 'a page URL must start with https:// or http://');
  if (url.username || url.password) throw invalid('url', 'a page URL must not carry a user name or password');
  url.hash = '';
  const kept = new URLSearchParams();
  for (const [name, value] of url.searchParams) if (!isTrackingParam(name)) kept.append(name, value);
  kept.sort();
  const query = kept.toString();
  let path = url.pathname;
  while (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  return `${url.origin}${path}${query ? `?${query}` : ''}`;
}
