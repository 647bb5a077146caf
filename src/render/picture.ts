// Responsive image markup: WebP with a JPEG fallback at every rendered width, so browsers
// pick the smallest file that fills the slot.
import { html, trusted, type SafeHtml } from './html.ts';
import { safeUrl } from './safe-url.ts';

export interface PictureMedia {
  id: string;
  width: number;
  height: number;
  variantWidths: number[];
  /** The library's alt text, for places without their own (social cards, feeds). */
  alt?: string;
  /** A lead image's focal point (percent across and down): crops in CSS keep it in view. */
  focus?: { x: number; y: number };
}

/**
 * CSS classes that set object-position around a focal point (site.css has one per 5%). The
 * Content-Security-Policy forbids style="", and a class grid a twentieth of the picture wide is
 * finer than anyone can see in a cropped card.
 */
export function focalClasses(focus: { x: number; y: number }): string {
  const step = (n: number) => Math.min(100, Math.max(0, Math.round(n / 5) * 5));
  return `focal-x-${step(focus.x)} focal-y-${step(focus.y)}`;
}

// Ids and file names come from our own rows; the check still stands between them and a src.
export const mediaUrl = (id: string, file: string) =>
  safeUrl(`/media/${encodeURIComponent(id)}/${encodeURIComponent(file)}`, { kind: 'image' });
export const variantFile = (width: number, format: 'webp' | 'jpg') => `w${width}.${format}`;
/** The 1200×630 link-preview crop of a lead image around its focal point (domain/media/social-crop.ts). */
export const socialCropUrl = (id: string, focus: { x: number; y: number }) =>
  safeUrl(`/media/${encodeURIComponent(id)}/social/x${focus.x}-y${focus.y}.jpg`, { kind: 'image' });

function srcset(media: PictureMedia, format: 'webp' | 'jpg'): string {
  return media.variantWidths.map((w) => `${mediaUrl(media.id, variantFile(w, format))} ${w}w`).join(', ');
}

/** The largest JPEG rendition: what a lightbox or a feed enclosure should show. */
export function largestJpeg(media: PictureMedia): string {
  return mediaUrl(media.id, variantFile(Math.max(...media.variantWidths), 'jpg'));
}

export interface PictureOptions {
  alt: string;
  sizes?: string;
  /** The first image of a page loads eagerly; the rest wait until they are near the viewport. */
  eager?: boolean;
}

export function picture(media: PictureMedia, options: PictureOptions): SafeHtml {
  const sizes = options.sizes ?? '(max-width: 44em) 100vw, 40em';
  const fallbackWidth = media.variantWidths.find((w) => w >= 640) ?? Math.max(...media.variantWidths);
  return html`<picture><source type="image/webp" srcset="${srcset(media, 'webp')}" sizes="${sizes}"><img src="${mediaUrl(media.id, variantFile(fallbackWidth, 'jpg'))}" srcset="${srcset(media, 'jpg')}" sizes="${sizes}" width="${media.width}" height="${media.height}" alt="${options.alt}"${media.focus ? trusted(` class="${focalClasses(media.focus)}"`) : ''} loading="${options.eager ? 'eager' : 'lazy'}" decoding="async"></picture>`;
}
