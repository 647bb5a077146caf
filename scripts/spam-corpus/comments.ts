// Gazette's hand-written comment examples (comments.json), split in two halves fixed by
// position: 'train' (even positions) goes into the base model, 'tune' (odd positions) is kept for
// choosing the thresholds. Neither half shares text with the evaluation set in test/fixtures.
import fs from 'node:fs';

export interface LabelledComment {
  label: 'spam' | 'ham';
  body: string;
}

export function commentExamples(half: 'train' | 'tune'): LabelledComment[] {
  const all = JSON.parse(fs.readFileSync(new URL('./comments.json', import.meta.url), 'utf8')) as LabelledComment[];
  return all.filter((_, i) => (i % 2 === 0) === (half === 'train'));
}
