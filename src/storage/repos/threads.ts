import { engineOf, type Db } from '../db.ts';
import { recordCommentCountChange } from './comment-count-changes.ts';
import { compiledOnce } from '../compiled-query.ts';
import type { Thread } from '../schema.ts';

// These two run for every comment posted, so they are compiled once (compiled-query.ts).
const threadById = compiledOnce(1, (db: Db, id: string) => db.selectFrom('threads').selectAll().where('id', '=', id));
const addToCommentCount = compiledOnce(2, (db: Db, threadId: string, delta: number) =>
  db
    .updateTable('threads')
    .set((eb) => ({ comment_count: eb('comment_count', '+', delta) }))
    .where('id', '=', threadId),
);

export async function findThreadById(db: Db, id: string): Promise<Thread | undefined> {
  return (await threadById(db, id)).rows[0];
}

export function findThreadByPostId(db: Db, postId: string): Promise<Thread | undefined> {
  return db.selectFrom('threads').selectAll().where('post_id', '=', postId).executeTakeFirst();
}

export async function insertThread(db: Db, thread: Thread): Promise<void> {
  await db.insertInto('threads').values(thread).execute();
}

/**
 * Moves the published-comment count, in the same transaction as the comment change it counts.
 * SQLite (one writer) updates the thread row at once; PostgreSQL records the change and folds it
 * in after commit (comment-count-changes.ts), so that comments on one thread do not queue for
 * its row's lock. Either way the transaction's inTransaction resolves with the count moved.
 */
export async function adjustCommentCount(db: Db, threadId: string, delta: number): Promise<void> {
  if (delta === 0) return;
  if (engineOf(db) === 'postgres') await recordCommentCountChange(db, threadId, delta);
  else await addToCommentCount(db, threadId, delta);
}

/**
 * Sets every thread's count from its published comments, and drops changes still waiting to be
 * folded (they are in the recount): after a restore, which brings counts as they were read.
 */
export async function recountCommentCounts(db: Db): Promise<void> {
  await db
    .updateTable('threads')
    .set((eb) => ({
      comment_count: eb
        .selectFrom('comments')
        .select((c) => c.fn.countAll<number>().as('n'))
        .whereRef('comments.thread_id', '=', 'threads.id')
        .where('comments.status', '=', 'published'),
    }))
    .execute();
  await db.deleteFrom('thread_count_changes').execute();
}

/** Published-comment counts of several posts at once, for lists of post cards. */
export async function commentCountsByPost(db: Db, postIds: string[]): Promise<Map<string, { threadId: string; count: number }>> {
  if (postIds.length === 0) return new Map();
  const rows = await db.selectFrom('threads').select(['id', 'post_id', 'comment_count']).where('post_id', 'in', postIds).execute();
  return new Map(rows.map((r) => [r.post_id!, { threadId: r.id, count: r.comment_count }]));
}
