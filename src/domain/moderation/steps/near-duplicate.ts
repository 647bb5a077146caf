// Near-duplicates across commenters: a campaign posts one template from many names and
// addresses, changing the numbers, links and names as it goes. Every comment carries a SimHash
// of its normalised words (simhash.ts); a comment resembling recent ones (within NEAR_DISTANCE
// bits) from enough other commenters, in any thread, is held with what it resembles. One
// person's own repeats are the repeated-text check's; short replies are exempt as there.
import type { Db } from '../../../storage/db.ts';
import { commentBody, commentsSharingABand, similarCandidates, type SimilarCandidate } from '../../../storage/repos/near-duplicates.ts';
import { isStaff, type Candidate, type CandidateAuthor } from '../candidate.ts';
import type { ModerationSettings } from '../settings.ts';
import type { ModerationStep } from '../types.ts';
import { hammingDistance, NEAR_DISTANCE, simHash, type SimHash } from './simhash.ts';
import { plural } from './text.ts';

/** At most this many look-alike rows are read per comment: enough to count a campaign, cheap to post. */
export const NEAR_DUPLICATE_LOOKUP_LIMIT = 200;

const EXCERPT = 60;

/** Who wrote a row, as far as the row tells: the account, else the guest's address, browser key or name. */
function commenterKey(row: SimilarCandidate): string {
  if (row.author_id) return `account:${row.author_id}`;
  if (row.guest_email) return `email:${row.guest_email.toLowerCase()}`;
  if (row.guest_key_hash) return `key:${row.guest_key_hash}`;
  return `name:${(row.guest_name ?? '').toLowerCase()}`;
}

function isOwn(row: SimilarCandidate, author: CandidateAuthor): boolean {
  if (author.kind === 'account') return row.author_id === author.id;
  if (row.author_id) return false;
  return (
    (author.email !== null && row.guest_email?.toLowerCase() === author.email.toLowerCase()) ||
    (author.keyHash !== null && row.guest_key_hash === author.keyHash)
  );
}

function excerpt(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  if (flat.length <= EXCERPT) return flat;
  // Cut between words, never inside one.
  const cut = flat.slice(0, EXCERPT + 1).replace(/\s+\S*$/, '');
  return `${cut.replace(/[\s,;:.!?-]+$/, '')}…`;
}

function within(from: string, to: string): string {
  const minutes = Math.max(1, Math.ceil((Date.parse(to) - Date.parse(from)) / 60_000));
  if (minutes < 60) return `in the last ${plural(minutes, 'minute')}`;
  const hours = Math.ceil(minutes / 60);
  return hours === 1 ? 'in the last hour' : `in the last ${hours} hours`;
}

export async function checkNearDuplicates(
  db: Db,
  candidate: Candidate,
  settings: Pick<ModerationSettings, 'nearDuplicates' | 'nearDuplicateHours'>,
  hash: SimHash | null = simHash(candidate.body),
): Promise<ModerationStep | null> {
  if (!hash || settings.nearDuplicates === 0 || isStaff(candidate.author)) return null;
  const since = new Date(Date.parse(candidate.at) - settings.nearDuplicateHours * 3_600_000).toISOString();
  const rows = await commentsSharingABand(db, {
    bands: hash,
    since,
    until: candidate.at,
    excludeId: candidate.commentId,
    limit: NEAR_DUPLICATE_LOOKUP_LIMIT,
  });
  const close = rows.filter((row) => {
    const other = [row.simhash_0, row.simhash_1, row.simhash_2, row.simhash_3];
    return !other.includes(null) && hammingDistance(hash, other as unknown as SimHash) <= NEAR_DISTANCE;
  });
  // Fewer close rows than the commenters it takes: no need to ask who wrote them.
  if (close.length < settings.nearDuplicates - 1) return null;
  const closeIds = close.map((row) => row.id);
  const alike = (await similarCandidates(db, closeIds)).filter((row) => !isOwn(row, candidate.author));
  const commenters = new Set(alike.map(commenterKey));
  // This comment would be the Nth of its kind: N-1 earlier ones from other commenters hold it.
  if (commenters.size < settings.nearDuplicates - 1) return null;
  const first = alike[alike.length - 1]!;
  const more = rows.length === NEAR_DUPLICATE_LOOKUP_LIMIT ? 'at least ' : '';
  return {
    step: 'near-duplicate',
    verdict: 'hold',
    reason:
      `like ${more}${plural(alike.length, 'comment')} from ${plural(commenters.size, 'commenter')} ${within(first.created_at, candidate.at)}` +
      ` (first: “${excerpt(await commentBody(db, first.id))}”)`,
    score: alike.length,
  };
}
