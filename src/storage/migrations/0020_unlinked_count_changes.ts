// Issue 16 (posting on PostgreSQL): thread_count_changes referenced threads, so each comment's
// count-change row made PostgreSQL check the thread exists and take a key-share lock on its row —
// the one row every comment on a hot thread shares, and which the fold keeps updating. In the
// posting benchmark (pg_stat_statements) that check was most of the insert: 134 µs with the
// reference, 53 µs without. The comment itself still references its thread, in the same
// transaction, so a change can only be written for a thread that exists. A change whose thread is
// deleted before it is folded stays until a fold of that id, which every start makes
// (foldAllCommentCountChanges); the fold deletes it and updates nothing.
// SQLite never writes this table (it updates the count in place), so its schema is left as it is.
import { sql, type Kysely } from 'kysely';
import type { Engine } from '../../config.ts';

export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  if (engine !== 'postgres') return;
  // The name PostgreSQL gave the column's reference in migration 0019.
  await sql`ALTER TABLE thread_count_changes DROP CONSTRAINT IF EXISTS thread_count_changes_thread_id_fkey`.execute(db);
}
