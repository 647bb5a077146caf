import { describe, expect, it } from 'vitest';
import { parseSearch, toFts5 } from './query.ts';
import { highlightMarks } from '../../render/highlight.ts';

describe('search query parsing', () => {
  it.each([
    ['sony battery', '"sony" AND "battery"'],
    ['"battery life" sony', '"battery life" AND "sony"'],
    ['sony -samsung', '"sony" NOT "samsung"'],
    ['xperia OR galaxy review', '("xperia" OR "galaxy") AND "review"'],
    // A word joined by punctuation stays one phrase, as the index tokenizes it.
    ['Sony’s camera!', '"sony s" AND "camera"'],
  ])('turns %j into %j', (input, expected) => {
    expect(toFts5(parseSearch(input))).toBe(expected);
  });

  it('quotes every word, so FTS5 syntax in the input is inert', () => {
    for (const hostile of ['title:sony', 'NEAR(a b)', 'son*', '"unbalanced', 'a AND OR NOT b', '^start', '{title body}: x']) {
      const expression = toFts5(parseSearch(hostile));
      expect(expression, hostile).not.toBeNull();
      // Outside the quoted strings only our own operators and brackets remain.
      expect(expression!.replace(/"[^"]*"/g, '').replace(/AND|OR|NOT|[()\s]/g, '')).toBe('');
    }
  });

  it('finds nothing to search in punctuation, exclusions alone, or OR alone', () => {
    for (const input of ['', '   ', '!!!', '-sony', 'OR', '""']) expect(toFts5(parseSearch(input)), input).toBeNull();
  });

  it('bounds the number of terms', () => {
    const expression = toFts5(parseSearch(Array.from({ length: 50 }, (_, i) => `w${i}`).join(' ')))!;
    expect(expression.match(/"/g)!.length / 2).toBe(16);
  });
});

describe('snippet highlighting', () => {
  it('escapes the text and marks only whole pairs', () => {
    expect(highlightMarks('a \u0001Sony\u0002 <b>&')).toBe('a <mark>Sony</mark> &lt;b&gt;&amp;');
    expect(highlightMarks('stray \u0002 and \u0001 <script>')).toBe('stray  and  &lt;script&gt;');
  });
});
