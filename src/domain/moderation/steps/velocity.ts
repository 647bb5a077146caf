// Velocity: nobody in a conversation writes ten comments a minute. A burst from one person, or
// from one address, is held for a moderator. The hard rate limits (limits/rules.ts) refuse
// outright at higher counts; this step only asks for a second look.
import type { Db } from '../../../storage/db.ts';
import type { Candidate } from '../candidate.ts';
import { commentsNear } from './nearby.ts';
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
  // One read for both counts. Fewer than perPerson of the person's leaves room for perAddress
  // from the address within the limit, so neither count is cut short of its threshold.
  const rows = await commentsNear(db, candidate, { since, limit: limits.perPerson + limits.perAddress });
  const person = rows.filter((row) => row.byAuthor).length;
  if (person >= limits.perPerson) {
    return {
      step: 'velocity',
      verdict: 'hold',
      reason: `a burst: ${person} earlier comments from this commenter in the last ${window}`,
      score: person,
    };
  }
  const address = rows.filter((row) => row.fromAddress).length;
  if (address >= limits.perAddress) {
    return {
      step: 'velocity',
      verdict: 'hold',
      reason: `a burst: ${address} earlier comments from the same address in the last ${window}`,
      score: address,
    };
  }
  return null;
}
