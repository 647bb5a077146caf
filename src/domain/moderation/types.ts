// What the moderation pipeline records on each comment: the steps that had something to say,
// each with its verdict and a reason in plain words ("3 links; the site allows 2"). Stored as
// JSON in comments.moderation; the desk shows it as the reason an item is in the queue.

export type Verdict = 'publish' | 'hold' | 'spam';

export interface ModerationStep {
  /** Stable step name: empty, links, blocked-domain, words, repeated, near-duplicate, velocity, policy, stranger-links, model, akismet, sanction, reports, moderator */
  step: string;
  verdict: Verdict;
  /** Plain words for moderators. */
  reason: string;
  /** The step's own measure when it has one (spam probability, link count …). */
  score?: number;
}

export function parseModeration(json: string): ModerationStep[] {
  try {
    const steps = JSON.parse(json) as unknown;
    return Array.isArray(steps) ? (steps as ModerationStep[]) : [];
  } catch {
    return [];
  }
}
