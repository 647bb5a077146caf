// The image pipeline: inspect an upload, then render every responsive width as WebP and JPEG.
// Rendering happens once, at upload; serving is then a static file read.
import type { Metadata, OutputInfo, ResizeOptions, default as Sharp } from 'sharp';
import { AppError } from '../../errors.ts';
import { imageQueue, type ImageJobOptions } from './image-queue.ts';

let sharpModule: Promise<typeof Sharp> | null = null;

/**
 * sharp, loaded the first time an image is handled: libvips and its libraries take about 20 MB
 * of memory once loaded, which a server that is only reading and commenting never needs.
 */
export function loadSharp(): Promise<typeof Sharp> {
  sharpModule ??= import('sharp').then((module) => module.default);
  return sharpModule;
}

/** Widths a browser can choose between; none larger than the original is made. */
export const VARIANT_WIDTHS = [320, 640, 960, 1280, 1920] as const;

/** Pixel count above which decoding would cost too much memory (a decompression bomb guard). */
export const MAX_PIXELS = 40_000_000;

/** What an image is for, and so how many pixels it may have. */
export interface PixelLimit {
  maxPixels: number;
  /** Named in the refusal: "an avatar may have at most 16 megapixels". */
  what: string;
}

export const LIBRARY_IMAGE_LIMIT: PixelLimit = { maxPixels: MAX_PIXELS, what: 'an image' };

const ACCEPTED_FORMATS: Record<string, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  avif: 'image/avif',
  heif: 'image/heif',
  tiff: 'image/tiff',
};

export interface InspectedImage {
  mime: string;
  /** Dimensions after applying the EXIF orientation, i.e. as displayed. */
  width: number;
  height: number;
}

export interface RenderedVariant {
  width: number;
  format: 'webp' | 'jpg';
  bytes: Buffer;
}

const megapixels = (pixels: number) => `${Math.round(pixels / 100_000) / 10} megapixels`;

/**
 * Decodes only the header: rejects non-images and oversized images before any real work. Not
 * queued: reading a header is cheap, and a refusal should not wait behind other people's images.
 */
export async function inspectImage(bytes: Buffer, limit: PixelLimit = LIBRARY_IMAGE_LIMIT): Promise<InspectedImage> {
  let metadata: Metadata;
  const sharp = await loadSharp();
  try {
    metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw new AppError('UNPROCESSABLE', 'is not an image that Gazette can read (JPEG, PNG, WebP, GIF, AVIF, HEIF or TIFF)', 'file');
  }
  const mime = metadata.format ? ACCEPTED_FORMATS[metadata.format] : undefined;
  if (!mime || !metadata.width || !metadata.height) {
    throw new AppError('UNPROCESSABLE', `is a ${metadata.format ?? 'unknown'} file, not a supported image format`, 'file');
  }
  const pixels = metadata.width * metadata.height;
  if (pixels > limit.maxPixels) {
    throw new AppError(
      'IMAGE_TOO_LARGE',
      `has ${metadata.width}×${metadata.height} pixels (${megapixels(pixels)}); ${limit.what} may have at most ${limit.maxPixels / 1_000_000} megapixels`,
      'file',
    );
  }
  // Orientations 5–8 rotate by 90°, so the displayed width is the stored height.
  const rotated = (metadata.orientation ?? 1) >= 5;
  return { mime, width: rotated ? metadata.height : metadata.width, height: rotated ? metadata.width : metadata.height };
}

export function variantWidthsFor(originalWidth: number): number[] {
  const widths = VARIANT_WIDTHS.filter((w) => w <= originalWidth);
  // A small image still gets one rendition, at its own width.
  return widths.length > 0 ? widths : [originalWidth];
}

/**
 * Decodes once (in the image queue), straight to the largest width needed, then makes every
 * rendition from those pixels one after another: a large PNG is decoded once, not ten times, and
 * the job holds one thread of the pool at a time.
 */
export async function renderVariants(bytes: Buffer, image: InspectedImage, options: ImageJobOptions = {}): Promise<RenderedVariant[]> {
  const widths = variantWidthsFor(image.width);
  return imageQueue.run(async () => {
    // rotate() applies EXIF orientation; metadata (GPS, camera serials) is dropped by default.
    const base = await decodeResized(bytes, { width: Math.max(...widths), withoutEnlargement: true }, MAX_PIXELS);
    const sharp = await loadSharp();
    const variants: RenderedVariant[] = [];
    for (const width of widths) {
      const resized = () => fromRaw(sharp, base).resize({ width, withoutEnlargement: true });
      // Plain libjpeg and WebP effort 3: mozjpeg and higher efforts save ~20% bytes at 2–3× the time.
      variants.push({ width, format: 'webp', bytes: await resized().webp({ quality: 80, effort: 3 }).toBuffer() });
      variants.push({
        width,
        format: 'jpg',
        bytes: await resized().flatten({ background: '#ffffff' }).jpeg({ quality: 82, progressive: true }).toBuffer(),
      });
    }
    return variants;
  }, options);
}

/** Decoded pixels, already oriented and resized: the one expensive step of a rendering job. */
export interface RawImage {
  data: Buffer;
  info: OutputInfo;
}

/**
 * The header alone (inspectImage) does not show that the pixels are all there: a file cut short
 * or damaged after its header fails only here, and is the uploader's to fix (422), not a 500.
 */
export async function decodeResized(bytes: Buffer, resize: ResizeOptions, maxPixels: number): Promise<RawImage> {
  const sharp = await loadSharp();
  try {
    return await sharp(bytes, { limitInputPixels: maxPixels, animated: false })
      .rotate()
      .resize(resize)
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch {
    throw new AppError('UNPROCESSABLE', 'is damaged or cut short: the image could not be read to the end', 'file');
  }
}

/** `sharp`: the module loadSharp() gave (decoded pixels exist only once it has loaded). */
export const fromRaw = (sharp: typeof Sharp, { data, info }: RawImage) =>
  sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });

/** File extension of the kept original, derived from what the bytes are rather than the name. */
export function originalExtension(mime: string): string {
  return mime.split('/')[1]!.replace('jpeg', 'jpg');
}
