import { describe, expect, it } from 'vitest';
import { bestRank, lengthScore, quality, replyScore, standingOf, wordCount, type RankInputs } from './rank.ts';

const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');
const comment = (over: Partial<RankInputs> = {}): RankInputs => ({
  upvotes: 0,
  downvotes: 0,
  body: words(80),
  repliesFromOthers: 0,
  standing: 'guest',
  ...over,
});

describe('the quality prior', () => {
  it('counts words, not pasted links or punctuation', () => {
    expect(wordCount('DIE !!!!!!')).toBe(1);
    expect(wordCount('So this.')).toBe(2);
    expect(wordCount('see https://example.com/a-very-long-path?x=1 now')).toBe(2);
  });

  it('rewards a reasoned length, not one-liners nor walls of text', () => {
    expect(lengthScore(2)).toBe(0);
    expect(lengthScore(30)).toBeGreaterThan(lengthScore(10));
    expect(lengthScore(60)).toBe(1);
    expect(lengthScore(400)).toBe(1);
    expect(lengthScore(2000)).toBe(0.5);
    expect(lengthScore(800)).toBeLessThan(1);
  });

  it('grows with replies and saturates', () => {
    expect(replyScore(0)).toBe(0);
    expect(replyScore(2)).toBeCloseTo(0.5);
    expect(replyScore(4)).toBeCloseTo(0.75);
    expect(replyScore(40)).toBeLessThanOrEqual(1);
  });

  it('orders authors by standing', () => {
    const at = '2024-06-01T00:00:00Z';
    const base = { role: 'reader' as const, verifiedAt: '2024-01-01T00:00:00Z', since: '2024-01-01T00:00:00Z', deletedAt: null, at };
    expect(standingOf({ ...base, publishedComments: 5 })).toBe('established');
    expect(standingOf({ ...base, publishedComments: 1 })).toBe('verified');
    // Age counts as of the comment, so a rank never drifts with the clock.
    expect(standingOf({ ...base, since: '2024-05-20T00:00:00Z', publishedComments: 5 })).toBe('verified');
    expect(standingOf({ ...base, verifiedAt: null, publishedComments: 5 })).toBe('unverified');
    expect(standingOf({ ...base, role: 'moderator', verifiedAt: null, publishedComments: 0 })).toBe('staff');
    expect(standingOf({ ...base, deletedAt: at, publishedComments: 5 })).toBe('guest');
    expect(standingOf({ role: null, verifiedAt: null, since: null, deletedAt: null, at, publishedComments: 0 })).toBe('guest');
    const q = (standing: RankInputs['standing']) => quality(comment({ standing }));
    expect(q('staff')).toBeGreaterThan(q('established'));
    expect(q('established')).toBeGreaterThan(q('verified'));
    expect(q('verified')).toBeGreaterThan(q('unverified'));
    expect(q('unverified')).toBeGreaterThan(q('guest'));
  });

  it('stays within 0 and 1', () => {
    expect(quality(comment({ body: '', standing: 'guest' }))).toBeGreaterThanOrEqual(0);
    expect(quality(comment({ repliesFromOthers: 1000, standing: 'staff' }))).toBeLessThanOrEqual(1);
  });
});

describe('the best rank', () => {
  const oneLiner = comment({ body: 'DIE !!!!!!' });
  const substantive = comment({ body: words(120), repliesFromOthers: 4 });

  it('puts a substantive discussion above a one-liner when nobody has voted', () => {
    expect(bestRank(substantive)).toBeGreaterThan(bestRank(oneLiner));
    expect(bestRank(comment({ body: words(120) }))).toBeGreaterThan(bestRank(comment({ body: 'So this.' })));
    expect(bestRank(comment({ repliesFromOthers: 3 }))).toBeGreaterThan(bestRank(comment()));
  });

  it('moves up with every upvote and down with every downvote, from the first one', () => {
    for (const start of [oneLiner, substantive, comment({ body: words(500), repliesFromOthers: 20, standing: 'staff' })]) {
      let previous = bestRank(start);
      for (let up = 1; up <= 30; up++) {
        const next = bestRank({ ...start, upvotes: up });
        expect(next).toBeGreaterThan(previous);
        previous = next;
      }
      expect(bestRank({ ...start, downvotes: 1 })).toBeLessThan(bestRank(start));
    }
  });

  it('lets many upvotes beat the best comment nobody voted on, and few not', () => {
    const best = bestRank(comment({ body: words(200), repliesFromOthers: 50, standing: 'staff' }));
    expect(bestRank({ ...oneLiner, upvotes: 17 })).toBeGreaterThan(best);
    expect(bestRank({ ...oneLiner, upvotes: 12 })).toBeLessThan(best);
    // A few votes place a one-liner among the substantive comments, not above them all.
    expect(bestRank({ ...oneLiner, upvotes: 3 })).toBeGreaterThan(bestRank(comment({ body: words(50) })));
    expect(bestRank({ ...oneLiner, upvotes: 5 })).toBeLessThan(bestRank(comment({ repliesFromOthers: 2 })));
  });

  it('gives votes the last word once they outnumber the prior', () => {
    expect(bestRank({ ...oneLiner, upvotes: 30, downvotes: 2 })).toBeGreaterThan(bestRank({ ...substantive, upvotes: 10, downvotes: 10 }));
  });
});
