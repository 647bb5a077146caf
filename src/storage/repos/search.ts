// Full-text search over visible posts (and, below, their published comments): FTS5 with bm25 on SQLite, a weighted tsvector with
// ts_rank_cd on PostgreSQL. Both rank title matches above body matches and mark the matched
// words in the snippet with \u0001 … \u0002, which the renderer turns into escaped <mark>s.
import { sql } from 'kysely';
import { engineOf, type Db } from '../db.ts';
import type { CommentRow } from './comments.ts';
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

// ---- Comments -------------------------------------------------------------------------------

export interface CommentSearchRow extends CommentRow {
  post_title: string;
  post_slug: string;
  snippet: string;
}

// Only what any reader may see: published comments, under articles that are themselves visible.
const COMMENT_VISIBLE = (now: string) => sql`cm.status = 'published' AND ${VISIBLE(now)}`;

const COMMENT_COLUMNS = sql`cm.*, u.display_name AS author_name, u.slug AS author_slug, u.role AS author_role,
  u.avatar_media_id AS author_avatar_media_id, u.deleted_at AS author_deleted_at, p.author_id AS post_author_id,
  p.title AS post_title, p.slug AS post_slug`;

/** Comments matching the query, best match first, with a marked excerpt and the article they are under. */
export async function searchComments(db: Db, query: SearchQuery): Promise<{ rows: CommentSearchRow[]; total: number }> {
  return engineOf(db) === 'postgres' ? searchCommentsPostgres(db, query) : searchCommentsSqlite(db, query);
}

/** How many comments match, for the "Comments (N)" tab beside article results. */
export async function countComments(db: Db, query: SearchQuery): Promise<number> {
  const count =
    engineOf(db) === 'postgres'
      ? await sql<{ n: number }>`
        SELECT count(*) AS n FROM comments cm JOIN threads th ON th.id = cm.thread_id JOIN posts p ON p.id = th.post_id
        WHERE cm.search_vector @@ websearch_to_tsquery('english', ${query.websearch}) AND ${COMMENT_VISIBLE(query.now)}`.execute(db)
      : await sql<{ n: number }>`
        SELECT count(*) AS n FROM comments_fts JOIN comments cm ON cm.rowid = comments_fts.rowid
        JOIN threads th ON th.id = cm.thread_id JOIN posts p ON p.id = th.post_id
        WHERE comments_fts MATCH ${query.fts5} AND ${COMMENT_VISIBLE(query.now)}`.execute(db);
  return Number(count.rows[0]?.n ?? 0);
}

/** How many articles match, for the "Articles (N)" tab beside comment results. */
export async function countPosts(db: Db, query: SearchQuery): Promise<number> {
  const count =
    engineOf(db) === 'postgres'
      ? await sql<{ n: number }>`
        SELECT count(*) AS n FROM posts p
        WHERE p.search_vector @@ websearch_to_tsquery('english', ${query.websearch}) AND ${VISIBLE(query.now)}`.execute(db)
      : await sql<{ n: number }>`
        SELECT count(*) AS n FROM posts_fts JOIN posts p ON p.rowid = posts_fts.rowid
        WHERE posts_fts MATCH ${query.fts5} AND ${VISIBLE(query.now)}`.execute(db);
  return Number(count.rows[0]?.n ?? 0);
}

async function searchCommentsSqlite(db: Db, q: SearchQuery) {
  const rows = await sql<CommentSearchRow>`
    SELECT ${COMMENT_COLUMNS}, snippet(comments_fts, 0, char(1), char(2), '…', 32) AS snippet
    FROM comments_fts
    JOIN comments cm ON cm.rowid = comments_fts.rowid
    JOIN threads th ON th.id = cm.thread_id
    JOIN posts p ON p.id = th.post_id
    LEFT JOIN users u ON u.id = cm.author_id
    WHERE comments_fts MATCH ${q.fts5} AND ${COMMENT_VISIBLE(q.now)}
    ORDER BY bm25(comments_fts), cm.created_at DESC, cm.id DESC
    LIMIT ${q.limit} OFFSET ${q.offset}`.execute(db);
  return { rows: rows.rows, total: await countComments(db, q) };
}

async function searchCommentsPostgres(db: Db, q: SearchQuery) {
  const options = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=40, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "`;
  const rows = await sql<CommentSearchRow>`
    WITH query AS (SELECT websearch_to_tsquery('english', ${q.websearch}) AS tsq),
    hits AS (
      SELECT cm.id, ts_rank_cd(cm.search_vector, query.tsq) AS rank
      FROM comments cm CROSS JOIN query
      JOIN threads th ON th.id = cm.thread_id
      JOIN posts p ON p.id = th.post_id
      WHERE cm.search_vector @@ query.tsq AND ${COMMENT_VISIBLE(q.now)}
      ORDER BY rank DESC, cm.created_at DESC, cm.id DESC
      LIMIT ${q.limit} OFFSET ${q.offset}
    )
    SELECT ${COMMENT_COLUMNS}, ts_headline('english', cm.body_markdown, query.tsq, ${options}) AS snippet
    FROM hits CROSS JOIN query
    JOIN comments cm ON cm.id = hits.id
    JOIN threads th ON th.id = cm.thread_id
    JOIN posts p ON p.id = th.post_id
    LEFT JOIN users u ON u.id = cm.author_id
    ORDER BY hits.rank DESC, cm.created_at DESC, cm.id DESC`.execute(db);
  return { rows: rows.rows, total: await countComments(db, q) };
}
