// Comments and votes. Pages of a thread are keyset-paginated over its top-level comments; the
// replies of a page come from one query on root_id.
import { sql, type ExpressionBuilder } from 'kysely';
import type { Db } from '../db.ts';
import type { Comment, CommentsTable, Database, Role } from '../schema.ts';

// The insert every posted comment runs lives beside, compiled once (comment-insert.ts).
export { insertComment } from './comment-insert.ts';

export type TopLevelOrder = 'best' | 'newest' | 'oldest';

/** Where the previous page ended, in the order's own terms. */
export interface Keyset {
  wilson?: number;
  createdAt: string;
  id: string;
}

export interface CommentRow extends Comment {
  author_name: string | null;
  author_slug: string | null;
  author_role: Role | null;
  /** The uploaded avatar, if any (null: the initials are drawn). */
  author_avatar_media_id?: string | null;
  /** A single sign-on account's picture, as its site gave it (https, checked on the way in; 0015). */
  author_sso_avatar_url?: string | null;
  /** Set when the account was deleted and the comment kept as "Deleted user". */
  author_deleted_at?: string | null;
  /** Who wrote the article under discussion, for the "Author" badge; null off-site. */
  post_author_id?: string | null;
}

/** Comments with what presenting them needs: author name, slug, role, picture, and the article's author (badges). */
export function withAuthors(db: Db) {
  return db
    .selectFrom('comments')
    .leftJoin('users', 'users.id', 'comments.author_id')
    .leftJoin('threads', 'threads.id', 'comments.thread_id')
    .leftJoin('posts', 'posts.id', 'threads.post_id')
    .selectAll('comments')
    .select([
      'users.display_name as author_name',
      'users.slug as author_slug',
      'users.role as author_role',
      'users.avatar_media_id as author_avatar_media_id',
      'users.sso_avatar_url as author_sso_avatar_url',
      'users.deleted_at as author_deleted_at',
      'posts.author_id as post_author_id',
    ]);
}

export function findComment(db: Db, id: string): Promise<CommentRow | undefined> {
  return withAuthors(db).where('comments.id', '=', id).executeTakeFirst() as Promise<CommentRow | undefined>;
}

export async function updateComment(db: Db, id: string, changes: Partial<Omit<CommentsTable, 'id' | 'thread_id'>>): Promise<void> {
  await db.updateTable('comments').set(changes).where('id', '=', id).execute();
}

/** Whose own not-yet-public comments a read may include: an account, or a guest browser's key. */
export type CommentViewer = { authorId: string } | { guestKeyHash: string };

/** Statuses an author still sees on their own comments (held, shadow-banned, rejected, spam). */
export const OWN_HIDDEN_STATUSES = ['pending', 'shadow', 'rejected', 'spam'] as const;

type CommentsEb = ExpressionBuilder<Database, 'comments'>;

export function ownedBy(eb: CommentsEb, viewer: CommentViewer) {
  // A guest key owns only comments no account has claimed since (domain/comments/commenter.ts owns()).
  return 'authorId' in viewer
    ? eb('comments.author_id', '=', viewer.authorId)
    : eb.and([eb('comments.author_id', 'is', null), eb('comments.guest_key_hash', '=', viewer.guestKeyHash)]);
}

/** Published; a removed comment that still has published replies (a placeholder); or, for a viewer, their own hidden ones. */
function visibleTopLevel(eb: CommentsEb, viewer: CommentViewer | null) {
  return eb.or([
    eb('comments.status', '=', 'published'),
    eb.exists(
      eb
        .selectFrom('comments as reply')
        .select('reply.id')
        .whereRef('reply.root_id', '=', 'comments.id')
        .where('reply.depth', '>', 0)
        .where('reply.status', '=', 'published'),
    ),
    ...(viewer ? [eb.and([eb('comments.status', 'in', OWN_HIDDEN_STATUSES), ownedBy(eb, viewer)])] : []),
  ]);
}

/**
 * One page of top-level comments that readers can see: published ones, and removed ones that
 * still have published replies (they stay as placeholders so the thread keeps its shape); with a
 * viewer, also that viewer's own hidden comments. Pinned comments are never in these pages (the
 * first page shows them apart, see pinnedTopLevel), so no keyset page repeats them.
 */
export async function topLevelPage(
  db: Db,
  options: { threadId: string; order: TopLevelOrder; after: Keyset | null; limit: number; viewer?: CommentViewer | null },
): Promise<CommentRow[]> {
  const { threadId, order, after, limit } = options;
  let query = withAuthors(db)
    .where('comments.thread_id', '=', threadId)
    .where('comments.depth', '=', 0)
    .where('comments.pinned_at', 'is', null)
    .where((eb) => visibleTopLevel(eb, options.viewer ?? null));
  if (order === 'best') {
    if (after) {
      const w = after.wilson ?? 0;
      query = query.where((eb) =>
        eb.or([
          eb('comments.wilson', '<', w),
          eb.and([eb('comments.wilson', '=', w), eb('comments.created_at', '<', after.createdAt)]),
          eb.and([eb('comments.wilson', '=', w), eb('comments.created_at', '=', after.createdAt), eb('comments.id', '<', after.id)]),
        ]),
      );
    }
    query = query.orderBy('comments.wilson', 'desc').orderBy('comments.created_at', 'desc').orderBy('comments.id', 'desc');
  } else {
    const direction = order === 'newest' ? 'desc' : 'asc';
    const beyond = order === 'newest' ? '<' : '>';
    if (after) {
      query = query.where((eb) =>
        eb.or([
          eb('comments.created_at', beyond, after.createdAt),
          eb.and([eb('comments.created_at', '=', after.createdAt), eb('comments.id', beyond, after.id)]),
        ]),
      );
    }
    query = query.orderBy('comments.created_at', direction).orderBy('comments.id', direction);
  }
  return (await query.limit(limit).execute()) as CommentRow[];
}

/**
 * The first `perRoot` replies (any status) under each of the given top-level comments, oldest
 * first: a page is bounded by comments, not only by conversations. A reply is always younger than
 * its parent, so the first N by (created_at, id) include every shown reply's parent.
 */
export async function repliesUnder(db: Db, rootIds: string[], perRoot: number): Promise<CommentRow[]> {
  if (rootIds.length === 0) return [];
  const ranked = db
    .selectFrom('comments')
    .select((eb) => [
      'comments.id',
      eb.fn
        .agg<number>('row_number')
        .over((ob) => ob.partitionBy('comments.root_id').orderBy('comments.created_at', 'asc').orderBy('comments.id', 'asc'))
        .as('rank'),
    ])
    .where('comments.root_id', 'in', rootIds)
    .where('comments.depth', '>', 0)
    .as('ranked');
  const rows = await withAuthors(db)
    .where('comments.id', 'in', db.selectFrom(ranked).select('ranked.id').where('ranked.rank', '<=', perRoot))
    .orderBy('comments.created_at', 'asc')
    .orderBy('comments.id', 'asc')
    .execute();
  return rows as CommentRow[];
}

/** Replies (any status) under one top-level comment after a keyset, oldest first: "more replies". */
export async function repliesAfter(db: Db, rootId: string, after: Keyset | null, limit: number): Promise<CommentRow[]> {
  let query = withAuthors(db).where('comments.root_id', '=', rootId).where('comments.depth', '>', 0);
  if (after) query = query.where((eb) => afterKeyset(eb, after));
  return (await query.orderBy('comments.created_at', 'asc').orderBy('comments.id', 'asc').limit(limit).execute()) as CommentRow[];
}

/** Published replies under one top-level comment after a keyset: the N of "N more replies". */
export async function publishedRepliesAfter(db: Db, rootId: string, after: Keyset): Promise<number> {
  const row = await db
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('comments.root_id', '=', rootId)
    .where('comments.depth', '>', 0)
    .where('comments.status', '=', 'published')
    .where((eb) => afterKeyset(eb, after))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function afterKeyset(eb: CommentsEb, after: Keyset) {
  return eb.or([
    eb('comments.created_at', '>', after.createdAt),
    eb.and([eb('comments.created_at', '=', after.createdAt), eb('comments.id', '>', after.id)]),
  ]);
}

/** Whether this viewer has any comment in the thread that only they see (held, rejected, spam, shadow). */
export async function hasOwnHiddenIn(db: Db, threadId: string, viewer: CommentViewer): Promise<boolean> {
  const row = await db
    .selectFrom('comments')
    .select('comments.id')
    .where('comments.thread_id', '=', threadId)
    .where('comments.status', 'in', OWN_HIDDEN_STATUSES)
    .where((eb) => ownedBy(eb, viewer))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The thread's pinned top-level comments that this reader can see, most recently pinned first. */
export async function pinnedTopLevel(db: Db, threadId: string, viewer: CommentViewer | null): Promise<CommentRow[]> {
  const rows = await withAuthors(db)
    .where('comments.thread_id', '=', threadId)
    .where('comments.depth', '=', 0)
    .where('comments.pinned_at', 'is not', null)
    .where((eb) => visibleTopLevel(eb, viewer))
    .orderBy('comments.pinned_at', 'desc')
    .orderBy('comments.id', 'desc')
    .execute();
  return rows as CommentRow[];
}

/** Editor's picks: published comments of the thread with featured_at set, newest pick first. */
export async function featuredIn(db: Db, threadId: string, limit: number): Promise<CommentRow[]> {
  const rows = await withAuthors(db)
    .where('comments.thread_id', '=', threadId)
    .where('comments.status', '=', 'published')
    .where('comments.featured_at', 'is not', null)
    .orderBy('comments.featured_at', 'desc')
    .orderBy('comments.id', 'desc')
    .limit(limit)
    .execute();
  return rows as CommentRow[];
}

/** The viewer's own comments in the thread that others cannot see, oldest first. */
export async function ownHiddenIn(db: Db, threadId: string, viewer: CommentViewer, limit: number): Promise<CommentRow[]> {
  const rows = await withAuthors(db)
    .where('comments.thread_id', '=', threadId)
    .where('comments.status', 'in', OWN_HIDDEN_STATUSES)
    .where((eb) => ownedBy(eb, viewer))
    .orderBy('comments.created_at', 'asc')
    .orderBy('comments.id', 'asc')
    .limit(limit)
    .execute();
  return rows as CommentRow[];
}

/** How many of the viewer's comments in the thread are spam or shadow: shown to them as published, so counted for them alone. */
export async function ownSilentCount(db: Db, threadId: string, viewer: CommentViewer): Promise<number> {
  const row = await db
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('comments.thread_id', '=', threadId)
    .where('comments.status', 'in', ['shadow', 'spam'])
    .where((eb) => ownedBy(eb, viewer))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function hasPublishedReplies(db: Db, id: string): Promise<boolean> {
  const row = await db
    .selectFrom('comments')
    .select('id')
    .where('parent_id', '=', id)
    .where('status', '=', 'published')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Names of everyone who has a visible comment in the thread, for @mentions. */
export async function participants(db: Db, threadId: string): Promise<{ name: string; slug: string | null }[]> {
  const rows = await db
    .selectFrom('comments')
    .leftJoin('users', 'users.id', 'comments.author_id')
    .select(['users.display_name as user_name', 'users.slug as slug', 'comments.guest_name'])
    .where('comments.thread_id', '=', threadId)
    .where('comments.status', '=', 'published')
    .distinct()
    .execute();
  return rows.map((r) => ({ name: r.user_name ?? r.guest_name ?? '', slug: r.slug })).filter((p) => p.name !== '');
}

export function findVote(db: Db, commentId: string, voter: string): Promise<{ value: number } | undefined> {
  return db.selectFrom('comment_votes').select('value').where('comment_id', '=', commentId).where('voter', '=', voter).executeTakeFirst();
}

export async function setVote(db: Db, vote: { comment_id: string; voter: string; value: number; created_at: string }): Promise<void> {
  if (vote.value === 0) {
    await db.deleteFrom('comment_votes').where('comment_id', '=', vote.comment_id).where('voter', '=', vote.voter).execute();
    return;
  }
  await db
    .insertInto('comment_votes')
    .values(vote)
    .onConflict((oc) => oc.columns(['comment_id', 'voter']).doUpdateSet({ value: vote.value }))
    .execute();
}

/**
 * A guest's first vote on a comment, counted under their address: inserted only if neither this
 * browser nor another guest from the same address (the partial unique index on comment_id,
 * ip_hash) has a vote there. ON CONFLICT without a target covers both constraints and, unlike a
 * caught unique violation, leaves a PostgreSQL transaction usable. Returns whether it was inserted.
 */
export async function insertGuestVote(
  db: Db,
  vote: { comment_id: string; voter: string; value: number; created_at: string; ip_hash: string },
): Promise<boolean> {
  const result = await db
    .insertInto('comment_votes')
    .values(vote)
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Counter changes are increments, so concurrent votes on one comment never lose each other. */
export async function adjustVoteCounts(
  db: Db,
  id: string,
  deltaUp: number,
  deltaDown: number,
): Promise<{ upvotes: number; downvotes: number }> {
  await db
    .updateTable('comments')
    .set({ upvotes: sql`upvotes + ${deltaUp}`, downvotes: sql`downvotes + ${deltaDown}` })
    .where('id', '=', id)
    .execute();
  return db.selectFrom('comments').select(['upvotes', 'downvotes']).where('id', '=', id).executeTakeFirstOrThrow();
}

/**
 * Guest comments this browser left with the account's address become the account's: the guest key
 * (its hash) proves the browser, the address that the guest meant this account.
 */
export async function claimBrowserComments(db: Db, claim: { userId: string; email: string; guestKeyHash: string }): Promise<number> {
  const result = await db
    .updateTable('comments')
    .set({ author_id: claim.userId })
    .where('author_id', 'is', null)
    .where('guest_key_hash', '=', claim.guestKeyHash)
    .where('guest_email', '=', claim.email.toLowerCase())
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Moderation fields of a comment nobody has looked at yet: spread into new rows. */
export const UNMODERATED = {
  moderation: '[]',
  spam_score: null,
  ip_hash: null,
  report_count: 0,
  featured_at: null,
  pinned_at: null,
  reviewed_at: null,
  reviewed_by: null,
  rejection_reason: null,
  trained_as: null,
  text_hash: null,
  simhash_0: null,
  simhash_1: null,
  simhash_2: null,
  simhash_3: null,
} as const;
