// The "best" order of a thread's top-level comments. Votes alone cannot order a thread nobody has
// voted on yet (every comment scores 0 and "best" falls back to newest, so a thread opens on its
// latest one-liners), so each comment starts from a quality prior — what usually marks a comment
// worth reading — and votes take over as they come in:
//
//   quality  q ∈ [0, 1]  = 0.45·replies + 0.35·length + 0.20·standing
//     replies  = 1 − 2^(−r/2), r = published replies in its branch by people other than its author
//                (half at 2 replies, 3/4 at 4: a conversation drew people in; the author answering
//                themselves is not a signal)
//     length   = 0 up to 3 words, rising to 1 at 60 words, 1 up to 400 words, then falling to
//                0.5 at 1,200 words and beyond (a reasoned paragraph, not a one-liner nor a wall)
//     standing = staff 1, established account 0.8 (verified, ≥ ESTABLISHED_DAYS old when it wrote
//                the comment, ≥ ESTABLISHED_COMMENTS published comments), verified 0.6, unverified
//                0.4, guest or deleted account 0.3 (moderation/standing.ts has the same ladder)
//   prior share p = 0.2 + 0.7·q   (no comment is taken for worthless, or perfect, before a vote)
//   rank = Wilson lower bound (95%) of (upvotes + K·p) up and (downvotes + K·(1 − p)) down, K = 8
//
// The prior counts as K imaginary votes split by quality, so: with no votes the order is the
// quality order; every real upvote raises the rank and every downvote lowers it (a blend of the
// votes' own bound with the prior would let a first upvote *lower* a good comment, since the bound
// of one vote is pessimistic); and as real votes outnumber K they decide. On a thread of guests: a
// one-liner (0.07) needs 3 upvotes to pass a 50-word comment nobody voted on (0.18), 6 to pass an
// 80-word one that drew two replies (0.32), and 17 to pass the best a comment can look unvoted (0.56).
//
// The rank is stored on the comment (comments.wilson, indexed for keyset pages) and recomputed by
// recomputeRanks whenever an input changes: a vote, an edit, a status change of the comment or of
// any reply in its branch, an import, and once for every comment by migration 0012. Author
// standing is read at those moments; a reader's later verification does not re-rank old comments.
import type { Db } from '../../storage/db.ts';
import { rankInputsOf, setRank, topLevelIdsAfter, type RankInputsRow } from '../../storage/repos/comment-rank.ts';
import { ESTABLISHED_COMMENTS, ESTABLISHED_DAYS, isStaffRole } from '../moderation/standing.ts';
import type { Role } from '../../storage/schema.ts';
import { wilsonLowerBound } from './wilson.ts';

/** How many votes the quality prior is worth. */
export const PRIOR_VOTES = 8;
/** The share of upvotes the prior expects of a comment of quality 0, and how much quality adds to it. */
export const PRIOR_FLOOR = 0.2;
export const PRIOR_SPAN = 0.7;

export interface RankInputs {
  upvotes: number;
  downvotes: number;
  /** The comment's Markdown ('' for a removed comment kept as a placeholder). */
  body: string;
  /** Published replies in its branch by others than its author. */
  repliesFromOthers: number;
  standing: AuthorStanding;
}

export type AuthorStanding = 'staff' | 'established' | 'verified' | 'unverified' | 'guest';

const STANDING_SCORE: Record<AuthorStanding, number> = { staff: 1, established: 0.8, verified: 0.6, unverified: 0.4, guest: 0.3 };

export function wordCount(markdown: string): number {
  // A pasted link is not words of one's own.
  return markdown.replace(/\bhttps?:\/\/\S+/gi, ' ').match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
}

export function lengthScore(words: number): number {
  if (words <= 3) return 0;
  if (words < 60) return (words - 3) / 57;
  if (words <= 400) return 1;
  return 1 - 0.5 * Math.min(1, (words - 400) / 800);
}

export const replyScore = (replies: number): number => 1 - 2 ** (-Math.max(0, replies) / 2);

export function quality(inputs: Omit<RankInputs, 'upvotes' | 'downvotes'>): number {
  return 0.45 * replyScore(inputs.repliesFromOthers) + 0.35 * lengthScore(wordCount(inputs.body)) + 0.2 * STANDING_SCORE[inputs.standing];
}

export function bestRank(inputs: RankInputs): number {
  const share = PRIOR_FLOOR + PRIOR_SPAN * quality(inputs);
  return wilsonLowerBound(inputs.upvotes + PRIOR_VOTES * share, inputs.downvotes + PRIOR_VOTES * (1 - share));
}

export function standingOf(author: {
  role: Role | null;
  verifiedAt: string | null;
  since: string | null;
  deletedAt: string | null;
  publishedComments: number;
  /** When the comment was written: an account's age counts as of then, so the rank does not drift with the clock. */
  at: string;
}): AuthorStanding {
  if (author.role === null || author.since === null || author.deletedAt !== null) return 'guest';
  if (isStaffRole(author.role)) return 'staff';
  if (author.verifiedAt === null) return 'unverified';
  const ageDays = (Date.parse(author.at) - Date.parse(author.since)) / 86_400_000;
  return ageDays >= ESTABLISHED_DAYS && author.publishedComments >= ESTABLISHED_COMMENTS ? 'established' : 'verified';
}

const inputsFromRow = (row: RankInputsRow): RankInputs => ({
  upvotes: row.upvotes,
  downvotes: row.downvotes,
  body: row.body_markdown,
  repliesFromOthers: Number(row.replies_from_others),
  standing: standingOf({
    role: row.author_role,
    verifiedAt: row.author_verified_at,
    since: row.author_since,
    deletedAt: row.author_deleted_at,
    publishedComments: Number(row.author_published),
    at: row.created_at,
  }),
});

/**
 * The rank of a new top-level comment by a guest: no votes, no replies, a guest's standing. Every
 * input is known without reading storage, so posting stores it with the row and skips
 * recomputeRanks (a query and an update on the hot path of every guest's comment).
 */
export function newGuestCommentRank(body: string): number {
  return bestRank({ upvotes: 0, downvotes: 0, body, repliesFromOthers: 0, standing: 'guest' });
}

/** Re-ranks the given top-level comments (other ids are ignored); call in the transaction that changed an input. */
export async function recomputeRanks(db: Db, topLevelIds: Iterable<string>): Promise<void> {
  const ids = [...new Set(topLevelIds)];
  for (let i = 0; i < ids.length; i += RANK_BATCH) {
    for (const row of await rankInputsOf(db, ids.slice(i, i + RANK_BATCH))) {
      const rank = bestRank(inputsFromRow(row));
      if (rank !== row.rank) await setRank(db, row.id, rank);
    }
  }
}

const RANK_BATCH = 200;

/** Every top-level comment of the site, in batches (migration 0012). */
export async function recomputeAllRanks(db: Db): Promise<void> {
  let after = '';
  for (;;) {
    const ids = await topLevelIdsAfter(db, after, RANK_BATCH);
    if (ids.length === 0) return;
    await recomputeRanks(db, ids);
    after = ids[ids.length - 1]!;
  }
}
