// What the moderation pipeline asks about a commenter's recent past: their comments (or an
// address's) in a time window, whether they ever had a comment published, and their latest
// comment in a thread (slow mode). Deleted comments do not count; held and spam ones do.
import type { ExpressionBuilder } from 'kysely';
import type { Db } from '../db.ts';
import { compiledOnce } from '../compiled-query.ts';
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

type AuthorKind = 'account' | 'guest' | 'address';

/**
 * recentComments runs for every comment posted (twice), so each of its shapes is compiled once
 * (compiled-query.ts). The inputs, in order: the author's one or two identifiers, since, until,
 * the id to leave out ('' for none: no comment has it), the text hash when asked, the limit.
 */
function recentCommentsQuery(kind: AuthorKind, byTextHash: boolean) {
  const arity = (kind === 'guest' ? 2 : 1) + 4 + (byTextHash ? 1 : 0);
  return compiledOnce(arity, (db: Db, ...inputs: unknown[]) => {
    let next = 0;
    const input = <T>() => inputs[next++] as T;
    let query = db
      .selectFrom('comments')
      .select(['comments.id', 'comments.thread_id', 'comments.body_markdown', 'comments.created_at', 'comments.status']);
    if (kind === 'account') query = query.where('comments.author_id', '=', input<string>());
    else if (kind === 'address') query = query.where('comments.ip_hash', '=', input<string>());
    // A guest known by email or browser key; the one they lack is null, and "= null" matches nothing.
    else
      query = query.where((eb) =>
        eb.and([
          eb('comments.author_id', 'is', null),
          eb.or([eb('comments.guest_email', '=', input<string>()), eb('comments.guest_key_hash', '=', input<string>())]),
        ]),
      );
    query = query
      .where('comments.created_at', '>=', input<string>())
      .where('comments.created_at', '<=', input<string>())
      .where('comments.status', '!=', 'deleted')
      .where('comments.id', '!=', input<string>());
    if (byTextHash) query = query.where('comments.text_hash', '=', input<string>());
    return query.orderBy('comments.created_at', 'desc').limit(input<number>());
  });
}

const RECENT_COMMENTS = {
  account: { all: recentCommentsQuery('account', false), byTextHash: recentCommentsQuery('account', true) },
  guest: { all: recentCommentsQuery('guest', false), byTextHash: recentCommentsQuery('guest', true) },
  address: { all: recentCommentsQuery('address', false), byTextHash: recentCommentsQuery('address', true) },
};

/** The author's comments from `since` up to `until` (inclusive), newest first, at most `limit`. */
export async function recentComments(
  db: Db,
  options: { author: Author; since: string; until: string; excludeId?: string | null; limit: number; textHash?: string },
): Promise<RecentComment[]> {
  const { author } = options;
  let kind: AuthorKind;
  let who: (string | null)[];
  if ('authorId' in author) [kind, who] = ['account', [author.authorId]];
  else if ('ipHash' in author) [kind, who] = ['address', [author.ipHash]];
  else {
    // A guest with neither is nobody we can recognise.
    if (!author.guestEmail && !author.guestKeyHash) return [];
    [kind, who] = ['guest', [author.guestEmail?.toLowerCase() ?? null, author.guestKeyHash ?? null]];
  }
  const shared = [options.since, options.until, options.excludeId || ''];
  const result = options.textHash
    ? await RECENT_COMMENTS[kind].byTextHash(db, ...who, ...shared, options.textHash, options.limit)
    : await RECENT_COMMENTS[kind].all(db, ...who, ...shared, options.limit);
  return result.rows as RecentComment[];
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
