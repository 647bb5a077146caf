// Storing a new comment row: the one insert every posted comment runs, so it is compiled once
// (compiled-query.ts) with every column of the row bound in a fixed order.
import { writeUnanswered, type Db } from '../db.ts';
import { boundOnce } from '../compiled-query.ts';
import type { Comment } from '../schema.ts';

/** Every column of a comment row, in the order the compiled insert binds them. */
const COMMENT_COLUMNS = [
  'id',
  'thread_id',
  'parent_id',
  'root_id',
  'depth',
  'author_id',
  'guest_name',
  'guest_email',
  'guest_key_hash',
  'body_markdown',
  'body_html',
  'status',
  'upvotes',
  'downvotes',
  'wilson',
  'created_at',
  'edited_at',
  'deleted_at',
  'moderation',
  'spam_score',
  'ip_hash',
  'report_count',
  'featured_at',
  'pinned_at',
  'reviewed_at',
  'reviewed_by',
  'rejection_reason',
  'trained_as',
  'text_hash',
  'simhash_0',
  'simhash_1',
  'simhash_2',
  'simhash_3',
] as const satisfies readonly (keyof Comment)[];
// A column added to the table but not to the list fails to compile here.
const everyColumnListed: Exclude<keyof Comment, (typeof COMMENT_COLUMNS)[number]> extends never ? true : never = true;
void everyColumnListed;

// Every comment posted runs it, and building a 33-column insert cost more than SQLite took to
// store the row: compiled once (compiled-query.ts).
const insertCommentRow = boundOnce(COMMENT_COLUMNS.length, (db: Db, ...values: unknown[]) =>
  db.insertInto('comments').values(Object.fromEntries(COMMENT_COLUMNS.map((column, i) => [column, values[i]])) as unknown as Comment),
);

/**
 * Nothing reads the insert's answer, so in a PostgreSQL transaction it travels with the next
 * statement or the COMMIT (db.ts): a failure (a thread deleted meanwhile) fails the transaction.
 */
export async function insertComment(db: Db, comment: Comment): Promise<void> {
  await writeUnanswered(db, insertCommentRow(db, ...COMMENT_COLUMNS.map((column) => comment[column])));
}
