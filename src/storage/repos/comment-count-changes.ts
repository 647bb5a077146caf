// PostgreSQL's way of moving threads.comment_count (migration 0019). Updating the thread row in
// the comment's own transaction held that row's lock until COMMIT had been flushed, so every
// comment on a thread waited for the one before it. Instead the transaction adds a row to
// thread_count_changes (nothing to wait for), and once it has committed the change is folded into
// the thread: one statement that takes every change waiting for that thread and adds their sum.
// Folds of one thread are made one at a time per process, and a change that arrives while one
// runs waits for the next, which takes all that came meanwhile — under a burst, one fold serves
// many comments. The caller's inTransaction resolves after the fold that took its change, so a
// reader who was answered sees the count with it. A process killed between the commit and the
// fold leaves its rows behind; the next fold of that thread takes them, and every start folds
// whatever is left (foldAllCommentCountChanges); so does a fold that failed.
import { sql } from 'kysely';
import { afterCommitAwaited, writeUnanswered, type Db } from '../db.ts';

/** Inside the transaction that changed the comment: records the change, folded after commit. */
export async function recordCommentCountChange(db: Db, threadId: string, delta: number): Promise<void> {
  // Nothing reads its answer: it can travel with the transaction's next statement (db.ts).
  await writeUnanswered(db, db.insertInto('thread_count_changes').values({ thread_id: threadId, delta }).compile());
  await afterCommitAwaited(db, (root) => foldSoon(root, threadId));
}

/** Folds every change still waiting, of every thread: at start, after a process died mid-way. */
export async function foldAllCommentCountChanges(db: Db): Promise<number> {
  const rows = await db.selectFrom('thread_count_changes').select('thread_id').distinct().execute();
  for (const { thread_id } of rows) await foldNow(db, thread_id);
  return rows.length;
}

interface ThreadFolds {
  /** The fold that has not started yet: a change committed now is folded by it. */
  queued: Promise<void> | null;
  /** The last fold started or queued. */
  tail: Promise<void>;
}

const foldsByHandle = new WeakMap<Db, Map<string, ThreadFolds>>();

/**
 * Never rejects. A fold that fails (the database gone for a moment) leaves the thread's changes in
 * their table for the next fold or the next start; the comment behind it has committed, and its
 * poster must not be told it failed.
 */
function foldSoon(db: Db, threadId: string): Promise<void> {
  let folds = foldsByHandle.get(db);
  if (!folds) foldsByHandle.set(db, (folds = new Map()));
  const state = folds.get(threadId) ?? { queued: null, tail: Promise.resolve() };
  if (state.queued) return state.queued;
  const fold = state.tail
    .then(() => {
      state.queued = null;
      return foldNow(db, threadId);
    })
    .catch(() => {});
  state.queued = fold;
  state.tail = fold;
  folds.set(threadId, state);
  void fold.then(() => {
    if (state.tail === fold) folds.delete(threadId);
  });
  return fold;
}

/**
 * Deletes the thread's waiting changes and adds their sum to its count, in one statement (so
 * one transaction). When nothing waits, the sum is null and the thread row is not touched.
 * Two processes folding at once each take the rows the other did not: a row being deleted by
 * one is skipped by the other once that one commits.
 */
async function foldNow(db: Db, threadId: string): Promise<void> {
  await sql`
    WITH moved AS (DELETE FROM thread_count_changes WHERE thread_id = ${threadId} RETURNING delta),
         total AS (SELECT sum(delta) AS delta FROM moved)
    UPDATE threads SET comment_count = comment_count + total.delta
    FROM total WHERE threads.id = ${threadId} AND total.delta IS NOT NULL`.execute(db);
}
