// One vote per account, changeable, 0 to take it back. Counts move by increments so concurrent
// voters never overwrite each other.
// A guest is only a cookie, and anyone can mint cookies, so a guest vote also counts once per
// address: it records the HMAC of the voter's address, and a second browser from the same address
// gets GUEST_VOTE_ADDRESS_USED for that comment. A household or office behind one address
// therefore has one guest vote per comment; its members count separately by signing in (account
// votes are never limited by address). The browser that holds the address's vote may change or
// take it back from anywhere; taking it back frees the address.
// Banned accounts cannot vote (BANNED_FROM_VOTING).
import { AppError, invalid } from '../../errors.ts';
import { inTransaction } from '../../storage/db.ts';
import * as commentsRepo from '../../storage/repos/comments.ts';
import { findThreadById } from '../../storage/repos/threads.ts';
import type { DomainContext } from '../context.ts';
import { hashIp } from '../moderation/candidate.ts';
import { accountStanding, refuseIfBanned } from '../moderation/standing.ts';
import { owns, voterId, type Commenter } from './commenter.ts';
import { recomputeRanks } from './rank.ts';

export interface VoteResult {
  upvotes: number;
  downvotes: number;
  score: number;
  /** The voter's vote after this call. */
  myVote: -1 | 0 | 1;
}

export interface VoteOrigin {
  /** The voter's address: required for a guest's vote to be limited per address (HTTP always gives it; scripts may not). */
  ip?: string | null;
}

export async function vote(
  ctx: DomainContext,
  commenter: Commenter,
  commentId: string,
  value: number,
  origin: VoteOrigin = {},
): Promise<VoteResult> {
  if (value !== 1 && value !== -1 && value !== 0) throw invalid('value', 'must be 1, -1 or 0');
  const voter = voterId(commenter);
  const now = ctx.clock.now();
  const ipHash = commenter.kind === 'guest' ? hashIp(ctx.secret, origin.ip) : null;
  const result = await inTransaction(ctx.db, async (db) => {
    if (commenter.kind === 'account') refuseIfBanned(await accountStanding(db, commenter.id, now), 'vote');
    const comment = await commentsRepo.findComment(db, commentId);
    if (!comment || comment.status !== 'published') throw new AppError('NOT_FOUND', `no comment has the id "${commentId}"`);
    if (owns(commenter, comment)) throw new AppError('OWN_COMMENT', 'you cannot vote on your own comment');
    const row = { comment_id: commentId, voter, value, created_at: now.toISOString() };
    let previous = (await commentsRepo.findVote(db, commentId, voter))?.value ?? 0;
    if (ipHash !== null && value !== 0 && previous === 0) {
      if (!(await commentsRepo.insertGuestVote(db, { ...row, ip_hash: ipHash }))) {
        // Either this browser's own vote landed at the same instant (a double click), or another
        // browser from this address holds the address's vote on this comment.
        const mine = await commentsRepo.findVote(db, commentId, voter);
        if (!mine)
          throw new AppError(
            'GUEST_VOTE_ADDRESS_USED',
            'a guest vote from your address is already counted on this comment; sign in to vote separately',
          );
        previous = mine.value;
        await commentsRepo.setVote(db, row);
      }
    } else {
      await commentsRepo.setVote(db, row);
    }
    const up = (value === 1 ? 1 : 0) - (previous === 1 ? 1 : 0);
    const down = (value === -1 ? 1 : 0) - (previous === -1 ? 1 : 0);
    const counts = await commentsRepo.adjustVoteCounts(db, commentId, up, down);
    // Replies keep their time order; a top-level comment moves in the "best" order.
    if (comment.depth === 0) await recomputeRanks(db, [comment.id]);
    return { ...counts, threadId: comment.thread_id };
  });
  const thread = await findThreadById(ctx.db, result.threadId);
  ctx.events.publish({ type: 'comment.voted', threadId: result.threadId, postId: thread?.post_id ?? null, commentId });
  return { upvotes: result.upvotes, downvotes: result.downvotes, score: result.upvotes - result.downvotes, myVote: value };
}
