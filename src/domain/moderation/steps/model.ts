// The learned spam score (spam-model.ts) as a pipeline step: at or above the site's spamScore
// the comment is spam, at or above holdScore it is held. The reason names what weighed most
// towards spam ("'working from home', '$ per hour', a link to cash.example: spam probability
// 0.98"). With the shipped base model it speaks from the first comment; it says nothing only
// when base and site together have too few examples.
import type { Db } from '../../../storage/db.ts';
import type { ModerationSettings } from '../settings.ts';
import { featuresOf, scoreFeatures, type AuthorFacts, type Clue } from '../spam-model.ts';
import { describeFeature } from '../spam-patterns.ts';
import type { ModerationStep } from '../types.ts';

export interface ModelOutcome {
  score: number | null;
  step: ModerationStep | null;
}

/** Plain words for the clues that pushed towards spam, strongest first (patterns before words). */
export function spamSignals(clues: readonly Clue[], limit = 4): string[] {
  const towardsSpam = clues.filter((c) => c.probability > 0.5);
  const patterns = towardsSpam.filter((c) => c.feature.startsWith('p:'));
  const rest = towardsSpam.filter((c) => !c.feature.startsWith('p:'));
  return [...patterns, ...rest].slice(0, limit).map((c) => describeFeature(c.feature));
}

export async function checkModel(
  db: Db,
  body: string,
  author: AuthorFacts,
  settings: Pick<ModerationSettings, 'holdScore' | 'spamScore'>,
): Promise<ModelOutcome> {
  const { score, clues } = await scoreFeatures(db, featuresOf(body, author));
  if (score === null) return { score: null, step: null };
  // Two decimals, never rounded up to a certainty the model does not claim.
  const probability = `spam probability ${(Math.floor(score * 100) / 100).toFixed(2)}`;
  const verdict = score >= settings.spamScore ? 'spam' : score >= settings.holdScore ? 'hold' : 'publish';
  const signals = verdict === 'publish' ? [] : spamSignals(clues);
  const reason = `learned filter: ${signals.length ? `${signals.join(', ')}: ` : ''}${probability}`;
  return { score, step: { step: 'model', verdict, reason, score } };
}
