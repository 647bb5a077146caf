// Whether a thread takes new comments at all, and slow mode. Checked before the pipeline: these
// refuse (403 closed, 429 slow down) rather than hold.
import { AppError } from '../../errors.ts';
import type { Db } from '../../storage/db.ts';
import { findPostById } from '../../storage/repos/posts.ts';
import { lastCommentAt, type Author } from '../../storage/repos/screening.ts';
import type { Thread } from '../../storage/schema.ts';
import type { ModerationSettings } from './settings.ts';
import { effectivePolicy } from './steps/policy.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** When the thread opened: its article's publication, else the thread's creation. */
async function openedAt(db: Db, thread: Thread): Promise<string> {
  const post = thread.post_id ? await findPostById(db, thread.post_id) : undefined;
  return post?.published_at ?? thread.created_at;
}

/** Why the thread takes no new comments, in words for the commenter; null when it is open. */
export async function closedReason(
  db: Db,
  thread: Thread,
  settings: Pick<ModerationSettings, 'policy' | 'autoCloseDays'>,
  now: Date,
): Promise<string | null> {
  if (thread.closed_at !== null) return 'comments on this thread are closed';
  if (effectivePolicy(thread.policy, settings.policy) === 'closed') return 'comments on this thread are closed';
  if (settings.autoCloseDays !== null) {
    const opened = Date.parse(await openedAt(db, thread));
    if (now.getTime() >= opened + settings.autoCloseDays * DAY_MS) {
      return `comments on this thread are closed: threads close ${settings.autoCloseDays} day${settings.autoCloseDays === 1 ? '' : 's'} after publication`;
    }
  }
  return null;
}

export async function ensureOpenForComments(
  db: Db,
  thread: Thread,
  settings: Pick<ModerationSettings, 'policy' | 'autoCloseDays'>,
  now: Date,
): Promise<void> {
  const reason = await closedReason(db, thread, settings, now);
  if (reason) throw new AppError('THREAD_CLOSED', reason);
}

/** One comment per `slowModeSeconds` per person in a thread; otherwise 429 with when to try again. */
export async function enforceSlowMode(
  db: Db,
  threadId: string,
  author: Author,
  settings: Pick<ModerationSettings, 'slowModeSeconds'>,
  now: Date,
): Promise<void> {
  if (settings.slowModeSeconds <= 0) return;
  const last = await lastCommentAt(db, threadId, author);
  if (last === null) return;
  const waitMs = Date.parse(last) + settings.slowModeSeconds * 1000 - now.getTime();
  if (waitMs <= 0) return;
  const seconds = Math.ceil(waitMs / 1000);
  throw new AppError(
    'RATE_LIMITED',
    `this thread is in slow mode: one comment every ${settings.slowModeSeconds} seconds; try again in ${seconds} second${seconds === 1 ? '' : 's'}`,
    undefined,
    {
      retryAfterSeconds: seconds,
    },
  );
}
