import { describe, expect, it } from 'vitest';
import { wilsonLowerBound } from './wilson.ts';

describe('Wilson lower bound', () => {
  it('is 0 without votes and grows with evidence, not just with the ratio', () => {
    expect(wilsonLowerBound(0, 0)).toBe(0);
    expect(wilsonLowerBound(10, 1)).toBeGreaterThan(wilsonLowerBound(1, 0));
    expect(wilsonLowerBound(100, 0)).toBeGreaterThan(wilsonLowerBound(10, 0));
    expect(wilsonLowerBound(5, 5)).toBeLessThan(wilsonLowerBound(6, 4));
  });

  it('matches the textbook value for 1 up, 0 down (≈ 0.2065)', () => {
    expect(wilsonLowerBound(1, 0)).toBeCloseTo(0.2065, 3);
    expect(wilsonLowerBound(0, 3)).toBeCloseTo(0, 6);
  });
});
