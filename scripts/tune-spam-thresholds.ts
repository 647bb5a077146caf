// Shows how the shipped base model scores the tuning half of scripts/spam-corpus/comments.json
// and the seed thread's real comments (ordinary, never trained on), so holdScore and spamScore
// are chosen on data kept apart from the evaluation set in test/fixtures. Scores with the base model alone, as a fresh site would: guest authors
// with an email given. `node --import tsx scripts/tune-spam-thresholds.ts`
import { shippedBaseModel } from '../src/domain/moderation/base-model.ts';
import { scoreFeatures, featuresOf } from '../src/domain/moderation/spam-model.ts';
import { commentExamples } from './spam-corpus/comments.ts';
import { spamSignals } from '../src/domain/moderation/steps/model.ts';
import type { Db } from '../src/storage/db.ts';
import fs from 'node:fs';

const seed = JSON.parse(fs.readFileSync(new URL('../src/demo/content/seed-article.json', import.meta.url), 'utf8')) as {
  comments: { body: string }[];
};

// No site counts: a stand-in database that answers every token lookup with nothing.
const emptySite = {
  selectFrom: () => ({ select: () => ({ where: () => ({ execute: async () => [] }) }) }),
} as unknown as Db;

const scored = [];
const seedHam = seed.comments.filter((c) => c.body.trim()).map((c) => ({ label: 'ham' as const, body: c.body }));
for (const example of [...commentExamples('tune'), ...seedHam]) {
  const { score, clues } = await scoreFeatures(
    emptySite,
    featuresOf(example.body, { kind: 'guest', accountAgeSeconds: null, hasEmail: true }),
    shippedBaseModel(),
  );
  scored.push({ ...example, score: score ?? 0, why: spamSignals(clues).join(', ') });
}
scored.sort((a, b) => a.score - b.score);
for (const s of scored.filter((x) => x.label === 'spam' || x.score > 0.5))
  console.log(`${s.label.padEnd(4)} ${s.score.toFixed(3)} ${s.body.slice(0, 70)} [${s.why}]`);
for (const threshold of [0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.99]) {
  const spam = scored.filter((s) => s.label === 'spam');
  const ham = scored.filter((s) => s.label === 'ham');
  const caught = spam.filter((s) => s.score >= threshold).length;
  const held = ham.filter((s) => s.score >= threshold).length;
  console.log(`threshold ${threshold}: spam caught ${caught}/${spam.length}, ordinary held ${held}/${ham.length}`);
}
