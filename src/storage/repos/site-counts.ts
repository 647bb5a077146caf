// Comment counts of an embedding site's pages, for list pages (count.js). One query per kind of
// key, whatever the number of pages: threads.comment_count already holds published comments only
// (src/domain/comments/status-change.ts keeps it), so nothing is counted here row by row.
import type { Db } from '../db.ts';

/** Published-comment counts of the site's threads with these page ids. */
export async function countsByPageId(db: Db, siteName: string, pageIds: string[]): Promise<Map<string, number>> {
  if (pageIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('threads')
    .select(['page_id', 'comment_count'])
    .where('site', '=', siteName)
    .where('page_id', 'in', pageIds)
    .execute();
  return new Map(rows.map((row) => [row.page_id!, Number(row.comment_count)]));
}

export interface UrlCountRow {
  site: string;
  url: string;
  count: number;
}

/**
 * Threads whose site is one of `siteKeys` (the site's name, and its origins for threads a Disqus
 * import made before any embed adopted them) and whose URL is one of `urls`, as stored.
 */
export async function countsByUrl(db: Db, siteKeys: string[], urls: string[]): Promise<UrlCountRow[]> {
  if (urls.length === 0 || siteKeys.length === 0) return [];
  const rows = await db
    .selectFrom('threads')
    .select(['site', 'url', 'comment_count'])
    .where('site', 'in', siteKeys)
    .where('url', 'in', urls)
    .execute();
  return rows.map((row) => ({ site: row.site!, url: row.url!, count: Number(row.comment_count) }));
}
