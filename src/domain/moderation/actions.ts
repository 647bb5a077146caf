// What a moderator does to a comment: approve, reject (with a reason the author sees), mark spam
// or not spam (both teach the spam model; approving counts as "not spam" too), feature and pin.
// Each action is one transaction holding the change, the thread's count, the audit line and the
// model's lesson; readers' pages and open desks hear of it after the commit.
import { AppError, invalid } from '../../errors.ts';
import { afterCommit, inTransaction } from '../../storage/db.ts';
import { findComment, updateComment, type CommentRow } from '../../storage/repos/comments.ts';
import { resolveReports } from '../../storage/repos/moderation.ts';
import { findThreadById } from '../../storage/repos/threads.ts';
import { recordStatusChange } from '../comments/status-change.ts';
import type { CommentsTable } from '../../storage/schema.ts';
import type { DomainContext } from '../context.ts';
import { can, type Actor } from '../policy.ts';
import { notifyPublished, settleModerationNotifications } from '../notifications/notify.ts';
import { recordAction, subjectOf } from './audit.ts';
import { learnFromDecision } from './spam-model.ts';

export const COMMENT_ACTIONS = ['approve', 'reject', 'spam', 'not-spam', 'feature', 'unfeature', 'pin', 'unpin'] as const;
export type CommentAction = (typeof COMMENT_ACTIONS)[number];

/** Bulk actions are the decisions; featuring and pinning are one comment at a time. */
export const BULK_ACTIONS = ['approve', 'reject', 'spam', 'not-spam'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

export const MAX_REASON = 500;
export const MAX_BULK = 200;

export interface ActionResult {
  id: string;
  status: CommentsTable['status'];
  /** The audit line of this action: undo.ts reverses a decision by it. */
  logId?: string;
}

/** What a decision overwrote, kept in its audit line so that undo.ts can put it back. */
export interface DecisionBefore {
  reviewedAt: string | null;
  reviewedBy: string | null;
  rejectionReason: string | null;
  trainedAs: 'spam' | 'ham' | null;
  decidedAt: string;
}

export function requireModerator(actor: Actor): void {
  if (!can('comment.moderate', actor)) throw new AppError('ROLE_NOT_ALLOWED', 'only moderators and admins may moderate comments');
}

/** A reason is required to reject (the author reads it), optional elsewhere. */
export function checkReason(action: string, reason: string | undefined): string {
  const text = (reason ?? '').trim();
  if (action === 'reject' && text === '') throw invalid('reason', 'is required to reject: the author is shown it');
  if (text.length > MAX_REASON) throw invalid('reason', `must be at most ${MAX_REASON} characters`);
  return text;
}

type Status = CommentsTable['status'];

async function loadComment(ctx: DomainContext, id: string): Promise<CommentRow> {
  const comment = await findComment(ctx.db, id);
  if (!comment) throw new AppError('NOT_FOUND', `no comment has the id "${id}"`);
  if (comment.status === 'deleted') throw new AppError('CONFLICT', `comment "${id}" was deleted by its author`);
  return comment;
}

/** Inside a transaction (ctx.db is one): changes one comment, its thread's count, the log. */
async function applyAction(ctx: DomainContext, actor: Actor, id: string, action: CommentAction, reason: string): Promise<ActionResult> {
  const comment = await loadComment(ctx, id);
  const now = ctx.clock.now().toISOString();
  const decided = { reviewed_at: now, reviewed_by: actor.id };
  let changes: Partial<CommentsTable>;
  let next: Status = comment.status;
  switch (action) {
    case 'approve':
    case 'not-spam':
      next = 'published';
      changes = { ...decided, status: next, rejection_reason: null };
      break;
    case 'reject':
      next = 'rejected';
      changes = { ...decided, status: next, rejection_reason: reason };
      break;
    case 'spam':
      next = 'spam';
      changes = { ...decided, status: next };
      break;
    case 'feature':
    case 'pin':
      if (comment.status !== 'published')
        throw new AppError(
          'CONFLICT',
          `comment "${id}" is ${comment.status}: only published comments can be ${action === 'pin' ? 'pinned' : 'featured'}`,
        );
      changes = action === 'pin' ? { pinned_at: now } : { featured_at: now };
      break;
    case 'unfeature':
      changes = { featured_at: null };
      break;
    case 'unpin':
      changes = { pinned_at: null };
      break;
  }
  await updateComment(ctx.db, id, changes);
  const from = comment.status;
  const thread = await findThreadById(ctx.db, comment.thread_id);
  await recordStatusChange(ctx, { comment, postId: thread?.post_id ?? null, from, to: next });
  const isDecision = action === 'approve' || action === 'not-spam' || action === 'reject' || action === 'spam';
  if (isDecision) await resolveReports(ctx.db, id, now);
  if (next === 'published' && from !== 'published') {
    const notified = await notifyPublished(ctx, comment);
    if (notified > 0) afterCommit(ctx.db, () => ctx.events.publish({ type: 'notification.created' }));
  } else if (next === 'rejected' || next === 'spam') {
    await settleModerationNotifications(ctx, id);
  }
  // Rejecting says nothing about spam, so only these three teach the model.
  if (action === 'spam') await learnFromDecision(ctx, comment, 'spam');
  else if (action === 'approve' || action === 'not-spam') await learnFromDecision(ctx, comment, 'ham');
  const before: DecisionBefore = {
    reviewedAt: comment.reviewed_at,
    reviewedBy: comment.reviewed_by,
    rejectionReason: comment.rejection_reason,
    trainedAs: comment.trained_as,
    decidedAt: now,
  };
  const logId = await recordAction(ctx, {
    actorId: actor.id,
    action,
    commentId: id,
    threadId: comment.thread_id,
    subject: subjectOf(comment),
    reason,
    details: isDecision ? { from, to: next, before } : {},
    at: now,
  });
  return { id, status: next, logId };
}

export async function moderateComment(
  ctx: DomainContext,
  actor: Actor,
  id: string,
  action: CommentAction,
  reason?: string,
): Promise<ActionResult> {
  requireModerator(actor);
  const text = checkReason(action, reason);
  return inTransaction(ctx.db, (db) => applyAction({ ...ctx, db }, actor, id, action, text));
}

export interface BulkInput {
  action: BulkAction;
  ids: string[];
  reason?: string;
}

/** All or nothing: one transaction; the first comment that cannot take the action is named and nothing changes. */
export async function bulkModerate(ctx: DomainContext, actor: Actor, input: BulkInput): Promise<ActionResult[]> {
  requireModerator(actor);
  if (!(BULK_ACTIONS as readonly string[]).includes(input.action)) throw invalid('action', `must be one of ${BULK_ACTIONS.join(', ')}`);
  const ids = [...new Set(input.ids)];
  if (ids.length === 0) throw invalid('ids', 'must name at least one comment');
  if (ids.length > MAX_BULK) throw invalid('ids', `must name at most ${MAX_BULK} comments at once`);
  const text = checkReason(input.action, input.reason);
  return inTransaction(ctx.db, async (db) => {
    const results: ActionResult[] = [];
    for (const [index, id] of ids.entries()) {
      try {
        results.push(await applyAction({ ...ctx, db }, actor, id, input.action, text));
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        throw new AppError(error.code, `nothing was changed: comment "${id}": ${error.message}`, `ids[${index}]`);
      }
    }
    return results;
  });
}
