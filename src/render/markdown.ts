// Article bodies: Markdown without raw HTML, plus a gallery block. Images written as
// `media:ID` become responsive <picture> elements; galleries become a grid of <figure>s.
//
//   :::gallery
//   ![Caption of the first slide](media:abc)
//   ![Caption of the second](media:def)
//   :::
//
// A single image with a title, alone in its paragraph, is a captioned figure (the title is the
// caption, the alt text stays the alt text): `![A phone on a desk](media:abc "The new model")`.
//
// Every URL an author wrote (links, images, gallery slides) passes isSafeUrl. One that fails
// is left out of the markup and listed in `unsafeUrls`, so saving can refuse the body.
import MarkdownIt from 'markdown-it';
import type { StateCore, Token } from 'markdown-it';
import { html, escapeHtml, trusted, type SafeHtml } from './html.ts';
import { largestJpeg, picture, type PictureMedia } from './picture.ts';
import { isSafeUrl } from './safe-url.ts';

export type MediaLookup = (id: string) => PictureMedia | undefined;

export interface RenderedBody {
  html: string;
  text: string;
  /** URLs the author wrote that failed the URL check, first appearance first; none of them is in `html`. */
  unsafeUrls: string[];
}

// A type alias, not an interface: markdown-it's Env is an index signature, which only aliases satisfy.
type RenderEnv = {
  lookup: MediaLookup;
  unsafe: Set<string>;
};

const GALLERY = /^:::gallery[ \t]*\n([\s\S]*?)\n:::[ \t]*$/gm;
const GALLERY_IMAGE = /^!\[([^\]]*)\]\(\s*([^)\s]+)\s*\)$/;
const AUTHOR_URL = { media: true } as const;

const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });
// markdown-it's own check would leave a refused link as literal text without telling us; the
// core rule below checks every URL instead, where a refusal can be recorded.
markdown.validateLink = () => true;

export function mediaIdOf(src: string): string | null {
  return src.startsWith('media:') ? src.slice('media:'.length) : null;
}

// The site's pages load images from https: and from the site itself only (img-src in
// http/plugins/security-headers.ts): an http:// image would be published broken.
const PLAIN_HTTP = /^http:/i;

function image(src: string, alt: string, env: RenderEnv, eager: boolean): SafeHtml {
  if (!isSafeUrl(src, { ...AUTHOR_URL, kind: 'image' }) || PLAIN_HTTP.test(src)) {
    env.unsafe.add(src);
    return html`<span class="missing-media">[image removed: ${alt}]</span>`;
  }
  const id = mediaIdOf(src);
  const media = id ? env.lookup(id) : undefined;
  if (media) return picture(media, { alt, eager, sizes: '(max-width: 44em) 100vw, 40em' });
  if (id) return html`<span class="missing-media">[missing image: ${alt}]</span>`;
  return html`<img src="${src}" alt="${alt}" loading="lazy" decoding="async">`;
}

function renderGallery(block: string, env: RenderEnv): SafeHtml {
  const figures = block
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line, index) => {
      const match = GALLERY_IMAGE.exec(line);
      if (!match) return html`<p>${line}</p>`;
      const [, caption = '', src = ''] = match;
      const id = mediaIdOf(src);
      const media = id ? env.lookup(id) : undefined;
      const thumbnail = image(src, caption, env, false);
      // Only a slide whose picture passed the check (and exists) links to its large version.
      const full = media ? largestJpeg(media) : !id && isSafeUrl(src, { kind: 'image' }) ? src : null;
      const label = `Open image ${index + 1}: ${caption}`;
      const inner = full === null ? thumbnail : html`<a class="gallery-link" href="${full}" aria-label="${label}">${thumbnail}</a>`;
      return html`<figure class="gallery-item">${inner}<figcaption>${caption}</figcaption></figure>`;
    });
  return html`<div class="gallery" data-gallery>${figures}</div>`;
}

function renderMarkdown(source: string, env: RenderEnv): string {
  return markdown.render(source, env);
}

/** An empty text token stands in for a removed link_open/link_close, keeping the link's text. */
function dropToken(token: Token): void {
  token.type = 'text';
  token.tag = '';
  token.attrs = null;
  token.content = '';
}

markdown.core.ruler.push('safe_urls', (state: StateCore) => {
  const env = state.env as RenderEnv;
  for (const block of state.tokens) {
    let dropping = false;
    for (const token of block.children ?? []) {
      if (token.type === 'link_open') {
        const href = String(token.attrGet('href') ?? '');
        if (isSafeUrl(href, AUTHOR_URL)) {
          const id = mediaIdOf(href);
          const media = id ? env.lookup(id) : undefined;
          if (id) token.attrSet('href', media ? largestJpeg(media) : '');
          continue;
        }
        // linkify turns `//host` or `ftp://` in prose into links; the author never asked for one.
        if (token.markup !== 'linkify') env.unsafe.add(href);
        dropping = true;
        dropToken(token);
      } else if (token.type === 'link_close' && dropping) {
        dropping = false;
        dropToken(token);
      }
    }
  }
});

// `![alt](media:ID "caption")` alone in its paragraph is a figure with a caption: the
// paragraph around it is hidden, since a <figure> may not sit inside a <p>.
markdown.core.ruler.push('captioned_images', (state: StateCore) => {
  const tokens = state.tokens;
  for (let i = 1; i + 1 < tokens.length; i++) {
    const children = (tokens[i]!.children ?? []).filter((t) => !(t.type === 'text' && t.content.trim() === ''));
    const only = children.length === 1 ? children[0]! : undefined;
    if (tokens[i - 1]!.type !== 'paragraph_open' || tokens[i + 1]!.type !== 'paragraph_close') continue;
    if (only?.type !== 'image' || !String(only.attrGet('title') ?? '').trim()) continue;
    only.meta = { figure: true };
    tokens[i - 1]!.hidden = true;
    tokens[i + 1]!.hidden = true;
  }
});

markdown.renderer.rules.image = (tokens, idx, _options, env) => {
  const token = tokens[idx]!;
  const picture = image(String(token.attrGet('src') ?? ''), token.content, env as RenderEnv, false);
  const caption = String(token.attrGet('title') ?? '').trim();
  if (!(token.meta as { figure?: boolean } | null)?.figure) return picture.value;
  return html`<figure class="body-figure">${picture}<figcaption>${caption}</figcaption></figure>\n`.value;
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

export function renderBody(written: string, lookup: MediaLookup): RenderedBody {
  // A browser sends a textarea's lines ended by CRLF; the gallery block is found by its lines.
  const source = written.replace(/\r\n?/g, '\n');
  const env: RenderEnv = { lookup, unsafe: new Set() };
  let out = '';
  let last = 0;
  for (const match of source.matchAll(GALLERY)) {
    out += renderMarkdown(source.slice(last, match.index), env);
    out += renderGallery(match[1] ?? '', env).value + '\n';
    last = match.index + match[0].length;
  }
  out += renderMarkdown(source.slice(last), env);
  return { html: out, text: htmlToText(out), unsafeUrls: [...env.unsafe] };
}

/** Every media id a body refers to, so the caller can load them before rendering. */
export function mediaIdsIn(source: string): string[] {
  const ids = new Set<string>();
  for (const match of source.matchAll(/\]\(\s*media:([A-Za-z0-9_-]+)/g)) ids.add(match[1]!);
  return [...ids];
}

export { escapeHtml, trusted };
