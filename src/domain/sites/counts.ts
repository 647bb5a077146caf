// Comment counts for a site's list pages (count.js): by page id and by page URL, in one query per
// kind however many pages are asked about. A URL is matched by its canonical form, the same one
// the embed files its thread under, so "https://Blog.example/post/?utm_source=x" counts the
// thread of "https://blog.example/post".
import { invalid } from '../../errors.ts';
import { countsByPageId, countsByUrl } from '../../storage/repos/site-counts.ts';
import type { DomainContext } from '../context.ts';
import { canonicalPageUrl } from './canonical-url.ts';
import { MAX_PAGE_ID, MAX_PAGE_URL } from './embed-thread.ts';
import type { Site } from './types.ts';

/** Per kind and request: a list page shows a few dozen entries; count.js splits longer lists. */
export const MAX_COUNT_KEYS = 100;
// The embed's own limits: a page it could not have filed cannot have a count either.
export const MAX_PAGE_ID_LENGTH = MAX_PAGE_ID;
export const MAX_PAGE_URL_LENGTH = MAX_PAGE_URL;

export interface PageCounts {
  /** Keyed by the page id as asked; 0 for a page without a thread. */
  pages: Record<string, number>;
  /** Keyed by the URL as asked (not its canonical form), so the caller finds its own key. */
  urls: Record<string, number>;
}

function checkKeys(values: string[], field: string, maxLength: number): string[] {
  const unique = [...new Set(values)];
  if (unique.length > MAX_COUNT_KEYS)
    throw invalid(field, `at most ${MAX_COUNT_KEYS} different values per request (this one has ${unique.length}); ask in several requests`);
  for (const value of unique) {
    if (value.trim().length === 0) throw invalid(field, 'must not be empty');
    if (value.length > maxLength) throw invalid(field, `must be at most ${maxLength} characters (one has ${value.length})`);
  }
  return unique;
}

function canonicalOf(raw: string): string {
  try {
    return canonicalPageUrl(raw);
  } catch {
    throw invalid('url', `"${raw.slice(0, 100)}" is not an absolute http(s) URL`);
  }
}

/**
 * The stored forms a page's thread may have: its canonical URL (threads the embed made, or an
 * import already adopted) and, for a thread a Disqus import made with the link as Disqus gave it,
 * that URL with its trailing slash, which is the one way such links most often differ.
 */
function storedFormsOf(canonical: string): string[] {
  const url = new URL(canonical);
  if (url.pathname === '/' || url.search) return [canonical];
  return [canonical, `${canonical}/`];
}

export async function countsForPages(ctx: DomainContext, site: Site, pageIds: string[], urls: string[]): Promise<PageCounts> {
  const ids = checkKeys(pageIds, 'page', MAX_PAGE_ID_LENGTH);
  const asked = checkKeys(urls, 'url', MAX_PAGE_URL_LENGTH).map((raw) => ({ raw, canonical: canonicalOf(raw) }));

  // Each stored form a thread may have → the canonical URL it stands for.
  const candidates = new Map(asked.flatMap(({ canonical }) => storedFormsOf(canonical).map((form) => [form, canonical] as const)));
  const [byId, urlRows] = await Promise.all([
    // The embed files a page id trimmed; the answer keeps the id as asked.
    countsByPageId(ctx.db, site.name, [...new Set(ids.map((id) => id.trim()))]),
    countsByUrl(ctx.db, [site.name, ...site.origins], [...candidates.keys()]),
  ]);

  // The site's own thread is the one its embed shows; an imported thread not adopted yet stands in for it.
  const byCanonical = new Map<string, { own: boolean; count: number }>();
  for (const row of urlRows) {
    const key = candidates.get(row.url);
    if (key === undefined) continue;
    const own = row.site === site.name;
    const known = byCanonical.get(key);
    if (!known || (own && !known.own) || (own === known.own && row.count > known.count)) byCanonical.set(key, { own, count: row.count });
  }

  // fromEntries makes own properties, so a page called "__proto__" is just a page.
  return {
    pages: Object.fromEntries(ids.map((id) => [id, byId.get(id.trim()) ?? 0])),
    urls: Object.fromEntries(asked.map(({ raw, canonical }) => [raw, byCanonical.get(canonical)?.count ?? 0])),
  };
}
