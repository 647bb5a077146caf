// Profile pictures: an upload is checked like any image (header first, pixel limit), cropped to a
// square around its centre and rendered once at 64/128/256 px as WebP and JPEG. The original is
// not kept (it may carry camera metadata, and nothing shows it). The files sit in the media store
// with a media row, so backups carry them and /media/ID/FILE serves them immutably.
import { createHash } from 'node:crypto';
import { AppError, invalid } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { AVATAR_SIZES } from '../../render/avatar.ts';
import { inTransaction } from '../../storage/db.ts';
import { insertMedia } from '../../storage/repos/media.ts';
import { deleteAvatarMedia } from '../../storage/repos/profiles.ts';
import * as usersRepo from '../../storage/repos/users.ts';
import type { Media, User } from '../../storage/schema.ts';
import type { DomainContext } from '../context.ts';
import { decodeResized, fromRaw, inspectImage, loadSharp, type PixelLimit } from '../media/images.ts';
import { imageQueue } from '../media/image-queue.ts';

export interface AvatarFile {
  size: number;
  format: 'webp' | 'jpg';
  bytes: Buffer;
}

/**
 * Avatars are shown at 256 px at most, so a picture needs few pixels: 16 MP takes any phone's
 * ordinary photo (12 MP) and refuses the decompression-bomb sizes (a 154 KB, 6300×6300 PNG took
 * seconds and 300 MB to render) from the header, before anything is decoded.
 */
export const AVATAR_PIXEL_LIMIT: PixelLimit = { maxPixels: 16_000_000, what: 'an avatar' };

/** Pure rendering: every size in both formats, square, metadata dropped. */
export async function renderAvatar(bytes: Buffer): Promise<AvatarFile[]> {
  if (bytes.length === 0) throw invalid('file', 'is empty');
  await inspectImage(bytes, AVATAR_PIXEL_LIMIT);
  const largest = Math.max(...AVATAR_SIZES);
  return imageQueue.run(async () => {
    // Decoded once: rotated by its EXIF orientation (so the crop is of the picture as it is seen),
    // cropped square around the centre at the largest size; the smaller sizes come from those pixels.
    const square = await decodeResized(
      bytes,
      { width: largest, height: largest, fit: 'cover', position: 'centre' },
      AVATAR_PIXEL_LIMIT.maxPixels,
    );
    const sharp = await loadSharp();
    const files: AvatarFile[] = [];
    for (const size of AVATAR_SIZES) {
      const sized = () => fromRaw(sharp, square).resize(size, size);
      files.push({ size, format: 'webp', bytes: await sized().webp({ quality: 82, effort: 3 }).toBuffer() });
      files.push({ size, format: 'jpg', bytes: await sized().flatten({ background: '#ffffff' }).jpeg({ quality: 84 }).toBuffer() });
    }
    return files;
  });
}

const fileName = (file: AvatarFile) => `w${file.size}.${file.format}`;

type Ctx = Pick<DomainContext, 'db' | 'clock' | 'events' | 'mediaFiles'>;

/** Replaces the person's picture: new files first, then (one transaction) the new row in, the old row out; the old files last. */
export async function setAvatar(ctx: Ctx, user: User, upload: Buffer): Promise<User> {
  if (user.deleted_at !== null) throw new AppError('NOT_FOUND', 'this account no longer exists');
  const files = await renderAvatar(upload);
  const now = ctx.clock.now();
  const id = newId(now.getTime());
  const largest = files.find((f) => f.size === 256 && f.format === 'jpg')!;
  const media: Media = {
    id,
    original_name: 'avatar',
    mime: 'image/jpeg',
    width: 256,
    height: 256,
    bytes: largest.bytes.length,
    // Never deduplicated: each avatar belongs to one person and is removed with them.
    sha256: createHash('sha256').update(`avatar:${id}:`).update(largest.bytes).digest('hex'),
    alt: '',
    variant_widths: JSON.stringify([...AVATAR_SIZES]),
    uploaded_by: user.id,
    created_at: now.toISOString(),
  };
  let previous: string | null = null;
  try {
    for (const file of files) await ctx.mediaFiles.write(id, fileName(file), file.bytes);
    previous = await inTransaction(ctx.db, async (db) => {
      const current = await usersRepo.findUserById(db, user.id);
      await insertMedia(db, media);
      await usersRepo.updateUser(db, user.id, { avatar_media_id: id, updated_at: now.toISOString() });
      if (current?.avatar_media_id) await deleteAvatarMedia(db, current.avatar_media_id);
      return current?.avatar_media_id ?? null;
    });
  } catch (error) {
    await ctx.mediaFiles.removeAll(id);
    throw error;
  }
  if (previous) await ctx.mediaFiles.removeAll(previous);
  announce(ctx, id);
  return { ...user, avatar_media_id: id, updated_at: now.toISOString() };
}

/** Back to the initials. */
export async function removeAvatar(ctx: Ctx, user: User): Promise<User> {
  const now = ctx.clock.now().toISOString();
  const previous = await inTransaction(ctx.db, async (db) => {
    const current = await usersRepo.findUserById(db, user.id);
    if (!current?.avatar_media_id) return null;
    await usersRepo.updateUser(db, user.id, { avatar_media_id: null, updated_at: now });
    await deleteAvatarMedia(db, current.avatar_media_id);
    return current.avatar_media_id;
  });
  if (previous) {
    await ctx.mediaFiles.removeAll(previous);
    announce(ctx, previous);
  }
  return { ...user, avatar_media_id: null, updated_at: previous ? now : user.updated_at };
}

/** Cached pages show avatars beside every comment of the person: they must be drawn again. */
function announce(ctx: Ctx, mediaId: string) {
  ctx.events.publish({ type: 'media.changed', mediaId });
}
