// The editor's part for search and social metadata (SEO title and description with a search-result
// preview, social image, canonical URL), inside the editor's form, and its preview links, under it
// (a form of their own: forms do not nest). Without JavaScript every field is a plain input and the
// search-result preview is drawn as of the last save; desk-meta.js adds length counters, redraws
// the preview while typing, offers recent library images and copies a preview link.
import { html, trusted, type SafeHtml } from '../../../render/html.ts';
import { mediaUrl, variantFile } from '../../../render/picture.ts';
import { PREVIEW_DURATION_LABELS, PREVIEW_DURATIONS, previewLinkExpiry } from '../../../domain/posts/preview-links.ts';
import { csrfField } from '../forms.ts';
import { when } from '../components.ts';
import type { EditorPage, EditorValues } from './desk-editor.ts';

/** What search engines show before cutting (characters; they measure pixels, so this is a guide). */
const SHOWN = { title: 60, description: 155 };

type MetaName = 'seoTitle' | 'seoDescription' | 'socialMediaId' | 'canonicalUrl';

function metaField(
  p: EditorPage,
  name: MetaName,
  label: string,
  hint: string,
  control: (attrs: SafeHtml) => SafeHtml,
  counter?: SafeHtml,
): SafeHtml {
  const id = `desk-${name}`;
  const fault = p.error?.field === name;
  const described = [`${id}-hint`, counter ? `${id}-count` : '', fault ? `${id}-error` : ''].filter(Boolean).join(' ');
  const attrs = trusted(`id="${id}" name="${name}" aria-describedby="${described}"${fault ? ' aria-invalid="true"' : ''}`);
  return html`<div class="field desk-editor-field">
    <label for="${id}">${label}</label>
    <p id="${id}-hint" class="hint">${hint}</p>
    ${fault ? html`<p id="${id}-error" class="field-error">${p.error!.message}</p>` : ''}${control(attrs)}${counter ?? ''}
  </div>`;
}

function counter(name: MetaName, value: string, shown: number): SafeHtml {
  return html`<p class="desk-count" id="desk-${name}-count" data-count-for="desk-${name}" data-shown="${String(shown)}">${countText(value.length, shown)}</p>`;
}

/** The same words desk-meta.js writes while typing. */
function countText(length: number, shown: number): string {
  const chars = length === 1 ? '1 character' : `${length} characters`;
  return length > shown ? `${chars}: search results show about ${shown}, the rest is cut` : `${chars} of about ${shown} shown`;
}

/** Cut where a search engine would: at a word, with an ellipsis (desk-meta.js does the same). */
function cutForSearch(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s.,;:–-]+$/, '')} …`;
}

/** Markdown read as plain text, roughly, as a description falls back to the start of the body. */
function markdownGist(markdown: string): string {
  return markdown
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^[ \t]*(?:#{1,6}|>|[-*+]|\d+\.)[ \t]+/gm, '')
    .replace(/[*_`~]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function slugOf(v: EditorValues): string {
  const typed = v.slug.trim();
  if (typed) return typed;
  return v.title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function searchPreview(p: EditorPage): SafeHtml {
  const v = p.values;
  const siteTitle = p.site?.title ?? '';
  const title = v.seoTitle.trim() || v.title.trim() || 'Untitled';
  const description = v.seoDescription.trim() || v.excerpt.trim() || markdownGist(v.body);
  const base = p.site?.publicUrl ?? '';
  const address = v.canonicalUrl.trim() || `${base}/articles/${slugOf(v)}`;
  return html`<div class="desk-serp" role="group" aria-labelledby="desk-serp-heading">
    <p id="desk-serp-heading" class="desk-serp-heading">Search result preview</p>
    <div class="desk-serp-result" data-serp data-site-title="${siteTitle}" data-base-url="${base}">
      <p class="desk-serp-url" data-serp-url>${displayAddress(address)}</p>
      <p class="desk-serp-title" data-serp-title>${cutForSearch(siteTitle ? `${title} – ${siteTitle}` : title, SHOWN.title)}</p>
      <p class="desk-serp-description" data-serp-description>${cutForSearch(description, SHOWN.description)}</p>
    </div>
  </div>`;
}

/** "example.com › articles › slug", as search results print an address. */
function displayAddress(address: string): string {
  const withoutScheme = address.replace(/^https?:\/\//i, '').replace(/[?#].*$/, '');
  return withoutScheme.split('/').filter(Boolean).join(' › ');
}

function socialThumbnail(p: EditorPage): SafeHtml | '' {
  const social = p.social;
  if (!social || social.variantWidths.length === 0) return '';
  const width = social.variantWidths.find((w) => w >= 320) ?? Math.max(...social.variantWidths);
  return html`<img class="desk-social-thumb" src="${mediaUrl(social.id, variantFile(width, 'jpg'))}" alt="The social image: ${social.alt || 'no alt text'}" width="${social.width}" height="${social.height}" />`;
}

export function seoFields(p: EditorPage): SafeHtml | '' {
  const v = p.values;
  return html`<fieldset class="desk-meta desk-seo" id="desk-seo">
    <legend>Search and social</legend>
    ${metaField(
      p,
      'seoTitle',
      'SEO title',
      'The link in search results and link previews; about 60 characters are shown. Empty: the headline.',
      (a) => html`<input type="text" ${a} value="${v.seoTitle}" maxlength="200" />`,
      counter('seoTitle', v.seoTitle, SHOWN.title),
    )}
    ${metaField(
      p,
      'seoDescription',
      'SEO description',
      'The text under the link; about 155 characters are shown. Empty: the standfirst.',
      (a) => html`<textarea ${a} rows="3" maxlength="500">${v.seoDescription}</textarea>`,
      counter('seoDescription', v.seoDescription, SHOWN.description),
    )}
    ${searchPreview(p)}
    ${metaField(
      p,
      'socialMediaId',
      'Social image (media id)',
      'The picture shown when the article is shared; the id of an image in the media library. Empty: the lead image.',
      (a) =>
        html`<div class="desk-social">
          <div class="desk-social-current" data-social-current>${socialThumbnail(p)}</div>
          <input type="text" ${a} value="${v.socialMediaId}" maxlength="64" pattern="[a-z0-9]*" />
          <button type="button" data-social-choose hidden>Choose from recent images…</button>
          <div class="desk-social-library" data-social-library hidden></div>
        </div>`,
    )}
    ${metaField(
      p,
      'canonicalUrl',
      'Canonical URL',
      'Only when the article first appeared on another site: its address there (https://…). Empty: this article’s own address.',
      (a) => html`<input type="url" ${a} value="${v.canonicalUrl}" maxlength="2000" inputmode="url" />`,
    )}
  </fieldset>`;
}

function madeLink(p: EditorPage): SafeHtml | '' {
  const made = p.previewLink;
  if (!made || !p.post) return '';
  if (made === 'revoked')
    return html`<p class="desk-preview-made" role="status">Every preview link made so far has been revoked: they now open a “not valid” page.</p>`;
  const parsed = previewLinkExpiry(made);
  // A made-up query never shows as a link of this post.
  if (!parsed || parsed.postId !== p.post.id) return '';
  const path = `/preview/${made}`;
  const address = `${p.site?.publicUrl ?? ''}${path}`;
  return html`<div class="desk-preview-made" role="status">
      <p>Preview link made. Anyone who has it can read this article until ${when(parsed.expiresAt)}:</p>
      <p class="desk-preview-copy">
        <label class="visually-hidden" for="desk-preview-url">Preview link</label>
        <input type="text" id="desk-preview-url" readonly value="${address}" data-preview-url />
        <button type="button" data-preview-copy hidden>Copy link</button>
        <a href="${path}" target="_blank" rel="noopener">Open preview</a>
      </p>
      <p class="desk-preview-copied" data-preview-copied aria-live="polite"></p>
    </div>`;
}

/** "Create preview link" and "Revoke links", for a saved article. */
export function previewLinks(p: EditorPage): SafeHtml | '' {
  const post = p.post;
  if (!post || post.type !== 'post') return '';
  const action = `/desk/posts/${post.id}/preview-links`;
  const durations = Object.keys(PREVIEW_DURATIONS) as (keyof typeof PREVIEW_DURATIONS)[];
  return html`<section class="desk-preview-links" id="desk-preview-links" aria-labelledby="desk-preview-heading">
    <h2 id="desk-preview-heading">Preview link</h2>
    <p class="hint">A link that shows the article as its page will look, as last saved, to someone without an account, until it expires. Save your changes first.</p>
    ${madeLink(p)}
    <form method="post" action="${action}" class="desk-preview-create">
      ${csrfField(p.csrfToken)}
      <label for="desk-preview-duration">Valid for</label>
      <select id="desk-preview-duration" name="duration">
        ${durations.map((d) => html`<option value="${d}"${d === '1d' ? trusted(' selected') : ''}>${PREVIEW_DURATION_LABELS[d]}</option>`)}
      </select>
      <button type="submit">Create preview link</button>
    </form>
    <form method="post" action="${action}/revoke" class="desk-preview-revoke">
      ${csrfField(p.csrfToken)}
      <button type="submit">Revoke links</button>
      <span class="hint">Every link made so far stops working.</span>
    </form>
  </section>`;
}
