import { AppError, invalid } from '../../errors.ts';
import type { Db } from '../../storage/db.ts';
import { findMediaByIds } from '../../storage/repos/media.ts';
import type { Media } from '../../storage/schema.ts';
import { mediaIdsIn, renderBody, type RenderedBody } from '../../render/markdown.ts';
import type { PictureMedia } from '../../render/picture.ts';

export function toPictureMedia(media: Media): PictureMedia {
  return {
    id: media.id,
    width: media.width,
    height: media.height,
    variantWidths: JSON.parse(media.variant_widths) as number[],
    alt: media.alt,
  };
}

export interface RenderPostOptions {
  /**
   * 'refuse' (the default, for authors saving) fails on a URL that does not pass the URL check;
   * 'drop' (for imports of someone else's archive) keeps the body with those URLs left out.
   */
  unsafeUrls?: 'refuse' | 'drop';
}

/** What a body's URLs may be, said wherever one is refused. */
export const ALLOWED_URLS = 'links may use http(s), mailto or a path on this site, images https or media:ID';

/** Renders a body once, at save time; every `media:ID` it names must exist, every URL must be safe. */
export async function renderPostBody(db: Db, markdown: string, options: RenderPostOptions = {}): Promise<RenderedBody> {
  const ids = mediaIdsIn(markdown);
  const found = new Map((await findMediaByIds(db, ids)).map((m) => [m.id, toPictureMedia(m)]));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) throw invalid('bodyMarkdown', `refers to unknown media: ${missing.join(', ')}`);
  const rendered = renderBody(markdown, (id) => found.get(id));
  const [first] = rendered.unsafeUrls;
  if (first !== undefined && options.unsafeUrls !== 'drop') {
    const shown = JSON.stringify(first.length > 80 ? `${first.slice(0, 80)}…` : first);
    throw new AppError('UNSAFE_URL', `contains a URL that is not allowed: ${shown}; ${ALLOWED_URLS}`, 'bodyMarkdown');
  }
  return rendered;
}
