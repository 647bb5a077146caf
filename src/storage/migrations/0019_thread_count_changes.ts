// Issue 16 (posting on PostgreSQL): every new comment added one to its thread's comment_count
// inside its own transaction, and PostgreSQL holds the updated row's lock until COMMIT has been
// flushed — so all comments on one thread, from every instance, queued behind each other one
// flush at a time (the count update averaged 15 ms under the posting benchmark, as long as all
// the rest of the comment). On PostgreSQL a change of count is now a row here, written in the
// comment's transaction with no lock to wait for, and folded into threads.comment_count right
// after it commits, many changes at a time (storage/repos/comment-count-changes.ts). SQLite has one
// writer and nothing to queue behind, so it updates the count directly and this table stays empty.
import type { Kysely } from 'kysely';
import type { Engine } from '../../config.ts';

export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  await db.schema
    .createTable('thread_count_changes')
    .addColumn('id', engine === 'postgres' ? 'bigserial' : 'integer', (c) => c.primaryKey())
    .addColumn('thread_id', 'text', (c) => c.notNull().references('threads.id').onDelete('cascade'))
    .addColumn('delta', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('thread_count_changes_by_thread').on('thread_count_changes').column('thread_id').execute();
}
