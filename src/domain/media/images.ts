// The image pipeline: inspect an upload, then render every responsive width as WebP and JPEG.
// Rendering happens once, at upload; serving is then a static file read.
import sharp, { type Metadata } from 'sharp';
import { AppError, invalid } from '../../errors.ts';

/** Widths a browser can choose between; none larger than the original is made. */
export const VARIANT_WIDTHS = [320, 640, 960, 1280, 1920] as const;

/** Pixel count above which decoding would cost too much memory (a decompression bomb guard). */
export const MAX_PIXELS = 40_000_000;

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

/** Decodes only the header: rejects non-images and oversized images before any real work. */
export async function inspectImage(bytes: Buffer): Promise<InspectedImage> {
  let metadata: Metadata;
  try {
    metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw new AppError('UNPROCESSABLE', 'is not an image that Gazette can read (JPEG, PNG, WebP, GIF, AVIF, HEIF or TIFF)', 'file');
  }
  const mime = metadata.format ? ACCEPTED_FORMATS[metadata.format] : undefined;
  if (!mime || !metadata.width || !metadata.height) {
    throw new AppError('UNPROCESSABLE', `is a ${metadata.format ?? 'unknown'} file, not a supported image format`, 'file');
  }
  if (metadata.width * metadata.height > MAX_PIXELS) {
    throw invalid('file', `has ${metadata.width}×${metadata.height} pixels; the limit is ${MAX_PIXELS / 1_000_000} megapixels`);
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

export async function renderVariants(bytes: Buffer, image: InspectedImage): Promise<RenderedVariant[]> {
  // rotate() applies EXIF orientation; metadata (GPS, camera serials) is dropped by default.
  const source = sharp(bytes, { limitInputPixels: MAX_PIXELS, animated: false }).rotate();
  // libvips runs these on its own thread pool, so rendering every width at once uses all cores.
  const perWidth = await Promise.all(
    variantWidthsFor(image.width).map(async (width) => {
      const resized = source.clone().resize({ width, withoutEnlargement: true });
      // Plain libjpeg and WebP effort 3: mozjpeg and higher efforts save ~20% bytes at 2–3× the time.
      const [webp, jpg] = await Promise.all([
        resized.clone().webp({ quality: 80, effort: 3 }).toBuffer(),
        resized.clone().flatten({ background: '#ffffff' }).jpeg({ quality: 82, progressive: true }).toBuffer(),
      ]);
      return [
        { width, format: 'webp', bytes: webp },
        { width, format: 'jpg', bytes: jpg },
      ] satisfies RenderedVariant[];
    }),
  );
  return perWidth.flat();
}

/** File extension of the kept original, derived from what the bytes are rather than the name. */
export function originalExtension(mime: string): string {
  return mime.split('/')[1]!.replace('jpeg', 'jpg');
}
