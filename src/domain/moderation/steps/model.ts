// The learned spam score (spam-model.ts) as a pipeline step: at or above the site's spamScore
// the comment is spam, at or above holdScore it is held. An untrained model says nothing.
import type { Db } from '../../../storage/db.ts';
import type { ModerationSettings } from '../settings.ts';
import { featuresOf, scoreFeatures, type AuthorFacts } from '../spam-model.ts';
import type { ModerationStep } from '../types.ts';

export interface ModelOutcome {
  score: number | null;
  step: ModerationStep | null;
}

const percent = (p: number) => `${Math.round(p * 100)}%`;

export async function checkModel(
  db: Db,
  body: string,
  author: AuthorFacts,
  settings: Pick<ModerationSettings, 'holdScore' | 'spamScore'>,
): Promise<ModelOutcome> {
  const { score, clues } = await scoreFeatures(db, featuresOf(body, author));
  if (score === null) return { score: null, step: null };
  const telling = clues
    .filter((c) => c.probability > 0.5)
    .slice(0, 3)
    .map((c) => c.feature.replace(/^w:/, ''))
    .join(', ');
  const why = telling ? ` (${telling})` : '';
  if (score >= settings.spamScore)
    return {
      score,
      step: { step: 'model', verdict: 'spam', reason: `the learned filter rates it ${percent(score)} spam-like${why}`, score },
    };
  if (score >= settings.holdScore)
    return {
      score,
      step: { step: 'model', verdict: 'hold', reason: `the learned filter rates it ${percent(score)} spam-like${why}`, score },
    };
  return { score, step: { step: 'model', verdict: 'publish', reason: `the learned filter rates it ${percent(score)} spam-like`, score } };
}
