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

export async function checkPolicy(db: Db, candidate: Candidate, sitePolicy: ThreadPolicy): Promise<ModerationStep | null> {
  const policy = effectivePolicy(candidate.threadPolicy, sitePolicy);
  const where = candidate.threadPolicy ? 'this thread' : 'this site';
  if (policy === 'all') return { step: 'policy', verdict: 'hold', reason: `every comment on ${where} is reviewed before it appears` };
  if (policy === 'first-comment' && !(await hasPublishedComment(db, authorOf(candidate.author), candidate.commentId))) {
    return { step: 'policy', verdict: 'hold', reason: `first comment from this commenter; ${where} reviews first comments` };
  }
  return null;
}
