// Repeated text: the same words posted again by the same person, or from the same address,
// within a day. In another thread it is what spam bots do (spam); in the same thread it is a
// double post or a flood (held). Short replies ("Agreed.", "So this.") repeat innocently and
// are left alone. Comments carry the hash of their comparable text (text_hash), so the look
// back is an indexed lookup, not a read of everything the person wrote.
import type { Db } from '../../../storage/db.ts';
import type { Candidate } from '../candidate.ts';
import { commentsNear } from './nearby.ts';
import type { ModerationStep } from '../types.ts';
import { textHash } from './text.ts';

export { MIN_REPEATED_LENGTH } from './text.ts';

const LOOKBACK_MS = 24 * 60 * 60 * 1000;

function ago(from: string, to: string): string {
  const minutes = Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 60_000));
  if (minutes < 1) return 'less than a minute ago';
  if (minutes < 120) return `${minutes} minute${minutes === 1 ? '' : 's'} ago`;
  return `${Math.round(minutes / 60)} hours ago`;
}

export async function checkRepeated(db: Db, candidate: Candidate): Promise<ModerationStep | null> {
  const hash = textHash(candidate.body);
  if (!hash) return null;
  const since = new Date(Date.parse(candidate.at) - LOOKBACK_MS).toISOString();
  const rows = await commentsNear(db, candidate, { since, limit: 20, textHash: hash });
  // The commenter's own repeats first, newest first within each: they say more than a neighbour's.
  const ordered = [...rows.filter((row) => row.byAuthor), ...rows.filter((row) => !row.byAuthor)];
  const who = (row: { byAuthor: boolean }) => (row.byAuthor ? 'this commenter' : 'the same address');
  const elsewhere = ordered.find((row) => row.thread_id !== candidate.threadId);
  if (elsewhere)
    return {
      step: 'repeated',
      verdict: 'spam',
      reason: `the same text was posted by ${who(elsewhere)} in another thread ${ago(elsewhere.created_at, candidate.at)}`,
    };
  const sameThread = ordered[0];
  if (!sameThread) return null;
  return {
    step: 'repeated',
    verdict: 'hold',
    reason: `the same text was posted by ${who(sameThread)} in this thread ${ago(sameThread.created_at, candidate.at)}`,
  };
}
