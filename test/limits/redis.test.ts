// The shared limiter against a real Redis: what two instances count, they count together.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Redis } from 'ioredis';
import { fixedClock } from '../../src/clock.ts';
import { createRedisLimiter, type RedisLimiter } from '../../src/limits/redis.ts';
import type { RateRule } from '../../src/limits/limiter.ts';

const REDIS_URL = process.env.GAZETTE_TEST_REDIS_URL || 'redis://127.0.0.1:6379';
const available = inject('redisAvailable');
if (!available) console.warn(`[gazette tests] skipping the Redis rate-limit suite: no Redis at ${REDIS_URL}`);

const START = '2026-01-15T12:00:00.000Z';
const rule: RateRule = { name: 'test', limit: 3, windowSeconds: 300 };

describe.skipIf(!available)('redis rate limiter', () => {
  const prefix = `gazette:rl:test-${randomBytes(6).toString('hex')}:`;
  const clock = fixedClock(START);
  let first: RedisLimiter;
  let second: RedisLimiter;
  let redis: Redis;

  beforeAll(() => {
    first = createRedisLimiter(REDIS_URL, clock, { prefix });
    second = createRedisLimiter(REDIS_URL, clock, { prefix });
    redis = new Redis(REDIS_URL);
  });

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await Promise.all([first.close(), second.close(), redis.quit()]);
  });

  it('shares one count between two instances', async () => {
    expect(await first.consume('1.2.3.4', rule)).toMatchObject({ allowed: true, remaining: 2 });
    expect(await second.consume('1.2.3.4', rule)).toMatchObject({ allowed: true, remaining: 1 });
    expect(await first.consume('1.2.3.4', rule)).toMatchObject({ allowed: true, remaining: 0 });
    clock.advance(60_000);
    expect(await second.consume('1.2.3.4', rule)).toEqual({ allowed: false, retryAfterSeconds: 240, remaining: 0 });
    expect(await first.consume('5.6.7.8', rule)).toMatchObject({ allowed: true });
  });

  it('starts afresh in the next window', async () => {
    clock.set('2026-01-15T12:05:00.000Z');
    expect(await first.consume('1.2.3.4', rule)).toMatchObject({ allowed: true, remaining: 2 });
  });

  it('gives every counter an expiry no longer than its window (plus a small margin)', async () => {
    clock.set('2026-01-15T12:10:00.000Z');
    await first.consume('expiring', rule);
    await second.consume('expiring', rule);
    const ttl = await redis.pttl(first.keyFor('expiring', rule));
    expect(ttl).toBeGreaterThan(290_000);
    expect(ttl).toBeLessThanOrEqual(305_000);
  });

  it('keeps subjects out of the keys', async () => {
    await first.consume('someone@example.com', rule);
    const keys = await redis.keys(`${prefix}*`);
    expect(keys.some((key) => key.includes('example.com'))).toBe(false);
    expect(first.keyFor('someone@example.com', rule).startsWith(`${prefix}test:`)).toBe(true);
  });
});
