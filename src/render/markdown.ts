// Article bodies: Markdown without raw HTML, plus a gallery block. Images written as
// `media:ID` become responsive <picture> elements; galleries become a grid of <figure>s.
//
//   :::gallery
//   ![Caption of the first slide](media:abc)
//   ![Caption of the second](media:def)
//   :::
import MarkdownIt from 'markdown-it';
import { html, escapeHtml, trusted, type SafeHtml } from './html.ts';
import { largestJpeg, picture, type PictureMedia } from './picture.ts';

export type MediaLookup = (id: string) => PictureMedia | undefined;

export interface RenderedBody {
  html: string;
  text: string;
}

const GALLERY = /^:::gallery[ \t]*\n([\s\S]*?)\n:::[ \t]*$/gm;
const GALLERY_IMAGE = /^!\[([^\]]*)\]\(\s*([^)\s]+)\s*\)$/;

const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });

export function mediaIdOf(src: string): string | null {
  return src.startsWith('media:') ? src.slice('media:'.length) : null;
}

function image(src: string, alt: string, lookup: MediaLookup, eager: boolean): SafeHtml {
  const id = mediaIdOf(src);
  const media = id ? lookup(id) : undefined;
  if (media) return picture(media, { alt, eager, sizes: '(max-width: 44em) 100vw, 40em' });
  if (id) return html`<span class="missing-media">[missing image: ${alt}]</span>`;
  const safeSrc = markdown.validateLink(src) ? src : '';
  return html`<img src="${safeSrc}" alt="${alt}" loading="lazy" decoding="async">`;
}

function renderGallery(block: string, lookup: MediaLookup): SafeHtml {
  const figures = block
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line, index) => {
      const match = GALLERY_IMAGE.exec(line);
      if (!match) return html`<p>${line}</p>`;
      const [, caption = '', src = ''] = match;
      const id = mediaIdOf(src);
      const media = id ? lookup(id) : undefined;
      const full = media ? largestJpeg(media) : src;
      const label = `Open image ${index + 1}: ${caption}`;
      return html`<figure class="gallery-item"><a class="gallery-link" href="${full}" aria-label="${label}">${image(src, caption, lookup, false)}</a><figcaption>${caption}</figcaption></figure>`;
    });
  return html`<div class="gallery" data-gallery>${figures}</div>`;
}

function renderMarkdown(source: string, lookup: MediaLookup): string {
  const env = { lookup };
  return markdown.render(source, env);
}

markdown.renderer.rules.image = (tokens, idx, _options, env) => {
  const token = tokens[idx]!;
  const lookup = (env as { lookup: MediaLookup }).lookup;
  return image(String(token.attrGet('src') ?? ''), token.content, lookup, false).value;
};

const TAG = /<[^>]+>/g;
const ENTITY = /&(amp|lt|gt|quot|#39);/g;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };

export function htmlToText(markup: string): string {
  return markup
    .replace(/<\/(p|h[1-6]|li|blockquote|figcaption|pre)>/g, '\n')
    .replace(TAG, '')
    .replace(ENTITY, (_, name: string) => ENTITIES[name]!)
    .replace(/[ \t]+/g, ' ')
    .replace(/\n\s*\n+/g, '\n')
    .trim();
}

export function renderBody(source: string, lookup: MediaLookup): RenderedBody {
  let out = '';
  let last = 0;
  for (const match of source.matchAll(GALLERY)) {
    out += renderMarkdown(source.slice(last, match.index), lookup);
    out += renderGallery(match[1] ?? '', lookup).value + '\n';
    last = match.index + match[0].length;
  }
  out += renderMarkdown(source.slice(last), lookup);
  return { html: out, text: htmlToText(out) };
}

/** Every media id a body refers to, so the caller can load them before rendering. */
export function mediaIdsIn(source: string): string[] {
  const ids = new Set<string>();
  for (const match of source.matchAll(/\]\(\s*media:([A-Za-z0-9_-]+)/g)) ids.add(match[1]!);
  return [...ids];
}

export { escapeHtml, trusted };
