// The link-preview image of an article: a 1200×630 JPEG cut from its lead image around the
// post's focal point (Facebook, LinkedIn and X all show 1.91:1). Made with sharp on the first
// request and kept beside the media's other files, named after the focal point, so a moved focal
// point is a new URL and every file can be cached forever. Only points some post has chosen are
// made: otherwise anyone could fill the disk with 101×101 crops of every image.
import fs from 'node:fs/promises';
import { findMediaById } from '../../storage/repos/media.ts';
import { isLeadFocusInUse } from '../../storage/repos/lead-focus.ts';
import type { DomainContext } from '../context.ts';
import type { FocalPoint } from '../posts/lead-image.ts';
import { imageQueue } from './image-queue.ts';
import { loadSharp } from './images.ts';

export const SOCIAL_CROP = { width: 1200, height: 630 } as const;

export const socialCropFile = (focus: FocalPoint) => `social-x${focus.x}-y${focus.y}.jpg`;

export interface CropBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * The largest box of the target's shape inside the image, centred on the focal point as far as
 * the edges allow (a point near an edge gives a box against that edge).
 */
export function cropAround(image: { width: number; height: number }, focus: FocalPoint, target = SOCIAL_CROP): CropBox {
  const ratio = target.width / target.height;
  const width = Math.min(image.width, Math.round(image.height * ratio));
  const height = Math.min(image.height, Math.round(width / ratio));
  const place = (size: number, box: number, percent: number) =>
    Math.min(size - box, Math.max(0, Math.round((percent / 100) * size - box / 2)));
  return { left: place(image.width, width, focus.x), top: place(image.height, height, focus.y), width, height };
}

/**
 * The path of the crop's file, made now if it is not there yet; null when the media item does
 * not exist or no post uses this focal point with it.
 */
export async function socialCropPath(
  ctx: Pick<DomainContext, 'db' | 'mediaFiles'>,
  mediaId: string,
  focus: FocalPoint,
): Promise<string | null> {
  const file = socialCropFile(focus);
  const target = ctx.mediaFiles.pathFor(mediaId, file);
  if (
    await fs.stat(target).then(
      (s) => s.isFile(),
      () => false,
    )
  )
    return target;
  const [media, used] = await Promise.all([findMediaById(ctx.db, mediaId), isLeadFocusInUse(ctx.db, mediaId, focus.x, focus.y)]);
  if (!media || !used) return null;
  // The largest JPEG rendition is already upright and at most 1920 wide: enough for 1200×630.
  const widths = JSON.parse(media.variant_widths) as number[];
  const source = await fs.readFile(ctx.mediaFiles.pathFor(mediaId, `w${Math.max(...widths)}.jpg`));
  const sharp = await loadSharp();
  const bytes = await imageQueue.run(async () => {
    const { width = 0, height = 0 } = await sharp(source).metadata();
    return sharp(source)
      .extract(cropAround({ width, height }, focus))
      .resize(SOCIAL_CROP.width, SOCIAL_CROP.height, { fit: 'fill' })
      .jpeg({ quality: 82, progressive: true })
      .toBuffer();
  });
  await ctx.mediaFiles.write(mediaId, file, bytes);
  return target;
}
