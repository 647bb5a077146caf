// When Redis cannot be reached the limiter lets attempts through and reports the error: an
// outage must not stop every login and comment on the site.
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.ts';
import { createRedisLimiter } from '../../src/limits/redis.ts';

describe('redis rate limiter without Redis', () => {
  it('fails open and reports the error', async () => {
    const errors: Error[] = [];
    // Port 1 on loopback: nothing listens there, so every connection is refused at once.
    const limiter = createRedisLimiter('redis://127.0.0.1:1', fixedClock('2026-01-15T12:00:00.000Z'), { onError: (e) => errors.push(e) });
    try {
      const result = await limiter.consume('198.51.100.7', { name: 'outage', limit: 1, windowSeconds: 60 });
      expect(result).toEqual({ allowed: true, retryAfterSeconds: 0, remaining: 1 });
      expect(errors.length).toBeGreaterThan(0);
    } finally {
      await limiter.close();
    }
  });
});
