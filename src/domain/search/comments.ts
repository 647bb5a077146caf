// Search in comments, and the two tabs of the results page (Articles, Comments) with their counts.
// A hit is a published comment under a visible article; held, spam, rejected, shadow and deleted
// comments, and comments under drafts or scheduled articles, are never found.
import type { DomainContext } from '../context.ts';
import { countComments, countPosts, searchComments as searchCommentsRepo, type SearchQuery } from '../../storage/repos/search.ts';
import { highlightMarks } from '../../render/highlight.ts';
import { PAGE_SIZE, pageCountOf, type Paged } from '../posts/read.ts';
import { presentComment } from '../comments/read.ts';
import type { CommentAuthorView } from '../comments/types.ts';
import { parseSearch, toFts5 } from './query.ts';
import { search, type SearchHit } from './search.ts';

export const SEARCH_SCOPES = ['articles', 'comments'] as const;
export type SearchScope = (typeof SEARCH_SCOPES)[number];

export interface CommentHit {
  id: string;
  /**
   * The comment's permalink: it opens the article on the page that holds the comment's
   * conversation and scrolls to it, wherever the comment sits in a long thread.
   */
  url: string;
  /** Escaped HTML: a passage of the comment with the matched words in <mark>. */
  excerptHtml: string;
  author: CommentAuthorView;
  createdAt: string;
  article: { title: string; slug: string; url: string };
}

export const commentPermalink = (id: string) => `/comments/${encodeURIComponent(id)}`;

function queryFor(ctx: DomainContext, text: string, page: number): SearchQuery | null {
  const fts5 = toFts5(parseSearch(text));
  if (!fts5) return null;
  return { fts5, websearch: text, now: ctx.clock.now().toISOString(), limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE };
}

export async function searchComments(ctx: DomainContext, text: string, page: number): Promise<Paged<CommentHit>> {
  const query = queryFor(ctx, text, page);
  if (!query) return { items: [], page, pageCount: pageCountOf(page, 0), total: 0 };
  const { rows, total } = await searchCommentsRepo(ctx.db, query);
  const pageCount = pageCountOf(page, total);
  const items = rows.map((row) => ({
    id: row.id,
    url: commentPermalink(row.id),
    excerptHtml: highlightMarks(row.snippet),
    author: presentComment(row, row.depth, null).author,
    createdAt: row.created_at,
    article: { title: row.post_title, slug: row.post_slug, url: `/articles/${row.post_slug}` },
  }));
  return { items, page, pageCount, total };
}

export interface SiteSearch {
  scope: SearchScope;
  /** Hits on the open tab (the other stays empty). */
  articles: Paged<SearchHit> | null;
  comments: Paged<CommentHit> | null;
  /** Every tab's number of hits, whichever is open. */
  counts: Record<SearchScope, number>;
}

/** The results page: one tab's page of hits, and how many the other tab holds. */
export async function searchSite(ctx: DomainContext, text: string, scope: SearchScope, page: number): Promise<SiteSearch> {
  if (scope === 'comments') {
    const comments = await searchComments(ctx, text, page);
    const query = queryFor(ctx, text, 1);
    return { scope, articles: null, comments, counts: { articles: query ? await countPosts(ctx.db, query) : 0, comments: comments.total } };
  }
  const articles = await search(ctx, text, page);
  const query = queryFor(ctx, text, 1);
  return {
    scope,
    articles,
    comments: null,
    counts: { articles: articles.total, comments: query ? await countComments(ctx.db, query) : 0 },
  };
}
