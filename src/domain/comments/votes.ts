// One vote per account (guests: per browser), changeable, 0 to take it back. Counts move by
// increments so concurrent voters never overwrite each other.
import { AppError, invalid } from '../../errors.ts';
import { inTransaction } from '../../storage/db.ts';
import * as commentsRepo from '../../storage/repos/comments.ts';
import { findThreadById } from '../../storage/repos/threads.ts';
import type { DomainContext } from '../context.ts';
import { owns, voterId, type Commenter } from './commenter.ts';
import { wilsonLowerBound } from './wilson.ts';

export interface VoteResult {
  upvotes: number;
  downvotes: number;
  score: number;
  /** The voter's vote after this call. */
  myVote: -1 | 0 | 1;
}

export async function vote(ctx: DomainContext, commenter: Commenter, commentId: string, value: number): Promise<VoteResult> {
  if (value !== 1 && value !== -1 && value !== 0) throw invalid('value', 'must be 1, -1 or 0');
  const voter = voterId(commenter);
  const result = await inTransaction(ctx.db, async (db) => {
    const comment = await commentsRepo.findComment(db, commentId);
    if (!comment || comment.status !== 'published') throw new AppError('NOT_FOUND', `no comment has the id "${commentId}"`);
    if (owns(commenter, comment)) throw new AppError('FORBIDDEN', 'you cannot vote on your own comment');
    const previous = (await commentsRepo.findVote(db, commentId, voter))?.value ?? 0;
    await commentsRepo.setVote(db, { comment_id: commentId, voter, value, created_at: ctx.clock.now().toISOString() });
    const up = (value === 1 ? 1 : 0) - (previous === 1 ? 1 : 0);
    const down = (value === -1 ? 1 : 0) - (previous === -1 ? 1 : 0);
    const counts = await commentsRepo.adjustVoteCounts(db, commentId, up, down);
    await commentsRepo.updateComment(db, commentId, { wilson: wilsonLowerBound(counts.upvotes, counts.downvotes) });
    return { ...counts, threadId: comment.thread_id };
  });
  const thread = await findThreadById(ctx.db, result.threadId);
  ctx.events.publish({ type: 'comment.voted', threadId: result.threadId, postId: thread?.post_id ?? null, commentId });
  return { upvotes: result.upvotes, downvotes: result.downvotes, score: result.upvotes - result.downvotes, myVote: value };
}
