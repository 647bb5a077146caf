import { html, type SafeHtml } from './html.ts';
import { isSafeUrl } from './safe-url.ts';

// People without a picture get their initials on a colour derived from their name, so the
// same person always looks the same and neighbours in a thread are easy to tell apart.
// Pure (no Node imports): the comments client bundles this file through render/thread.ts.
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0]![0], words[words.length - 1]![0]] : [...(words[0] ?? '?')].slice(0, 2);
  return letters.join('').toUpperCase();
}

export function hueOf(name: string): number {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.codePointAt(0)!) >>> 0;
  return hash % 360;
}

/** Uploaded avatars are square renditions at these sizes (px), each as WebP and JPEG. */
export const AVATAR_SIZES = [64, 128, 256] as const;
export type AvatarSize = (typeof AVATAR_SIZES)[number];

/**
 * The JPEG of an uploaded avatar at one size. Its WebP twin has the same name ending in .webp;
 * the files live with the media item, so /media/ID/FILE serves them with the immutable cache.
 */
export const avatarImageUrl = (mediaId: string, size: AvatarSize) => `/media/${mediaId}/w${size}.jpg`;

const PIXELS = { small: 36, large: 72 } as const;

/**
 * One of 36 hue classes (site.css), 10° apart: a style="" attribute would need the
 * Content-Security-Policy to allow inline styles.
 */
export const hueClass = (name: string) => `avatar-hue-${Math.round(hueOf(name) / 10) % 36}`;

/**
 * The avatar: the uploaded picture when `imageUrl` is given (a JPEG URL; a .webp twin is offered
 * first), else the initials. Decorative either way: the name always stands next to it.
 */
export function avatar(name: string, size: 'small' | 'large' = 'small', imageUrl?: string | null): SafeHtml {
  if (imageUrl && isSafeUrl(imageUrl, { kind: 'image' })) {
    const px = PIXELS[size];
    // Our own renditions have a .webp twin; a single sign-on site's picture (https://…) is used as it is.
    const webp =
      imageUrl.startsWith('/media/') && imageUrl.endsWith('.jpg')
        ? html`<source type="image/webp" srcset="${imageUrl.slice(0, -4)}.webp">`
        : '';
    return html`<picture class="avatar avatar-${size} avatar-picture" aria-hidden="true">${webp}<img src="${imageUrl}" alt="" width="${px}" height="${px}" loading="lazy" decoding="async"></picture>`;
  }
  return html`<span class="avatar avatar-${size} ${hueClass(name)}" aria-hidden="true">${initials(name)}</span>`;
}
