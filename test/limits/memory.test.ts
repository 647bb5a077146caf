import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.ts';
import { createMemoryLimiter } from '../../src/limits/memory.ts';
import type { RateRule } from '../../src/limits/limiter.ts';

// 12:00:00 is the start of a 5-minute window, so the arithmetic below is easy to follow.
const START = '2026-01-15T12:00:00.000Z';
const rule: RateRule = { name: 'test', limit: 3, windowSeconds: 300 };

describe('memory rate limiter', () => {
  it('allows up to the limit, then refuses until the window ends', async () => {
    const clock = fixedClock(START);
    const limiter = createMemoryLimiter(clock);
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await limiter.consume('1.2.3.4', rule));
    expect(results.map((r) => [r.allowed, r.remaining])).toEqual([
      [true, 2],
      [true, 1],
      [true, 0],
    ]);

    clock.advance(60_000);
    const refused = await limiter.consume('1.2.3.4', rule);
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 240, remaining: 0 });

    clock.advance(239_500);
    expect(await limiter.consume('1.2.3.4', rule)).toMatchObject({ allowed: false, retryAfterSeconds: 1 });

    clock.advance(500);
    expect(await limiter.consume('1.2.3.4', rule)).toMatchObject({ allowed: true, remaining: 2 });
  });

  it('counts each subject and each rule separately', async () => {
    const limiter = createMemoryLimiter(fixedClock(START));
    for (let i = 0; i < 3; i++) await limiter.consume('a', rule);
    expect((await limiter.consume('a', rule)).allowed).toBe(false);
    expect((await limiter.consume('b', rule)).allowed).toBe(true);
    expect((await limiter.consume('a', { ...rule, name: 'other' })).allowed).toBe(true);
  });

  it('drops expired counters, and never holds more than its bound', async () => {
    const clock = fixedClock(START);
    const limiter = createMemoryLimiter(clock, { maxBuckets: 50 });
    for (let i = 0; i < 40; i++) await limiter.consume(`ip-${i}`, rule);
    expect(limiter.size()).toBe(40);

    clock.advance(300_000); // every window above has ended
    await limiter.consume('late', rule);
    expect(limiter.size()).toBe(1);

    for (let i = 0; i < 200; i++) await limiter.consume(`flood-${i}`, rule);
    expect(limiter.size()).toBeLessThanOrEqual(50);
  });
});
