// Taking back a decision (approve, reject, spam, not spam) moments after it was made: the desk
// offers it for a few seconds after every single-key action, since a stray key is easy to
// press. The comment goes back to what the decision found (status, review, rejection reason,
// what the spam model learned from it, the reports it closed, the readers' notifications it
// made), the thread's count and open pages follow, and the log keeps both lines: the decision
// and its undo. Only the moderator who decided may undo, only while nothing happened to the
// comment since, and only within UNDO_WINDOW_MS; later, one decides again instead.
import { AppError } from '../../errors.ts';
import { inTransaction } from '../../storage/db.ts';
import { findComment, updateComment } from '../../storage/repos/comments.ts';
import { findLogEntry, reopenReports, wasUndone, withdrawReaderNotifications } from '../../storage/repos/moderation-undo.ts';
import { findThreadById } from '../../storage/repos/threads.ts';
import type { CommentsTable } from '../../storage/schema.ts';
import { recordStatusChange } from '../comments/status-change.ts';
import type { DomainContext } from '../context.ts';
import type { Actor } from '../policy.ts';
import { requireModerator, type ActionResult, type DecisionBefore } from './actions.ts';
import { recordAction, subjectOf } from './audit.ts';
import { learnFromDecision } from './spam-model.ts';

export const UNDO_WINDOW_MS = 10 * 60 * 1000;
const UNDOABLE = new Set(['approve', 'reject', 'spam', 'not-spam']);
type Status = CommentsTable['status'];

interface DecisionDetails {
  from: Status;
  to: Status;
  before: DecisionBefore;
}

function decisionDetails(json: string): DecisionDetails | null {
  try {
    const value = JSON.parse(json) as Partial<DecisionDetails>;
    if (typeof value.from === 'string' && typeof value.to === 'string' && value.before && typeof value.before.decidedAt === 'string')
      return value as DecisionDetails;
  } catch {
    // an unreadable line cannot be undone
  }
  return null;
}

/** Reverses the decision logged as `logId`; answers like the action itself (the comment's id and status). */
export async function undoDecision(ctx: DomainContext, actor: Actor, logId: string): Promise<ActionResult> {
  requireModerator(actor);
  return inTransaction(ctx.db, async (db) => {
    const tx = { ...ctx, db };
    const entry = await findLogEntry(db, logId);
    if (!entry || !entry.comment_id) throw new AppError('NOT_FOUND', `no moderation decision has the id "${logId}"`);
    const details = decisionDetails(entry.details);
    if (!UNDOABLE.has(entry.action) || !details)
      throw new AppError('CONFLICT', `only a decision (approve, reject, spam, not spam) can be undone, not "${entry.action}"`);
    if (entry.actor_id !== actor.id) throw new AppError('NOT_THE_OWNER', 'only the moderator who made a decision may undo it');
    const age = ctx.clock.now().getTime() - Date.parse(entry.created_at);
    if (age > UNDO_WINDOW_MS) throw new AppError('CONFLICT', 'it is too late to undo this decision: decide again instead');
    const comment = await findComment(db, entry.comment_id);
    if (!comment) throw new AppError('NOT_FOUND', `no comment has the id "${entry.comment_id}"`);
    const { from, to, before } = details;
    const untouched = comment.status === to && comment.reviewed_at === before.decidedAt && comment.reviewed_by === entry.actor_id;
    if (!untouched || (await wasUndone(db, comment.id, logId)))
      throw new AppError('CONFLICT', 'the comment has changed since this decision (or it was undone already): decide again instead');

    await updateComment(db, comment.id, {
      status: from,
      reviewed_at: before.reviewedAt,
      reviewed_by: before.reviewedBy,
      rejection_reason: before.rejectionReason,
    });
    const thread = await findThreadById(db, comment.thread_id);
    await recordStatusChange(tx, { comment, postId: thread?.post_id ?? null, from: to, to: from });
    await reopenReports(db, comment.id, before.decidedAt);
    if (to === 'published' && from !== 'published') await withdrawReaderNotifications(db, comment.id, before.decidedAt);
    await learnFromDecision(tx, comment, before.trainedAs);
    const undoId = await recordAction(tx, {
      actorId: actor.id,
      action: 'undo',
      commentId: comment.id,
      threadId: comment.thread_id,
      subject: subjectOf(comment),
      details: { from: to, to: from, undoes: logId, undid: entry.action },
    });
    return { id: comment.id, status: from, logId: undoId };
  });
}
