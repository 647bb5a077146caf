import { describe, expect, it } from 'vitest';
import { GrowthAnalyses } from './growth-analyses.ts';

describe('analyses while an import grows the tables', () => {
  it('are due from 1,000 comments on, once each time the count doubles', () => {
    const analyses = new GrowthAnalyses();
    const dueAt = [100, 999, 1000, 1500, 1999, 2100, 4000, 4199, 4200, 100_000, 150_000].filter((n) => analyses.due(n));
    expect(dueAt).toEqual([1000, 2100, 4200, 100_000]);
  });
});
