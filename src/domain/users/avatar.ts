// Profile pictures: an upload is checked like any image (header first, pixel limit), cropped to a
// square around its centre and rendered once at 64/128/256 px as WebP and JPEG. The original is
// not kept (it may carry camera metadata, and nothing shows it). The files sit in the media store
// with a media row, so backups carry them and /media/ID/FILE serves them immutably.
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { AppError, invalid } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { AVATAR_SIZES } from '../../render/avatar.ts';
import { inTransaction } from '../../storage/db.ts';
import { insertMedia } from '../../storage/repos/media.ts';
import { deleteAvatarMedia } from '../../storage/repos/profiles.ts';
import * as usersRepo from '../../storage/repos/users.ts';
import type { Media, User } from '../../storage/schema.ts';
import type { DomainContext } from '../context.ts';
import { inspectImage, MAX_PIXELS } from '../media/images.ts';

export interface AvatarFile {
  size: number;
  format: 'webp' | 'jpg';
  bytes: Buffer;
}

/** Pure rendering: every size in both formats, square, metadata dropped. */
export async function renderAvatar(bytes: Buffer): Promise<AvatarFile[]> {
  if (bytes.length === 0) throw invalid('file', 'is empty');
  await inspectImage(bytes);
  // rotate() applies the EXIF orientation first, so the crop is of the picture as it is seen.
  const source = sharp(bytes, { limitInputPixels: MAX_PIXELS, animated: false }).rotate();
  const perSize = await Promise.all(
    AVATAR_SIZES.map(async (size) => {
      const square = source.clone().resize(size, size, { fit: 'cover', position: 'centre' });
      const [webp, jpg] = await Promise.all([
        square.clone().webp({ quality: 82, effort: 3 }).toBuffer(),
        square.clone().flatten({ background: '#ffffff' }).jpeg({ quality: 84 }).toBuffer(),
      ]);
      return [
        { size, format: 'webp', bytes: webp },
        { size, format: 'jpg', bytes: jpg },
      ] satisfies AvatarFile[];
    }),
  );
  return perSize.flat();
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
