// Why an item is in the queue, in plain words: what the pipeline's steps said, readers' reports
// grouped by reason with counts (never who reported), and the moderator's own decision.
import type { Comment } from '../../storage/schema.ts';
import type { ModerationStep } from './types.ts';

export interface QueueReason {
  source: 'pipeline' | 'reports' | 'moderator';
  /** The step name (links, words, model …), the report reason (spam, harassment …), or the action. */
  name: string;
  text: string;
  verdict?: ModerationStep['verdict'];
  score?: number;
  count?: number;
}

const REPORT_WORDS: Record<string, string> = { spam: 'spam', harassment: 'harassment', 'off-topic': 'off-topic', other: 'another reason' };

export function describeReasons(
  comment: Pick<Comment, 'status' | 'spam_score' | 'rejection_reason' | 'reviewed_at'>,
  steps: ModerationStep[],
  reports: { reason: string; n: number }[],
): QueueReason[] {
  const reasons: QueueReason[] = steps
    // A step that let the comment through still explains a score; "publish" steps without words add nothing.
    .filter((s) => s.reason)
    .map((s) => ({
      source: 'pipeline' as const,
      name: s.step,
      text: s.reason,
      verdict: s.verdict,
      ...(s.score !== undefined ? { score: s.score } : {}),
    }));
  for (const r of [...reports].sort((a, b) => b.n - a.n || a.reason.localeCompare(b.reason))) {
    const people = r.n === 1 ? 'one reader' : `${r.n} readers`;
    reasons.push({ source: 'reports', name: r.reason, text: `Reported as ${REPORT_WORDS[r.reason] ?? r.reason} by ${people}`, count: r.n });
  }
  if (comment.status === 'rejected' && comment.rejection_reason) {
    reasons.push({ source: 'moderator', name: 'reject', text: `Rejected by a moderator: ${comment.rejection_reason}` });
  }
  if (reasons.length === 0) {
    const fallback: Record<string, string> = {
      pending: 'Held for review (no automatic check fired; the thread or site reviews comments)',
      spam: comment.reviewed_at ? 'Marked as spam by a moderator' : 'Marked as spam',
      shadow: 'From a shadow-banned author: only they can see it',
    };
    const text = fallback[comment.status];
    if (text) reasons.push({ source: comment.reviewed_at ? 'moderator' : 'pipeline', name: comment.status, text });
  }
  return reasons;
}
