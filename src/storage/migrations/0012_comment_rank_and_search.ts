// Issue 13: "best" that means something before anyone votes, and search that finds comments.
// - comments.wilson now holds the "best" rank of a top-level comment (domain/comments/rank.ts: the
//   Wilson bound of its votes with a quality prior), in the same indexed column, so keyset pages and
//   their cursors are unchanged. Every existing top-level comment is ranked here once.
// - A full-text index over comment bodies, built like the posts' (0001): a stored tsvector with a
//   GIN index on PostgreSQL; an external-content FTS5 table kept in step by triggers on SQLite.
import { sql, type Kysely } from 'kysely';
import type { Engine } from '../../config.ts';
import type { Database } from '../schema.ts';
import { recomputeAllRanks } from '../../domain/comments/rank.ts';

export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  if (engine === 'postgres') {
    await sql`ALTER TABLE comments ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
      to_tsvector('english', body_markdown)
    ) STORED`.execute(db);
    await sql`CREATE INDEX comments_search ON comments USING gin (search_vector)`.execute(db);
  } else {
    await sql`CREATE VIRTUAL TABLE comments_fts USING fts5(
      body_markdown, content='comments', content_rowid='rowid', tokenize='porter unicode61 remove_diacritics 2'
    )`.execute(db);
    await sql`CREATE TRIGGER comments_fts_insert AFTER INSERT ON comments BEGIN
      INSERT INTO comments_fts(rowid, body_markdown) VALUES (new.rowid, new.body_markdown);
    END`.execute(db);
    await sql`CREATE TRIGGER comments_fts_delete AFTER DELETE ON comments BEGIN
      INSERT INTO comments_fts(comments_fts, rowid, body_markdown) VALUES ('delete', old.rowid, old.body_markdown);
    END`.execute(db);
    await sql`CREATE TRIGGER comments_fts_update AFTER UPDATE OF body_markdown ON comments BEGIN
      INSERT INTO comments_fts(comments_fts, rowid, body_markdown) VALUES ('delete', old.rowid, old.body_markdown);
      INSERT INTO comments_fts(rowid, body_markdown) VALUES (new.rowid, new.body_markdown);
    END`.execute(db);
    await sql`INSERT INTO comments_fts(comments_fts) VALUES ('rebuild')`.execute(db);
  }
  // The formula lives in the domain, once; the migration only applies it to what is already there.
  await recomputeAllRanks(db as unknown as Kysely<Database>);
}
