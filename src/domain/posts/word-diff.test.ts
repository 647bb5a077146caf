import { describe, expect, it } from 'vitest';
import { tokenize, wordDiff } from './word-diff.ts';

/** Both sides rebuilt from the chunks: what every correct diff must satisfy. */
function sides(chunks: { op: string; text: string }[]) {
  return {
    before: chunks
      .filter((c) => c.op !== 'added')
      .map((c) => c.text)
      .join(''),
    after: chunks
      .filter((c) => c.op !== 'removed')
      .map((c) => c.text)
      .join(''),
  };
}

describe('wordDiff', () => {
  it('marks whole words, not letters', () => {
    const diff = wordDiff('The quick brown fox jumps.', 'The quick red fox leaps.');
    expect(diff.coarse).toBe(false);
    expect(diff.chunks).toEqual([
      { op: 'same', text: 'The quick ' },
      { op: 'removed', text: 'brown' },
      { op: 'added', text: 'red' },
      { op: 'same', text: ' fox ' },
      { op: 'removed', text: 'jumps' },
      { op: 'added', text: 'leaps' },
      { op: 'same', text: '.' },
    ]);
  });

  it('handles empty sides and identical texts', () => {
    expect(wordDiff('', '').chunks).toEqual([]);
    expect(wordDiff('', 'New text').chunks).toEqual([{ op: 'added', text: 'New text' }]);
    expect(wordDiff('Old text', '').chunks).toEqual([{ op: 'removed', text: 'Old text' }]);
    expect(wordDiff('Same words', 'Same words').chunks).toEqual([{ op: 'same', text: 'Same words' }]);
  });

  it('keeps punctuation and accented words as tokens', () => {
    expect(tokenize('Café, naïve—it’s')).toEqual(['Café', ',', ' ', 'naïve', '—', 'it’s']);
  });

  it('rebuilds both texts exactly from random edits, with the fewest changed words', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const words = ['alpha', 'beta', 'gamma', 'delta', 'x', 'y', '.', ','];
    for (let round = 0; round < 200; round++) {
      const make = () => Array.from({ length: Math.floor(random() * 30) }, () => words[Math.floor(random() * words.length)]).join(' ');
      const before = make();
      const after = make();
      const diff = wordDiff(before, after);
      expect(sides(diff.chunks)).toEqual({ before, after });
    }
    // One word changed in a long text: one removal and one addition, nothing else.
    const long = Array.from({ length: 5000 }, (_, i) => `w${i}`).join(' ');
    const edited = long.replace('w2500', 'changed');
    const chunks = wordDiff(long, edited).chunks;
    expect(chunks.filter((c) => c.op !== 'same')).toEqual([
      { op: 'removed', text: 'w2500' },
      { op: 'added', text: 'changed' },
    ]);
  });

  it('falls back to one removal and one addition past its budget, still exact', () => {
    const before = Array.from({ length: 60_000 }, (_, i) => `a${i}`).join(' ');
    const after = Array.from({ length: 60_000 }, (_, i) => `b${i}`).join(' ');
    const diff = wordDiff(`Start ${before} end`, `Start ${after} end`);
    expect(diff.coarse).toBe(true);
    expect(sides(diff.chunks)).toEqual({ before: `Start ${before} end`, after: `Start ${after} end` });
  });
});
