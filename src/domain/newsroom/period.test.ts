import { describe, expect, it } from 'vitest';
import { bucketsBetween, bucketStart, longLabel, parsePeriod, unitForSpan } from './period.ts';
import { formatDuration } from './duration.ts';

describe('dashboard periods and buckets', () => {
  it('reads the period, defaulting to 30 days and naming the field when unknown', () => {
    expect([parsePeriod(undefined), parsePeriod(''), parsePeriod('7d'), parsePeriod('all')]).toEqual(['30d', '30d', '7d', 'all']);
    expect(() => parsePeriod('90d')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', field: 'period' }));
  });

  it('starts weeks on Monday, months and years on their first day', () => {
    expect(['2026-03-09', '2026-03-10', '2026-03-15', '2026-03-16'].map((d) => bucketStart(d, 'week'))).toEqual([
      '2026-03-09',
      '2026-03-09',
      '2026-03-09',
      '2026-03-16',
    ]);
    expect(bucketStart('2016-07-05', 'month')).toBe('2016-07-01');
    expect(bucketStart('2016-07-05', 'year')).toBe('2016-01-01');
    expect(bucketsBetween('2016-01-31', '2016-04-01', 'month')).toEqual(['2016-01-01', '2016-02-01', '2016-03-01', '2016-04-01']);
  });

  it('picks the smallest unit that keeps a chart to at most 60 bars', () => {
    expect(unitForSpan('2026-01-01', '2026-03-01')).toBe('day'); // 60 days
    expect(unitForSpan('2026-01-01', '2026-03-02')).toBe('week');
    expect(unitForSpan('2016-06-02', '2016-08-30')).toBe('week');
    expect(unitForSpan('2016-01-01', '2020-12-31')).toBe('month');
    expect(unitForSpan('2010-01-01', '2026-01-01')).toBe('year');
    expect(longLabel('2016-05-30', 'week')).toBe('Week of 30 May 2016');
  });

  it('says a wait as a newsroom does', () => {
    expect([20, 45 * 60, 2 * 3600 + 14 * 60 + 20, 3 * 3600, 3 * 86400 + 5 * 3600].map(formatDuration)).toEqual([
      'under 1 min',
      '45 min',
      '2 h 14 min',
      '3 h',
      '3 d 5 h',
    ]);
  });
});
