// Readers' reports. Anyone who can vote can report a comment they can see (not their own), once
// per person: a second report from them changes its reason and note. Each report weighs what its
// reporter's standing says (standing.ts: guests 0, verified accounts 1, established accounts 2,
// staff at once); when the open reports on a published comment weigh `reportThreshold` together,
// it is held for review: it leaves the public thread (and open pages, through a comment.deleted
// event), the thread's count drops, the reasons are recorded with the comment and the hold goes
// into the audit log with no actor. So guests' reports alone never hide a comment (anyone can
// mint a guest), and a staff member's comment is never hidden by reports: both still reach the
// moderators' "Reported" queue. Banned accounts cannot report (BANNED_FROM_REPORTING).
// Who reported is kept for the desk's counts only; the author is never told.
import { AppError, invalid } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { inTransaction } from '../../storage/db.ts';
import { findComment } from '../../storage/repos/comments.ts';
import { holdIfPublished, incrementReportCount, openReportCounts, openReportWeight, upsertReport } from '../../storage/repos/reports.ts';
import { findUserById } from '../../storage/repos/users.ts';
import { recordStatusChange } from '../comments/status-change.ts';
import type { CommentReport } from '../../storage/schema.ts';
import { owns, voterId, type Commenter } from '../comments/commenter.ts';
import { requireThread } from '../comments/threads.ts';
import type { DomainContext } from '../context.ts';
import { recordAction, subjectOf } from './audit.ts';
import { loadModerationSettings } from './settings.ts';
import { accountStanding, isStaffRole, refuseIfBanned, reportWeight } from './standing.ts';
import { parseModeration, type ModerationStep } from './types.ts';

export const REPORT_REASONS = ['spam', 'harassment', 'off-topic', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];
export const MAX_REPORT_NOTE = 500;

export interface ReportInput {
  reason: string;
  note?: string;
}

export interface ReportOutcome {
  /** False when this person had reported the comment before (their report was updated). */
  created: boolean;
  /** This report took the comment past the threshold: it is now held for review. */
  held: boolean;
}

function checkInput(input: ReportInput): { reason: ReportReason; note: string } {
  if (!(REPORT_REASONS as readonly string[]).includes(input.reason)) throw invalid('reason', `must be one of ${REPORT_REASONS.join(', ')}`);
  const note = (input.note ?? '').trim();
  if (note.length > MAX_REPORT_NOTE) throw invalid('note', `must be at most ${MAX_REPORT_NOTE} characters`);
  return { reason: input.reason as ReportReason, note };
}

/** "Reported by 3 people: 2 spam, 1 harassment". */
export function describeReports(counts: { reason: string; n: number }[]): string {
  const total = counts.reduce((sum, c) => sum + c.n, 0);
  const parts = [...counts].sort((a, b) => b.n - a.n || a.reason.localeCompare(b.reason)).map((c) => `${c.n} ${c.reason}`);
  return `Reported by ${total} ${total === 1 ? 'person' : 'people'}: ${parts.join(', ')}`;
}

export async function reportComment(
  ctx: DomainContext,
  commenter: Commenter,
  commentId: string,
  input: ReportInput,
): Promise<ReportOutcome> {
  const { reason, note } = checkInput(input);
  const settings = await loadModerationSettings(ctx);
  const now = ctx.clock.now();
  const outcome = await inTransaction(ctx.db, async (db) => {
    const standing = commenter.kind === 'account' ? await accountStanding(db, commenter.id, now) : null;
    refuseIfBanned(standing, 'report');
    const comment = await findComment(db, commentId);
    const notFound = new AppError('NOT_FOUND', `no comment has the id "${commentId}"`);
    if (!comment || comment.status === 'deleted') throw notFound;
    // Ownership first: one's own spam or shadow comment answers like a published one would.
    if (owns(commenter, comment)) throw new AppError('OWN_COMMENT', 'you cannot report your own comment');
    // Held, spam or shadow comments are not there for others to see: the same answer as for no comment.
    if (comment.status !== 'published') throw notFound;
    const weight = await reportWeight(db, commenter, standing, now);
    const report: CommentReport = {
      id: newId(now.getTime()),
      comment_id: comment.id,
      reporter: voterId(commenter),
      reason,
      note,
      created_at: now.toISOString(),
      resolved_at: null,
      weight,
    };
    const created = await upsertReport(db, report);
    if (!created) return { created, held: false };
    await incrementReportCount(db, comment.id);
    const openWeight = await openReportWeight(db, comment.id);
    if (openWeight < settings.reportThreshold) return { created, held: false };
    // Staff speak for the site: reports put their comment in the queue, never out of the thread.
    if (comment.author_id !== null && isStaffRole((await findUserById(db, comment.author_id))?.role)) return { created, held: false };
    const counts = await openReportCounts(db, comment.id);
    const step: ModerationStep = { step: 'reports', verdict: 'hold', reason: describeReports(counts), score: openWeight };
    if (!(await holdIfPublished(db, comment.id, JSON.stringify([...parseModeration(comment.moderation), step]))))
      return { created, held: false };
    // Open pages drop it the way they drop a deleted comment (a placeholder stays if it has replies).
    const thread = await requireThread(db, comment.thread_id);
    await recordStatusChange({ ...ctx, db }, { comment, postId: thread.post_id, from: 'published', to: 'pending' });
    await recordAction(
      { db, clock: ctx.clock },
      {
        actorId: null,
        action: 'hold',
        commentId: comment.id,
        threadId: comment.thread_id,
        subject: subjectOf(comment),
        reason: step.reason,
        details: {
          by: 'reports',
          threshold: settings.reportThreshold,
          weight: openWeight,
          reports: Object.fromEntries(counts.map((c) => [c.reason, c.n])),
        },
      },
    );
    return { created, held: true };
  });
  return { created: outcome.created, held: outcome.held };
}
