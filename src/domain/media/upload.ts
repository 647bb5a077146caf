// Uploading an image: validate, render the variants, write the files, then insert the row.
// The row is the commit point: files without a row are removed on failure, and a row never
// points at files that were not completely written.
import { createHash } from 'node:crypto';
import { AppError, invalid } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { can, type Actor } from '../policy.ts';
import type { DomainContext } from '../context.ts';
import { findMediaById, findMediaBySha256, insertMedia, listMedia, updateMediaAlt } from '../../storage/repos/media.ts';
import type { Media } from '../../storage/schema.ts';
import { inspectImage, originalExtension, renderVariants, type InspectedImage, type RenderedVariant } from './images.ts';
import type { ImageJobOptions } from './image-queue.ts';

export interface UploadInput {
  bytes: Buffer;
  originalName: string;
  alt?: string;
}

const MAX_ALT = 500;
const MAX_NAME = 255;

function checkText(input: { alt?: string; originalName: string }): { alt: string; originalName: string } {
  const alt = (input.alt ?? '').trim();
  if (alt.length > MAX_ALT) throw invalid('alt', `must be at most ${MAX_ALT} characters`);
  const originalName = input.originalName.trim().slice(0, MAX_NAME) || 'upload';
  return { alt, originalName };
}

export interface UploadResult {
  media: Media;
  /** False when these exact bytes were already in the library. */
  created: boolean;
}

/** An image checked and rendered, not yet stored: the CPU-heavy half of an upload. */
export interface PreparedImage {
  bytes: Buffer;
  sha256: string;
  image: InspectedImage;
  variants: RenderedVariant[];
}

/** Requests wait for the image queue only while its waiting list has room; `unbounded` is for the demo and the CLI. */
export async function prepareImage(bytes: Buffer, options: ImageJobOptions = {}): Promise<PreparedImage> {
  if (bytes.length === 0) throw invalid('file', 'is empty');
  const image = await inspectImage(bytes);
  return { bytes, sha256: sha256Of(bytes), image, variants: await renderVariants(bytes, image, options) };
}

const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * Stores an image and its responsive renditions. The same bytes uploaded twice give the
 * existing item back (deduplicated by SHA-256) rather than a second copy.
 * `actor` is null for system uploads (the demo loader, the CLI).
 */
export async function uploadImage(ctx: DomainContext, actor: Actor | null, input: UploadInput): Promise<UploadResult> {
  if (actor && !can('media.upload', actor)) throw new AppError('ROLE_NOT_ALLOWED', 'your role may not upload media');
  // Fail fast on the text, and skip rendering for bytes already in the library.
  checkText(input);
  const existing = await findMediaBySha256(ctx.db, sha256Of(input.bytes));
  if (existing) return { media: existing, created: false };
  // A system upload (no actor) has nobody to retry a refusal: it waits for its turn however long the queue.
  return storePreparedImage(ctx, actor, await prepareImage(input.bytes, { waiting: actor ? 'bounded' : 'unbounded' }), input);
}

/** Writes the files of a prepared image, then its row; on any failure, neither stays. */
export async function storePreparedImage(
  ctx: DomainContext,
  actor: Actor | null,
  prepared: PreparedImage,
  input: Omit<UploadInput, 'bytes'>,
): Promise<UploadResult> {
  const { alt, originalName } = checkText(input);
  const existing = await findMediaBySha256(ctx.db, prepared.sha256);
  if (existing) return { media: existing, created: false };
  const { image, variants, sha256 } = prepared;
  const id = newId(ctx.clock.now().getTime());
  const media: Media = {
    id,
    original_name: originalName,
    mime: image.mime,
    width: image.width,
    height: image.height,
    bytes: prepared.bytes.length,
    sha256,
    alt,
    variant_widths: JSON.stringify([...new Set(variants.map((v) => v.width))]),
    uploaded_by: actor?.id ?? null,
    created_at: ctx.clock.now().toISOString(),
  };
  try {
    await ctx.mediaFiles.write(id, `original.${originalExtension(image.mime)}`, prepared.bytes);
    for (const variant of variants) await ctx.mediaFiles.write(id, `w${variant.width}.${variant.format}`, variant.bytes);
    await insertMedia(ctx.db, media);
  } catch (error) {
    await ctx.mediaFiles.removeAll(id);
    // Two uploads of the same bytes at once: the loser of the unique-key race gets the winner's item.
    const winner = await findMediaBySha256(ctx.db, sha256).catch(() => undefined);
    if (winner) return { media: winner, created: false };
    throw error;
  }
  ctx.events.publish({ type: 'media.changed', mediaId: id });
  return { media, created: true };
}

export async function setAltText(ctx: DomainContext, actor: Actor, id: string, alt: string): Promise<Media> {
  if (!can('media.upload', actor)) throw new AppError('ROLE_NOT_ALLOWED', 'your role may not edit media');
  const checked = checkText({ originalName: 'x', alt }).alt;
  if (!(await findMediaById(ctx.db, id))) throw new AppError('NOT_FOUND', `no media item has the id "${id}"`);
  await updateMediaAlt(ctx.db, id, checked);
  ctx.events.publish({ type: 'media.changed', mediaId: id });
  return (await findMediaById(ctx.db, id))!;
}

export function findMedia(ctx: Pick<DomainContext, 'db'>, id: string): Promise<Media | undefined> {
  return findMediaById(ctx.db, id);
}

export function listLibrary(ctx: DomainContext, page: number, pageSize = 50): Promise<Media[]> {
  return listMedia(ctx.db, { limit: pageSize, offset: (page - 1) * pageSize });
}
