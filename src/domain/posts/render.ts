import { invalid } from '../../errors.ts';
import type { Db } from '../../storage/db.ts';
import { findMediaByIds } from '../../storage/repos/media.ts';
import type { Media } from '../../storage/schema.ts';
import { mediaIdsIn, renderBody, type RenderedBody } from '../../render/markdown.ts';
import type { PictureMedia } from '../../render/picture.ts';

export function toPictureMedia(media: Media): PictureMedia {
  return { id: media.id, width: media.width, height: media.height, variantWidths: JSON.parse(media.variant_widths) as number[], alt: media.alt };
}

/** Renders a body once, at save time; every `media:ID` it names must exist. */
export async function renderPostBody(db: Db, markdown: string): Promise<RenderedBody> {
  const ids = mediaIdsIn(markdown);
  const found = new Map((await findMediaByIds(db, ids)).map((m) => [m.id, toPictureMedia(m)]));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) throw invalid('bodyMarkdown', `refers to unknown media: ${missing.join(', ')}`);
  return renderBody(markdown, (id) => found.get(id));
}
