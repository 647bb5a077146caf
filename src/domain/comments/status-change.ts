// One home for what a change of a comment's status means beyond its own row. The thread's
// comment count holds published comments only, so it moves by the difference; and open pages and
// moderation desks hear of the change once the transaction has committed — never before the row
// is visible, never for a change that rolled back. Every single-comment change (posting, editing,
// deleting, moderating, a sanction, a hold by reports) passes here; bulk paths (imports, deleting
// an account) move counts per thread in one step instead and announce `content.changed`.
// It is also where the top-level comment of the branch is re-ranked for the "best" order (its own
// edit or status, or a reply's, changes what rank.ts counts), so no path can forget it.
import { afterCommit } from '../../storage/db.ts';
import { findComment } from '../../storage/repos/comments.ts';
import { adjustCommentCount } from '../../storage/repos/threads.ts';
import type { CommentEvent } from '../../events/bus.ts';
import type { DomainContext } from '../context.ts';
import type { CommentStatus } from './types.ts';
import { recomputeRanks } from './rank.ts';

export interface StatusChange {
  /** root_id: its top-level comment (looked up when not given). */
  comment: { id: string; thread_id: string; root_id?: string };
  /** The article the thread belongs to (null for an embedded page's thread): listeners clear its cached pages. */
  postId: string | null;
  /** null: the comment is new. */
  from: CommentStatus | null;
  to: CommentStatus;
  /** The caller stored the branch's rank already (a new guest comment's own, see newGuestCommentRank). */
  rankKnown?: boolean;
}

export function publishedCountDelta(from: CommentStatus | null, to: CommentStatus): number {
  return (to === 'published' ? 1 : 0) - (from === 'published' ? 1 : 0);
}

/**
 * What open pages are told: a new comment, one that became visible, or one that stopped being
 * visible (deleted, held, spam); anything else is an update of a comment they may already show.
 * A new comment is `created` whatever its status: the desk's queue shows held ones, and readers'
 * streams show only what their viewer may see.
 */
export function commentEventType(from: CommentStatus | null, to: CommentStatus): CommentEvent['type'] {
  if (from === null) return 'comment.created';
  if (to === 'deleted') return 'comment.deleted';
  if (from !== 'published' && to === 'published') return 'comment.created';
  if (from === 'published' && to !== 'published') return 'comment.deleted';
  return 'comment.updated';
}

/** Call inside the transaction that wrote the row: moves the count now and announces after commit. */
export async function recordStatusChange(
  ctx: Pick<DomainContext, 'db' | 'events'>,
  change: StatusChange,
): Promise<{ countDelta: number; event: CommentEvent }> {
  const countDelta = publishedCountDelta(change.from, change.to);
  if (countDelta !== 0) await adjustCommentCount(ctx.db, change.comment.thread_id, countDelta);
  if (!change.rankKnown) {
    const rootId = change.comment.root_id ?? (await findComment(ctx.db, change.comment.id))?.root_id;
    if (rootId) await recomputeRanks(ctx.db, [rootId]);
  }
  const event: CommentEvent = {
    type: commentEventType(change.from, change.to),
    threadId: change.comment.thread_id,
    postId: change.postId,
    commentId: change.comment.id,
  };
  // With PostgreSQL LISTEN/NOTIFY, other instances hear of it at commit, with the row itself:
  // an instance killed right after answering cannot have acknowledged a comment nobody streams.
  await ctx.events.enlist?.(ctx.db, event);
  afterCommit(ctx.db, () => ctx.events.publish(event));
  return { countDelta, event };
}
