// A thread's own rules: closed to new comments or open, and its policy (open, first-comment,
// all, closed, or null for the site's default). Cached article pages are cleared after the commit.
import { invalid } from '../../errors.ts';
import { afterCommit, inTransaction } from '../../storage/db.ts';
import { updateThread } from '../../storage/repos/moderation.ts';
import type { Thread } from '../../storage/schema.ts';
import type { DomainContext } from '../context.ts';
import type { Actor } from '../policy.ts';
import { requireThread } from '../comments/threads.ts';
import { checkReason, requireModerator } from './actions.ts';
import { recordAction } from './audit.ts';
import { THREAD_POLICIES, type ThreadPolicy } from './settings.ts';

async function changeThread(
  ctx: DomainContext,
  actor: Actor,
  threadId: string,
  change: { action: string; fields: Partial<Pick<Thread, 'closed_at' | 'policy'>>; reason?: string; details?: Record<string, unknown> },
): Promise<Thread> {
  requireModerator(actor);
  const reason = checkReason(change.action, change.reason);
  return inTransaction(ctx.db, async (db) => {
    const thread = await requireThread(db, threadId);
    await updateThread(db, thread.id, change.fields);
    await recordAction(
      { ...ctx, db },
      { actorId: actor.id, action: change.action, threadId: thread.id, reason, details: change.details ?? {} },
    );
    afterCommit(db, () => ctx.events.publish({ type: 'content.changed', ...(thread.post_id ? { postId: thread.post_id } : {}) }));
    return { ...thread, ...change.fields };
  });
}

export function closeThread(ctx: DomainContext, actor: Actor, threadId: string, reason?: string): Promise<Thread> {
  return changeThread(ctx, actor, threadId, { action: 'close-thread', fields: { closed_at: ctx.clock.now().toISOString() }, reason });
}

export function openThread(ctx: DomainContext, actor: Actor, threadId: string, reason?: string): Promise<Thread> {
  return changeThread(ctx, actor, threadId, { action: 'open-thread', fields: { closed_at: null }, reason });
}

/** null: the thread follows the site's default policy again. */
export function setThreadPolicy(
  ctx: DomainContext,
  actor: Actor,
  threadId: string,
  policy: string | null,
  reason?: string,
): Promise<Thread> {
  if (policy !== null && !(THREAD_POLICIES as readonly string[]).includes(policy))
    throw invalid('policy', `must be one of ${THREAD_POLICIES.join(', ')}, or null for the site's default`);
  return changeThread(ctx, actor, threadId, {
    action: 'thread-policy',
    fields: { policy: policy as ThreadPolicy | null },
    reason,
    details: { policy },
  });
}
