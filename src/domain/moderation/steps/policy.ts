// The thread's policy (its own, else the site's): "first-comment" holds a commenter's comment
// until they have one published; "all" holds everything. "closed" never gets here: posting
// refuses first (posting-rules.ts).
import type { Db } from '../../../storage/db.ts';
import { hasPublishedComment } from '../../../storage/repos/screening.ts';
import { authorOf, type Candidate } from '../candidate.ts';
import { THREAD_POLICIES, type ThreadPolicy } from '../settings.ts';
import type { ModerationStep } from '../types.ts';

export function effectivePolicy(threadPolicy: string | null | undefined, sitePolicy: ThreadPolicy): ThreadPolicy {
  return threadPolicy && (THREAD_POLICIES as readonly string[]).includes(threadPolicy) ? (threadPolicy as ThreadPolicy) : sitePolicy;
}

/** Whether the commenter has a published comment other than this one (an edit's). */
const publishedBefore = (db: Db, candidate: Candidate) => hasPublishedComment(db, authorOf(candidate.author), candidate.commentId);

/**
 * The read the policy step may need, asked with screening's other reads: whether the commenter
 * already has a published comment. Asked only when the policy in force reviews first comments;
 * when the candidate does not carry its thread's policy yet (posting reads it in the same round
 * trip as the thread), the site's decides. Null: not asked.
 */
export async function readPolicyHistory(db: Db, candidate: Candidate, sitePolicy: ThreadPolicy): Promise<boolean | null> {
  if (effectivePolicy(candidate.threadPolicy, sitePolicy) !== 'first-comment') return null;
  return publishedBefore(db, candidate);
}

/**
 * The policy step, with the thread's own policy now known. `published` is what
 * readPolicyHistory found; when it was not asked (the site's policy did not need it but the
 * thread's does), it is read here.
 */
export async function policyStep(
  db: Db,
  candidate: Candidate,
  sitePolicy: ThreadPolicy,
  published: boolean | null,
): Promise<ModerationStep | null> {
  const policy = effectivePolicy(candidate.threadPolicy, sitePolicy);
  const where = candidate.threadPolicy ? 'this thread' : 'this site';
  if (policy === 'all') return { step: 'policy', verdict: 'hold', reason: `every comment on ${where} is reviewed before it appears` };
  if (policy === 'first-comment' && !(published ?? (await publishedBefore(db, candidate)))) {
    return { step: 'policy', verdict: 'hold', reason: `first comment from this commenter; ${where} reviews first comments` };
  }
  return null;
}
