// Search results: the reader's query kept in the box, a tab for articles and one for comments
// (each with its count), ranked hits with highlighted snippets.
import { html, trusted, type SafeHtml } from '../../../render/html.ts';
import type { SearchHit } from '../../../domain/search/search.ts';
import type { CommentHit, SearchScope, SiteSearch } from '../../../domain/search/comments.ts';
import { layout, type SiteContext } from '../layout.ts';
import { date, pagination } from '../components.ts';
import { DEFAULT_LOCALE, type Locale } from '../../../i18n/locales.ts';
import { formatCount, siteText, textWith, type SiteText } from '../site-text.ts';

function hit(result: SearchHit, locale: Locale) {
  const href = `/articles/${result.slug}`;
  return html`<li class="search-result">
  ${result.category ? html`<a class="category" href="/category/${result.category.slug}">${result.category.name}</a>` : ''}
  <h2 class="search-result-title"><a href="${href}">${trusted(result.titleHtml)}</a></h2>
  <p class="search-snippet">${trusted(result.snippetHtml)}</p>
  <p class="meta"><a href="/author/${result.author.slug}">${result.author.name}</a> · ${date(result.publishedAt, locale)}</p>
</li>`;
}

function commentHit(result: CommentHit, text: SiteText, locale: Locale) {
  const author = result.author.profileUrl ? html`<a href="${result.author.profileUrl}">${result.author.name}</a>` : result.author.name;
  return html`<li class="search-result search-result-comment">
  <p class="search-snippet"><a href="${result.url}">${trusted(result.excerptHtml)}</a></p>
  <p class="meta">${textWith(text, 'commentOn', { author, title: html`<a href="${result.article.url}">${result.article.title}</a>` })} · ${date(result.createdAt, locale)}</p>
</li>`;
}

const TAB_LABELS: Record<SearchScope, string> = { articles: 'searchTabArticles', comments: 'searchTabComments' };

const searchPath = (query: string, scope: SearchScope) =>
  `/search?q=${encodeURIComponent(query)}${scope === 'comments' ? '&in=comments' : ''}`;

function summaryOf(query: string, scope: SearchScope, total: number, text: SiteText, locale: Locale): string {
  if (!query.trim()) return text('searchEmpty');
  const key = scope === 'articles' ? 'searchArticleMatches' : 'searchCommentMatches';
  return text(total === 0 ? `${key}None` : key, { count: total, n: formatCount(locale, total), query });
}

function tabs(query: string, results: SiteSearch, text: SiteText, locale: Locale): SafeHtml {
  if (!query.trim()) return html``;
  return html`<nav class="comment-sort search-tabs" aria-label="${text('searchIn')}">
    <ul>${(['articles', 'comments'] as const).map(
      (scope) =>
        html`<li><a href="${searchPath(query, scope)}"${scope === results.scope ? trusted(' aria-current="page"') : ''}>${text(TAB_LABELS[scope])} (${formatCount(locale, results.counts[scope])})</a></li>`,
    )}</ul>
  </nav>`;
}

export function renderSearch(site: SiteContext, query: string, results: SiteSearch): string {
  const page = results.articles ?? results.comments!;
  const locale = site.locale ?? DEFAULT_LOCALE;
  const text = siteText(locale);
  const list: SafeHtml = results.articles
    ? html`${results.articles.items.map((result) => hit(result, locale))}`
    : html`${results.comments!.items.map((result) => commentHit(result, text, locale))}`;
  const main = html`<header class="archive-header">
  <h1>${text('searchHeading')}</h1>
  <form class="search-page-form" action="/search" method="get" aria-label="${text('searchAgain')}">
    <label for="search-page-q">${text('searchEverything')}</label>
    <input id="search-page-q" type="search" name="q" value="${query}" maxlength="200">
    ${results.scope === 'comments' ? html`<input type="hidden" name="in" value="comments">` : ''}
    <button type="submit">${text('searchButton')}</button>
  </form>
  <p class="search-summary" role="status">${summaryOf(query, results.scope, page.total, text, locale)}</p>
  ${tabs(query, results, text, locale)}
</header>
${page.items.length ? html`<ol class="search-results">${list}</ol>` : ''}
${pagination(searchPath(query, results.scope), page.page, page.pageCount, locale)}`;
  const title = query.trim()
    ? text(results.scope === 'comments' ? 'searchCommentsTitle' : 'searchTitle', { query })
    : text('searchHeading');
  // Result pages are thin, ever-changing content: kept out of search engines' indexes.
  return layout(site, { title, path: '/search', noindex: true }, main);
}
