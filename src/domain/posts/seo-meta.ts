// A post's search and social metadata: the SEO title and description that search results and link
// previews show instead of the headline and standfirst, the image link previews show, and the
// canonical URL. Each is optional; an empty value clears it (the page falls back to its default).
import { invalid } from '../../errors.ts';
import { isSafeUrl } from '../../render/safe-url.ts';
import type { Db } from '../../storage/db.ts';
import { findMediaById } from '../../storage/repos/media.ts';

export interface SeoMetaInput {
  seoTitle?: string | null;
  seoDescription?: string | null;
  socialMediaId?: string | null;
  canonicalUrl?: string | null;
}

export interface SeoMetaColumns {
  seo_title?: string | null;
  seo_description?: string | null;
  social_media_id?: string | null;
  canonical_url?: string | null;
}

/** Hard limits; the editor hints at what search engines show (about 60 and 155 characters). */
export const SEO_LIMITS = { seoTitle: 200, seoDescription: 500, canonicalUrl: 2000 };

function optionalText(field: keyof typeof SEO_LIMITS, value: string | null | undefined): string | null | undefined {
  if (value === undefined || value === null) return value;
  const trimmed = value.replace(/\s+/g, ' ').trim();
  if (trimmed.length > SEO_LIMITS[field]) throw invalid(field, `must be at most ${SEO_LIMITS[field]} characters`);
  return trimmed || null;
}

function canonicalUrl(value: string | null | undefined): string | null | undefined {
  const url = optionalText('canonicalUrl', value);
  if (!url) return url;
  // The one URL check, and absolute only: a canonical path would be read against whatever host served the page.
  if (!/^https?:/i.test(url) || !isSafeUrl(url, { relative: false })) {
    throw invalid('canonicalUrl', 'must be an absolute address starting with https:// or http://');
  }
  return url;
}

async function socialMedia(db: Db, id: string | null | undefined): Promise<string | null | undefined> {
  if (id === undefined || id === null) return id;
  const trimmed = id.trim();
  if (!trimmed) return null;
  if (!(await findMediaById(db, trimmed))) throw invalid('socialMediaId', `no media item has the id "${trimmed}"`);
  return trimmed;
}

/** The columns to write for the fields given (absent fields stay as they are). */
export async function seoMetaColumns(db: Db, input: SeoMetaInput): Promise<SeoMetaColumns> {
  const columns: SeoMetaColumns = {
    seo_title: optionalText('seoTitle', input.seoTitle),
    seo_description: optionalText('seoDescription', input.seoDescription),
    canonical_url: canonicalUrl(input.canonicalUrl),
    social_media_id: await socialMedia(db, input.socialMediaId),
  };
  return Object.fromEntries(Object.entries(columns).filter(([, value]) => value !== undefined));
}
