// The in-process rate limiter (no REDIS_URL): counts in a Map, windows from the injected clock.
// Memory stays bounded: expired windows are swept at most once per second, and past
// MAX_BUCKETS the oldest counters are dropped (forgetting a count only ever lets someone in early).
import type { Clock } from '../clock.ts';
import { resultFor, windowOf, type RateLimiter, type RateRule } from './limiter.ts';

const MAX_BUCKETS = 100_000;
const SWEEP_EVERY_MS = 1000;

interface Bucket {
  count: number;
  endsAtMs: number;
}

export interface MemoryLimiter extends RateLimiter {
  /** Counters currently held (for tests of the memory bound). */
  size(): number;
}

export function createMemoryLimiter(clock: Clock, options: { maxBuckets?: number } = {}): MemoryLimiter {
  const maxBuckets = options.maxBuckets ?? MAX_BUCKETS;
  const buckets = new Map<string, Bucket>();
  let nextSweepAtMs = 0;

  function sweep(nowMs: number): void {
    if (nowMs >= nextSweepAtMs) {
      nextSweepAtMs = nowMs + SWEEP_EVERY_MS;
      for (const [key, bucket] of buckets) if (bucket.endsAtMs <= nowMs) buckets.delete(key);
    }
    // Map iterates in insertion order: the first keys are the oldest windows.
    for (const key of buckets.keys()) {
      if (buckets.size < maxBuckets) break;
      buckets.delete(key);
    }
  }

  return {
    async consume(key: string, rule: RateRule) {
      const nowMs = clock.now().getTime();
      const { index, endsAtMs } = windowOf(nowMs, rule);
      const id = `${rule.name}:${key}:${index}`;
      let bucket = buckets.get(id);
      if (!bucket) {
        sweep(nowMs);
        bucket = { count: 0, endsAtMs };
        buckets.set(id, bucket);
      }
      bucket.count += 1;
      return resultFor(bucket.count, rule, nowMs, endsAtMs);
    },
    size: () => buckets.size,
    async close() {
      buckets.clear();
    },
  };
}

/** GAZETTE_RATE_LIMITS=off: every attempt allowed (load tests from one address). */
export function createUnlimitedLimiter(): RateLimiter {
  return {
    consume: async (_key, rule) => ({ allowed: true, retryAfterSeconds: 1, remaining: rule.limit }),
    close: async () => undefined,
  };
}
