// Small pieces of markup shared by several pages.
import { html, type SafeHtml } from '../../render/html.ts';
import { picture } from '../../render/picture.ts';
import type { PostSummary } from '../../domain/posts/read.ts';

const DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

export function date(iso: string): SafeHtml {
  return html`<time datetime="${iso}">${DATE.format(new Date(iso))}</time>`;
}

export function commentCount(count: number, href: string): SafeHtml {
  const label = count === 1 ? '1 comment' : `${count} comments`;
  return html`<a class="comment-count" href="${href}">${label}</a>`;
}

export function postCard(post: PostSummary, options: { eager?: boolean } = {}): SafeHtml {
  const href = `/articles/${post.slug}`;
  return html`<article class="card">
  ${post.leadImage ? html`<a class="card-image" href="${href}" tabindex="-1" aria-hidden="true">${picture(post.leadImage, { alt: '', sizes: '(max-width: 44em) 100vw, 16em', eager: options.eager })}</a>` : ''}
  <div class="card-body">
    ${post.category ? html`<a class="category" href="/category/${post.category.slug}">${post.category.name}</a>` : ''}
    <h2 class="card-title"><a href="${href}">${post.title}</a></h2>
    ${post.excerpt ? html`<p class="excerpt">${post.excerpt}</p>` : ''}
    <p class="meta"><a href="/author/${post.author.slug}">${post.author.name}</a> · ${date(post.publishedAt)} · ${commentCount(post.commentCount, `${href}#comments`)}</p>
  </div>
</article>`;
}

export function postList(posts: PostSummary[], empty: string): SafeHtml {
  if (posts.length === 0) return html`<p class="empty">${empty}</p>`;
  return html`<div class="cards">${posts.map((post, i) => postCard(post, { eager: i === 0 }))}</div>`;
}

/** Previous/next page links for a paginated list; `basePath` gets `?page=N` (or `&page=N`). */
export function pagination(basePath: string, page: number, pageCount: number): SafeHtml {
  if (pageCount <= 1) return html``;
  const join = basePath.includes('?') ? '&' : '?';
  const link = (n: number) => (n === 1 ? basePath : `${basePath}${join}page=${n}`);
  return html`<nav class="pagination" aria-label="Pages">
  ${page > 1 ? html`<a rel="prev" href="${link(page - 1)}">← Newer</a>` : ''}
  <span>Page ${page} of ${pageCount}</span>
  ${page < pageCount ? html`<a rel="next" href="${link(page + 1)}">Older →</a>` : ''}
</nav>`;
}

/** Page numbers in paths and queries: 1 when absent, an error when nonsense. */
export function pageTitle(base: string, page: number): string {
  return page > 1 ? `${base} (page ${page})` : base;
}

const WHEN = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
});
/** A moment on staff and inbox pages: the exact date and time, in UTC, in a <time> element. */
export const when = (iso: string) => html`<time datetime="${iso}">${WHEN.format(new Date(iso))} UTC</time>`;
