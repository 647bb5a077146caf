// Search results: the reader's query kept in the box, a tab for articles and one for comments
// (each with its count), ranked hits with highlighted snippets.
import { html, trusted, type SafeHtml } from '../../../render/html.ts';
import type { SearchHit } from '../../../domain/search/search.ts';
import type { CommentHit, SearchScope, SiteSearch } from '../../../domain/search/comments.ts';
import { layout, type SiteContext } from '../layout.ts';
import { date, pagination } from '../components.ts';

function hit(result: SearchHit) {
  const href = `/articles/${result.slug}`;
  return html`<li class="search-result">
  ${result.category ? html`<a class="category" href="/category/${result.category.slug}">${result.category.name}</a>` : ''}
  <h2 class="search-result-title"><a href="${href}">${trusted(result.titleHtml)}</a></h2>
  <p class="search-snippet">${trusted(result.snippetHtml)}</p>
  <p class="meta"><a href="/author/${result.author.slug}">${result.author.name}</a> · ${date(result.publishedAt)}</p>
</li>`;
}

function commentHit(result: CommentHit) {
  const author = result.author.profileUrl ? html`<a href="${result.author.profileUrl}">${result.author.name}</a>` : result.author.name;
  return html`<li class="search-result search-result-comment">
  <p class="search-snippet"><a href="${result.url}">${trusted(result.excerptHtml)}</a></p>
  <p class="meta">${author} on <a href="${result.article.url}">${result.article.title}</a> · ${date(result.createdAt)}</p>
</li>`;
}

const NOUNS: Record<SearchScope, [string, string]> = { articles: ['article', 'articles'], comments: ['comment', 'comments'] };
const TAB_LABELS: Record<SearchScope, string> = { articles: 'Articles', comments: 'Comments' };

const searchPath = (query: string, scope: SearchScope) =>
  `/search?q=${encodeURIComponent(query)}${scope === 'comments' ? '&in=comments' : ''}`;

function summaryOf(query: string, scope: SearchScope, total: number): string {
  const [one, many] = NOUNS[scope];
  if (!query.trim()) return 'Type a few words to search every article and comment.';
  if (total === 0) return `No ${many} match “${query}”.`;
  return `${total} ${total === 1 ? `${one} matches` : `${many} match`} “${query}”.`;
}

function tabs(query: string, results: SiteSearch): SafeHtml {
  if (!query.trim()) return html``;
  return html`<nav class="comment-sort search-tabs" aria-label="Search in">
    <ul>${(['articles', 'comments'] as const).map(
      (scope) =>
        html`<li><a href="${searchPath(query, scope)}"${scope === results.scope ? trusted(' aria-current="page"') : ''}>${TAB_LABELS[scope]} (${results.counts[scope]})</a></li>`,
    )}</ul>
  </nav>`;
}

export function renderSearch(site: SiteContext, query: string, results: SiteSearch): string {
  const page = results.articles ?? results.comments!;
  const list: SafeHtml = results.articles ? html`${results.articles.items.map(hit)}` : html`${results.comments!.items.map(commentHit)}`;
  const main = html`<header class="archive-header">
  <h1>Search</h1>
  <form class="search-page-form" action="/search" method="get" aria-label="Search again">
    <label for="search-page-q">Search articles and comments</label>
    <input id="search-page-q" type="search" name="q" value="${query}" maxlength="200">
    ${results.scope === 'comments' ? html`<input type="hidden" name="in" value="comments">` : ''}
    <button type="submit">Search</button>
  </form>
  <p class="search-summary" role="status">${summaryOf(query, results.scope, page.total)}</p>
  ${tabs(query, results)}
</header>
${page.items.length ? html`<ol class="search-results">${list}</ol>` : ''}
${pagination(searchPath(query, results.scope), page.page, page.pageCount)}`;
  const title = query.trim() ? `Search${results.scope === 'comments' ? ' comments' : ''}: ${query}` : 'Search';
  // Result pages are thin, ever-changing content: kept out of search engines' indexes.
  return layout(site, { title, path: '/search', noindex: true }, main);
}
