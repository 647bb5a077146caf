// Search results: the reader's query kept in the box, ranked hits with highlighted snippets.
import { html, trusted } from '../../../render/html.ts';
import type { Paged } from '../../../domain/posts/read.ts';
import type { SearchHit } from '../../../domain/search/search.ts';
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

export function renderSearch(site: SiteContext, query: string, results: Paged<SearchHit>): string {
  const summary = !query.trim()
    ? 'Type a few words to search every article.'
    : results.total === 0
      ? `No articles match “${query}”.`
      : `${results.total} ${results.total === 1 ? 'article matches' : 'articles match'} “${query}”.`;
  const main = html`<header class="archive-header">
  <h1>Search</h1>
  <form class="search-page-form" action="/search" method="get" aria-label="Search again">
    <label for="search-page-q">Search articles</label>
    <input id="search-page-q" type="search" name="q" value="${query}" maxlength="200">
    <button type="submit">Search</button>
  </form>
  <p class="search-summary" role="status">${summary}</p>
</header>
${results.items.length ? html`<ol class="search-results">${results.items.map(hit)}</ol>` : ''}
${pagination(`/search?q=${encodeURIComponent(query)}`, results.page, results.pageCount)}`;
  const title = query.trim() ? `Search: ${query}` : 'Search';
  // Result pages are thin, ever-changing content: kept out of search engines' indexes.
  return layout(site, { title, path: '/search', noindex: true }, main);
}
