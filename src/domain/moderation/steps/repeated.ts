// Repeated text: the same words posted again by the same person, or from the same address,
// within a day. In another thread it is what spam bots do (spam); in the same thread it is a
// double post or a flood (held). Short replies ("Agreed.", "So this.") repeat innocently and
// are left alone. Comments carry the hash of their comparable text (text_hash), so the look
// back is an indexed lookup, not a read of everything the person wrote.
import type { Db } from '../../../storage/db.ts';
import { recentComments, type Author, type RecentComment } from '../../../storage/repos/screening.ts';
import { authorOf, type Candidate } from '../candidate.ts';
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
  const authors: { who: string; author: Author }[] = [{ who: 'this commenter', author: authorOf(candidate.author) }];
  if (candidate.ipHash) authors.push({ who: 'the same address', author: { ipHash: candidate.ipHash } });
  let sameThread: { row: RecentComment; who: string } | null = null;
  for (const { who, author } of authors) {
    const rows = await recentComments(db, {
      author,
      since,
      until: candidate.at,
      excludeId: candidate.commentId,
      limit: 10,
      textHash: hash,
    });
    const elsewhere = rows.find((row) => row.thread_id !== candidate.threadId);
    if (elsewhere)
      return {
        step: 'repeated',
        verdict: 'spam',
        reason: `the same text was posted by ${who} in another thread ${ago(elsewhere.created_at, candidate.at)}`,
      };
    if (rows[0]) sameThread ??= { row: rows[0], who };
  }
  if (!sameThread) return null;
  return {
    step: 'repeated',
    verdict: 'hold',
    reason: `the same text was posted by ${sameThread.who} in this thread ${ago(sameThread.row.created_at, candidate.at)}`,
  };
}
