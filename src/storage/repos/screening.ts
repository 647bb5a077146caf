// What the moderation pipeline asks about a commenter's recent past: their comments (or an
// address's) in a time window, whether they ever had a comment published, and their latest
// comment in a thread (slow mode). Deleted comments do not count; held and spam ones do.
import type { ExpressionBuilder } from 'kysely';
import type { Db } from '../db.ts';
import { compiledOnce } from '../compiled-query.ts';
import type { Comment, Database } from '../schema.ts';

/** Who wrote: an account, or a guest known by email and/or browser key, or only an address (ip_hash). */
export type Author = PersonAuthor | { ipHash: string };

/** An account, or a guest known by email and/or browser key. */
export type PersonAuthor = { authorId: string } | { guestEmail: string | null; guestKeyHash: string | null };

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

/** A recent comment, whether the author wrote it, and whether it came from the given address. */
export type NearbyComment = RecentComment & { byAuthor: boolean; fromAddress: boolean };

/**
 * Each shape compiled once (compiled-query.ts): screening asks for every comment posted. The
 * inputs, in order: the author's one or two identifiers, the address, since, until, the id to
 * leave out ('' for none: no comment has it), the text hash when asked, the limit. The author's
 * identifiers and the address are bound twice: to find the rows, and to say which matched.
 */
function nearbyQuery(kind: 'account' | 'guest', byTextHash: boolean) {
  const identifiers = kind === 'guest' ? 2 : 1;
  return compiledOnce(identifiers + 5 + (byTextHash ? 1 : 0), (db: Db, ...inputs: unknown[]) => {
    const who = inputs.slice(0, identifiers) as string[];
    let next = identifiers;
    const input = <T>() => inputs[next++] as T;
    const address = input<string>();
    // A guest known by email or browser key; the one they lack is null, and "= null" matches nothing.
    const byTheAuthor = (eb: ExpressionBuilder<Database, 'comments'>) =>
      kind === 'account'
        ? eb('comments.author_id', '=', who[0]!)
        : eb.and([
            eb('comments.author_id', 'is', null),
            eb.or([eb('comments.guest_email', '=', who[0]!), eb('comments.guest_key_hash', '=', who[1]!)]),
          ]);
    let query = db
      .selectFrom('comments')
      .select(['comments.id', 'comments.thread_id', 'comments.body_markdown', 'comments.created_at', 'comments.status'])
      .select((eb) => [
        eb.case().when(byTheAuthor(eb)).then(1).else(0).end().as('by_author'),
        eb.case().when('comments.ip_hash', '=', address).then(1).else(0).end().as('from_address'),
      ])
      .where((eb) => eb.or([byTheAuthor(eb), eb('comments.ip_hash', '=', address)]))
      .where('comments.created_at', '>=', input<string>())
      .where('comments.created_at', '<=', input<string>())
      .where('comments.status', '!=', 'deleted')
      .where('comments.id', '!=', input<string>());
    if (byTextHash) query = query.where('comments.text_hash', '=', input<string>());
    return query.orderBy('comments.created_at', 'desc').limit(input<number>());
  });
}

const NEARBY = {
  account: { all: nearbyQuery('account', false), byTextHash: nearbyQuery('account', true) },
  guest: { all: nearbyQuery('guest', false), byTextHash: nearbyQuery('guest', true) },
};

/**
 * The author's comments and those from an address (ip_hash; null: none) from `since` up to
 * `until` (inclusive), newest first, at most `limit` in all, in one read: screening asks about
 * both for every comment, and on PostgreSQL each read is a round trip.
 */
export async function recentCommentsNearby(
  db: Db,
  options: {
    author: PersonAuthor;
    address: string | null;
    since: string;
    until: string;
    excludeId?: string | null;
    limit: number;
    textHash?: string;
  },
): Promise<NearbyComment[]> {
  const { author } = options;
  const [kind, who]: ['account' | 'guest', (string | null)[]] =
    'authorId' in author
      ? ['account', [author.authorId]]
      : ['guest', [author.guestEmail?.toLowerCase() ?? null, author.guestKeyHash ?? null]];
  // "= null" matches nothing, so a missing address (or a guest with neither identifier) finds nobody by it.
  const shared = [options.address, options.since, options.until, options.excludeId || ''];
  const result = options.textHash
    ? await NEARBY[kind].byTextHash(db, ...who, ...shared, options.textHash, options.limit)
    : await NEARBY[kind].all(db, ...who, ...shared, options.limit);
  return (result.rows as (RecentComment & { by_author: number | boolean; from_address: number | boolean })[]).map(
    ({ by_author, from_address, ...row }) => ({ ...row, byAuthor: Boolean(by_author), fromAddress: Boolean(from_address) }),
  );
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
