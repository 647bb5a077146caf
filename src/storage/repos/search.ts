// Full-text search over visible posts: FTS5 with bm25 on SQLite, a weighted tsvector with
// ts_rank_cd on PostgreSQL. Both rank title matches above body matches and mark the matched
// words in the snippet with \u0001 … \u0002, which the renderer turns into escaped <mark>s.
import { sql } from 'kysely';
import { engineOf, type Db } from '../db.ts';
import type { PostSummaryRow } from './posts.ts';

export const MARK_START = '\u0001';
export const MARK_END = '\u0002';

export interface SearchRow extends PostSummaryRow {
  title_marked: string;
  snippet: string;
}

export interface SearchQuery {
  /** For SQLite: an FTS5 expression built by domain/search/query.ts, never raw user input. */
  fts5: string;
  /** For PostgreSQL: the reader's words, parsed safely by websearch_to_tsquery. */
  websearch: string;
  now: string;
  limit: number;
  offset: number;
}

const SUMMARY_COLUMNS = sql`p.id, p.title, p.slug, p.excerpt, p.published_at, p.lead_media_id,
  u.display_name AS author_name, u.slug AS author_slug, c.name AS category_name, c.slug AS category_slug`;

const VISIBLE = (now: string) => sql`p.type = 'post' AND p.status IN ('published', 'scheduled') AND p.published_at <= ${now}`;

export async function searchPosts(db: Db, query: SearchQuery): Promise<{ rows: SearchRow[]; total: number }> {
  return engineOf(db) === 'postgres' ? searchPostgres(db, query) : searchSqlite(db, query);
}

async function searchSqlite(db: Db, q: SearchQuery) {
  // Title hits weigh five times body hits; bm25 is lower-is-better.
  const rows = await sql<SearchRow>`
    SELECT ${SUMMARY_COLUMNS},
      highlight(posts_fts, 0, char(1), char(2)) AS title_marked,
      snippet(posts_fts, 1, char(1), char(2), '…', 32) AS snippet
    FROM posts_fts
    JOIN posts p ON p.rowid = posts_fts.rowid
    JOIN users u ON u.id = p.author_id
    LEFT JOIN categories c ON c.id = p.category_id
    WHERE posts_fts MATCH ${q.fts5} AND ${VISIBLE(q.now)}
    ORDER BY bm25(posts_fts, 5.0, 1.0), p.published_at DESC
    LIMIT ${q.limit} OFFSET ${q.offset}`.execute(db);
  const count = await sql<{ n: number }>`
    SELECT count(*) AS n FROM posts_fts JOIN posts p ON p.rowid = posts_fts.rowid
    WHERE posts_fts MATCH ${q.fts5} AND ${VISIBLE(q.now)}`.execute(db);
  return { rows: rows.rows, total: Number(count.rows[0]?.n ?? 0) };
}

async function searchPostgres(db: Db, q: SearchQuery) {
  // ts_headline is costly, so it runs only on the page of hits, after ranking and limiting.
  const options = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=40, MinWords=20, MaxFragments=2, FragmentDelimiter=" … "`;
  const rows = await sql<SearchRow>`
    WITH query AS (SELECT websearch_to_tsquery('english', ${q.websearch}) AS tsq),
    hits AS (
      SELECT p.*, ts_rank_cd(p.search_vector, query.tsq) AS rank
      FROM posts p, query
      WHERE p.search_vector @@ query.tsq AND ${VISIBLE(q.now)}
      ORDER BY rank DESC, p.published_at DESC
      LIMIT ${q.limit} OFFSET ${q.offset}
    )
    SELECT ${SUMMARY_COLUMNS},
      ts_headline('english', p.title, query.tsq, ${`HighlightAll=true, StartSel=${MARK_START}, StopSel=${MARK_END}`}) AS title_marked,
      ts_headline('english', p.body_text, query.tsq, ${options}) AS snippet
    FROM hits p CROSS JOIN query
    JOIN users u ON u.id = p.author_id
    LEFT JOIN categories c ON c.id = p.category_id
    ORDER BY p.rank DESC, p.published_at DESC`.execute(db);
  const count = await sql<{ n: number }>`
    SELECT count(*) AS n FROM posts p
    WHERE p.search_vector @@ websearch_to_tsquery('english', ${q.websearch}) AND ${VISIBLE(q.now)}`.execute(db);
  return { rows: rows.rows, total: Number(count.rows[0]?.n ?? 0) };
}
