// What the repeat and burst checks both ask: the candidate's recent comments and its address's,
// from `since` up to the candidate's own time, in one read (storage/repos/screening.ts).
import type { Db } from '../../../storage/db.ts';
import { recentCommentsNearby, type NearbyComment } from '../../../storage/repos/screening.ts';
import { authorOf, type Candidate } from '../candidate.ts';

export function commentsNear(
  db: Db,
  candidate: Candidate,
  options: { since: string; limit: number; textHash?: string },
): Promise<NearbyComment[]> {
  return recentCommentsNearby(db, {
    author: authorOf(candidate.author),
    address: candidate.ipHash ?? null,
    until: candidate.at,
    // An edit is screened against the others, not against itself.
    excludeId: candidate.commentId,
    ...options,
  });
}
