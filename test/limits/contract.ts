// What every rate limiter promises, whatever store it counts in (memory.ts, redis.ts, postgres.ts):
// the same fixed, clock-aligned window, the same remaining counts and the same Retry-After. A store's
// suite calls limiterContract inside its describe; each test uses rule names of its own, so stores
// that keep counts between tests (a database, Redis) start every test from zero.
import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.ts';
import type { RateLimiter, RateRule } from '../../src/limits/limiter.ts';

// 12:00:00 is the start of a 5-minute window, so the arithmetic below is easy to follow.
export const CONTRACT_START = '2026-01-15T12:00:00.000Z';

type Clock = ReturnType<typeof fixedClock>;

/** `make` builds a limiter on the given clock; the contract closes it. */
export function limiterContract(make: (clock: Clock) => RateLimiter | Promise<RateLimiter>): void {
  const freshRule = (): RateRule => ({ name: `contract-${randomBytes(4).toString('hex')}`, limit: 3, windowSeconds: 300 });

  it('allows up to the limit, then refuses until the window ends', async () => {
    const clock = fixedClock(CONTRACT_START);
    const limiter = await make(clock);
    const rule = freshRule();
    try {
      const results = [];
      for (let i = 0; i < 3; i++) results.push(await limiter.consume('1.2.3.4', rule));
      expect(results.map((r) => [r.allowed, r.remaining])).toEqual([
        [true, 2],
        [true, 1],
        [true, 0],
      ]);

      clock.advance(60_000);
      expect(await limiter.consume('1.2.3.4', rule)).toEqual({ allowed: false, retryAfterSeconds: 240, remaining: 0 });

      clock.advance(239_500);
      expect(await limiter.consume('1.2.3.4', rule)).toMatchObject({ allowed: false, retryAfterSeconds: 1 });

      clock.advance(500);
      expect(await limiter.consume('1.2.3.4', rule)).toMatchObject({ allowed: true, remaining: 2 });
    } finally {
      await limiter.close();
    }
  });

  it('counts each subject and each rule separately', async () => {
    const limiter = await make(fixedClock(CONTRACT_START));
    const rule = freshRule();
    try {
      for (let i = 0; i < 3; i++) await limiter.consume('a', rule);
      expect((await limiter.consume('a', rule)).allowed).toBe(false);
      expect((await limiter.consume('b', rule)).allowed).toBe(true);
      expect((await limiter.consume('a', freshRule())).allowed).toBe(true);
    } finally {
      await limiter.close();
    }
  });
}
