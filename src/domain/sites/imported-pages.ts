// Where an imported external page's thread is filed: under the registered site that has the
// page's origin (by name, with the canonical URL, as the embed looks it up), else under the
// origin itself until such a site is registered (registerSite then brings it in).
import { canonicalPageUrl } from './canonical-url.ts';
import type { Site } from './types.ts';

export function pageForSite(sites: readonly Site[], page: { site: string | null; url: string }): { site: string | null; url: string } {
  if (!page.site) return page;
  const site = sites.find((s) => s.origins.includes(page.site!));
  if (!site) return page;
  try {
    return { site: site.name, url: canonicalPageUrl(page.url) };
  } catch {
    return { site: site.name, url: page.url };
  }
}
