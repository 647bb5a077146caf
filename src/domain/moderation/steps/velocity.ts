// Velocity: nobody in a conversation writes ten comments a minute. A burst from one person, or
// from one address, is held for a moderator. The hard rate limits (limits/rules.ts) refuse
// outright at higher counts; this step only asks for a second look.
import type { Db } from '../../../storage/db.ts';
import { recentComments } from '../../../storage/repos/screening.ts';
import { authorOf, type Candidate } from '../candidate.ts';
import type { ModerationStep } from '../types.ts';

export interface VelocityLimits {
  windowSeconds: number;
  perPerson: number;
  perAddress: number;
}

export const VELOCITY: VelocityLimits = {
  windowSeconds: 60,
  /** Earlier comments in the window from which the next one is held. */
  perPerson: 10,
  /** An address may be shared (an office, a mobile network), so it is allowed more. */
  perAddress: 30,
};

export async function checkVelocity(db: Db, candidate: Candidate, limits: VelocityLimits = VELOCITY): Promise<ModerationStep | null> {
  const since = new Date(Date.parse(candidate.at) - limits.windowSeconds * 1000).toISOString();
  const window = `${limits.windowSeconds} seconds`;
  const person = await recentComments(db, {
    author: authorOf(candidate.author),
    since,
    until: candidate.at,
    excludeId: candidate.commentId,
    limit: limits.perPerson,
  });
  if (person.length >= limits.perPerson) {
    return {
      step: 'velocity',
      verdict: 'hold',
      reason: `a burst: ${person.length} earlier comments from this commenter in the last ${window}`,
      score: person.length,
    };
  }
  if (!candidate.ipHash) return null;
  const address = await recentComments(db, {
    author: { ipHash: candidate.ipHash },
    since,
    until: candidate.at,
    excludeId: candidate.commentId,
    limit: limits.perAddress,
  });
  if (address.length >= limits.perAddress) {
    return {
      step: 'velocity',
      verdict: 'hold',
      reason: `a burst: ${address.length} earlier comments from the same address in the last ${window}`,
      score: address.length,
    };
  }
  return null;
}
