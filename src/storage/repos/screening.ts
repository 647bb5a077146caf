// What the moderation pipeline asks about a commenter's recent past: their comments (or an
// address's) in a time window, whether they ever had a comment published, and their latest
// comment in a thread (slow mode). Deleted comments do not count; held and spam ones do.
import type { ExpressionBuilder } from 'kysely';
import type { Db } from '../db.ts';
import type { Comment, Database } from '../schema.ts';

/** Who wrote: an account, or a guest known by email and/or browser key, or only an address (ip_hash). */
export type Author = { authorId: string } | { guestEmail: string | null; guestKeyHash: string | null } | { ipHash: string };

export type RecentComment = Pick<Comment, 'id' | 'thread_id' | 'body_markdown' | 'created_at' | 'status'>;

function byAuthor(eb: ExpressionBuilder<Database, 'comments'>, author: Author) {
  if ('authorId' in author) return eb('comments.author_id', '=', author.authorId);
  if ('ipHash' in author) return eb('comments.ip_hash', '=', author.ipHash);
  const either = [];
  if (author.guestEmail) either.push(eb('comments.guest_email', '=', author.guestEmail.toLowerCase()));
  if (author.guestKeyHash) either.push(eb('comments.guest_key_hash', '=', author.guestKeyHash));
  // A guest with neither is nobody we can recognise: an empty OR matches nothing (1 = 0).
  if (either.length === 0) return eb.or([]);
  return eb.and([eb('comments.author_id', 'is', null), eb.or(either)]);
}

/** The author's comments from `since` up to `until` (inclusive), newest first, at most `limit`. */
export function recentComments(
  db: Db,
  options: { author: Author; since: string; until: string; excludeId?: string | null; limit: number; textHash?: string },
): Promise<RecentComment[]> {
  let query = db
    .selectFrom('comments')
    .select(['comments.id', 'comments.thread_id', 'comments.body_markdown', 'comments.created_at', 'comments.status'])
    .where((eb) => byAuthor(eb, options.author))
    .where('comments.created_at', '>=', options.since)
    .where('comments.created_at', '<=', options.until)
    .where('comments.status', '!=', 'deleted');
  if (options.excludeId) query = query.where('comments.id', '!=', options.excludeId);
  if (options.textHash) query = query.where('comments.text_hash', '=', options.textHash);
  return query.orderBy('comments.created_at', 'desc').limit(options.limit).execute();
}

/** Whether the author has at least one published comment anywhere on the site. */
export async function hasPublishedComment(db: Db, author: Author, excludeId?: string | null): Promise<boolean> {
  let query = db
    .selectFrom('comments')
    .select('comments.id')
    .where((eb) => byAuthor(eb, author))
    .where('comments.status', '=', 'published');
  if (excludeId) query = query.where('comments.id', '!=', excludeId);
  return (await query.limit(1).executeTakeFirst()) !== undefined;
}

/** When the author last commented in this thread (any status but deleted), or null. */
export async function lastCommentAt(db: Db, threadId: string, author: Author): Promise<string | null> {
  const row = await db
    .selectFrom('comments')
    .select('comments.created_at')
    .where('comments.thread_id', '=', threadId)
    .where((eb) => byAuthor(eb, author))
    .where('comments.status', '!=', 'deleted')
    .orderBy('comments.created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.created_at ?? null;
}
