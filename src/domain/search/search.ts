// Site search: ranked posts with highlighted titles and snippets, paged like the archives.
import type { DomainContext } from '../context.ts';
import { searchPosts } from '../../storage/repos/search.ts';
import { highlightMarks } from '../../render/highlight.ts';
import { PAGE_SIZE, pageCountOf, summarize, type Paged, type PostSummary } from '../posts/read.ts';
import { parseSearch, toFts5 } from './query.ts';

export interface SearchHit extends PostSummary {
  /** Escaped HTML with the matched words in <mark>. */
  titleHtml: string;
  snippetHtml: string;
}

export const MAX_QUERY_LENGTH = 200;

export async function search(ctx: DomainContext, text: string, page: number): Promise<Paged<SearchHit>> {
  const fts5 = toFts5(parseSearch(text));
  if (!fts5) return { items: [], page, pageCount: 1, total: 0 };
  const { rows, total } = await searchPosts(ctx.db, {
    fts5,
    websearch: text,
    now: ctx.clock.now().toISOString(),
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  });
  const pageCount = pageCountOf(page, total);
  const summaries = await summarize(ctx, rows);
  const items = summaries.map((summary, i) => ({
    ...summary,
    titleHtml: highlightMarks(rows[i]!.title_marked),
    snippetHtml: highlightMarks(rows[i]!.snippet),
  }));
  return { items, page, pageCount, total };
}
