// Small pieces of markup shared by several pages.
import { html, type SafeHtml } from '../../render/html.ts';
import { picture } from '../../render/picture.ts';
import type { PostSummary } from '../../domain/posts/read.ts';
import { DEFAULT_LOCALE, type Locale } from '../../i18n/locales.ts';
import { formatCount, formatDate, siteText } from './site-text.ts';

export function date(iso: string, locale: Locale = DEFAULT_LOCALE): SafeHtml {
  return html`<time datetime="${iso}">${formatDate(locale, iso)}</time>`;
}

export function commentCount(count: number, href: string, locale: Locale = DEFAULT_LOCALE): SafeHtml {
  const label = siteText(locale)('commentCount', { count, n: formatCount(locale, count) });
  return html`<a class="comment-count" href="${href}">${label}</a>`;
}

export function postCard(post: PostSummary, options: { eager?: boolean; locale?: Locale } = {}): SafeHtml {
  const href = `/articles/${post.slug}`;
  return html`<article class="card">
  ${post.leadImage ? html`<a class="card-image" href="${href}" tabindex="-1" aria-hidden="true">${picture(post.leadImage, { alt: '', sizes: '(max-width: 44em) 100vw, 16em', eager: options.eager })}</a>` : ''}
  <div class="card-body">
    ${post.category ? html`<a class="category" href="/category/${post.category.slug}">${post.category.name}</a>` : ''}
    <h2 class="card-title"><a href="${href}">${post.title}</a></h2>
    ${post.excerpt ? html`<p class="excerpt">${post.excerpt}</p>` : ''}
    <p class="meta"><a href="/author/${post.author.slug}">${post.author.name}</a> · ${date(post.publishedAt, options.locale)} · ${commentCount(post.commentCount, `${href}#comments`, options.locale)}</p>
  </div>
</article>`;
}

export function postList(posts: PostSummary[], empty: string, locale: Locale = DEFAULT_LOCALE): SafeHtml {
  if (posts.length === 0) return html`<p class="empty">${empty}</p>`;
  return html`<div class="cards">${posts.map((post, i) => postCard(post, { eager: i === 0, locale }))}</div>`;
}

/** Previous/next page links for a paginated list; `basePath` gets `?page=N` (or `&page=N`). */
export function pagination(basePath: string, page: number, pageCount: number, locale: Locale = DEFAULT_LOCALE): SafeHtml {
  if (pageCount <= 1) return html``;
  const text = siteText(locale);
  const join = basePath.includes('?') ? '&' : '?';
  const link = (n: number) => (n === 1 ? basePath : `${basePath}${join}page=${n}`);
  return html`<nav class="pagination" aria-label="${text('pages')}">
  ${page > 1 ? html`<a rel="prev" href="${link(page - 1)}">${text('newer')}</a>` : ''}
  <span>${text('pageOf', { page: formatCount(locale, page), count: formatCount(locale, pageCount) })}</span>
  ${page < pageCount ? html`<a rel="next" href="${link(page + 1)}">${text('older')}</a>` : ''}
</nav>`;
}

/** Page numbers in paths and queries: 1 when absent, an error when nonsense. */
export function pageTitle(base: string, page: number, locale: Locale = DEFAULT_LOCALE): string {
  return page > 1 ? siteText(locale)('pageTitle', { title: base, page: formatCount(locale, page) }) : base;
}

const WHEN_OPTIONS: Intl.DateTimeFormatOptions = {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
};
const whenFormats = new Map<Locale, Intl.DateTimeFormat>();
/** A moment on staff and inbox pages: the exact date and time, in UTC, in a <time> element. */
export const when = (iso: string, locale: Locale = DEFAULT_LOCALE) => {
  let format = whenFormats.get(locale);
  if (!format) whenFormats.set(locale, (format = new Intl.DateTimeFormat(locale === DEFAULT_LOCALE ? 'en-GB' : locale, WHEN_OPTIONS)));
  return html`<time datetime="${iso}">${format.format(new Date(iso))} UTC</time>`;
};
