// The shared rate limiter (REDIS_URL): every instance counts in the same Redis keys, so a
// budget holds across a load balancer. Same fixed, clock-aligned window as memory.ts (see
// limiter.ts for why); each attempt is one Lua call, so INCR and the expiry are atomic and a
// counter can never be left without its expiry. Subjects (emails, IPs) are hashed into the key
// so no personal data sits in Redis.
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { systemClock, type Clock } from '../clock.ts';
import { resultFor, windowOf, type RateLimiter, type RateRule } from './limiter.ts';

export const DEFAULT_REDIS_PREFIX = 'gazette:rl:';

// Expire on the first increment only: later attempts in the window must not push it further out.
const INCREMENT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count`;

// Instances' clocks differ a little; the counter outlives its window by this much so a slightly
// late instance still finds it.
const EXPIRY_MARGIN_MS = 5000;

export interface RedisLimiterOptions {
  /** Prepended to every key; tests use a random one so they never share counters. */
  prefix?: string;
  /** Connection problems (the client reconnects on its own); default: ignored. */
  onError?: (error: Error) => void;
}

export interface RedisLimiter extends RateLimiter {
  /** The Redis key that counts `key` under `rule` right now (for tests). */
  keyFor(key: string, rule: RateRule): string;
}

export function createRedisLimiter(url: string, clock: Clock = systemClock, options: RedisLimiterOptions = {}): RedisLimiter {
  const prefix = options.prefix ?? DEFAULT_REDIS_PREFIX;
  // Connects on first use (CLI commands that never count open no connection); a request fails
  // quickly rather than queueing for long while Redis is unreachable.
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2, connectTimeout: 5000 });
  redis.on('error', options.onError ?? (() => undefined));

  const keyAt = (key: string, rule: RateRule, index: number) =>
    `${prefix}${rule.name}:${createHash('sha256').update(key).digest('base64url').slice(0, 22)}:${index}`;

  return {
    keyFor: (key, rule) => keyAt(key, rule, windowOf(clock.now().getTime(), rule).index),
    async consume(key: string, rule: RateRule) {
      const nowMs = clock.now().getTime();
      const { index, endsAtMs } = windowOf(nowMs, rule);
      const ttlMs = endsAtMs - nowMs + EXPIRY_MARGIN_MS;
      let count: number;
      try {
        count = Number(await redis.eval(INCREMENT, 1, keyAt(key, rule, index), ttlMs));
      } catch (error) {
        // Fail open: a Redis outage must not stop every login and comment. The error is reported
        // (logged by the server) and the attempt is let through uncounted.
        (options.onError ?? (() => undefined))(error as Error);
        return { allowed: true, retryAfterSeconds: 0, remaining: rule.limit };
      }
      return resultFor(count, rule, nowMs, endsAtMs);
    },
    async close() {
      if (redis.status === 'wait') return redis.disconnect();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
