// The shared rate limiter for PostgreSQL without Redis: every instance counts in the same rows of
// `rate_limits`, so a budget holds across a load balancer as it does with redis.ts. Same fixed,
// clock-aligned window and the same key (rule, hashed subject, window index); each attempt is one
// upsert returning the new count (storage/repos/rate-limits.ts), so the increment is atomic and two
// instances can never both take the last slot. Times come from the injected clock, never the
// database's now(), so tests move time and instances agree with their own Retry-After.
//
// Rows are not expired by the database: a bounded delete of finished windows runs in the
// background at most once a minute per instance (sooner while a flood leaves full batches), so
// no attempt waits on it and no single delete holds locks for long.
import { createHash } from 'node:crypto';
import type { Clock } from '../clock.ts';
import type { Db } from '../storage/db.ts';
import { countRateLimitHit, pruneRateLimits } from '../storage/repos/rate-limits.ts';
import { resultFor, windowOf, type RateLimiter, type RateRule } from './limiter.ts';

// As in redis.ts: instances' clocks differ a little; a counter outlives its window by this much
// so a slightly late instance still finds it.
const EXPIRY_MARGIN_MS = 5000;
const PRUNE_EVERY_MS = 60_000;
/** Rows one delete removes at most. */
export const PRUNE_BATCH = 1000;

export interface PostgresLimiterOptions {
  /** Database errors (counting fails open, pruning is retried later); default: ignored. */
  onError?: (error: Error) => void;
  /** Rows one background delete removes at most (tests use a small one); default PRUNE_BATCH. */
  pruneBatch?: number;
}

export interface PostgresLimiter extends RateLimiter {
  /** The row that counts `key` under `rule` right now (for tests). */
  bucketFor(key: string, rule: RateRule): string;
  /** Deletes up to one batch of expired counters now; how many went. */
  pruneExpired(): Promise<number>;
  /** Resolves once no background delete is running (tests wait on it; close() does too). */
  settled(): Promise<void>;
}

/** `db` is the application's own pool; the limiter never closes it. */
export function createPostgresLimiter(db: Db, clock: Clock, options: PostgresLimiterOptions = {}): PostgresLimiter {
  const onError = options.onError ?? (() => undefined);
  const pruneBatch = options.pruneBatch ?? PRUNE_BATCH;
  // 0: the first attempt after start-up clears what earlier runs left behind.
  let nextPruneAtMs = 0;
  let pruning: Promise<void> | null = null;

  // Subjects (emails, IPs) are hashed, so no personal data sits in the table.
  const bucketAt = (key: string, rule: RateRule, index: number) =>
    `${rule.name}:${createHash('sha256').update(key).digest('base64url').slice(0, 22)}:${index}`;

  const pruneExpired = () => pruneRateLimits(db, clock.now().toISOString(), pruneBatch);

  function pruneInBackground(nowMs: number): void {
    if (pruning || nowMs < nextPruneAtMs) return;
    nextPruneAtMs = nowMs + PRUNE_EVERY_MS;
    pruning = pruneExpired()
      .then((deleted) => {
        // A full batch means more are waiting: take the next one on the next attempt.
        if (deleted >= pruneBatch) nextPruneAtMs = 0;
      })
      .catch((error: unknown) => onError(error as Error))
      .finally(() => {
        pruning = null;
      });
  }

  return {
    bucketFor: (key, rule) => bucketAt(key, rule, windowOf(clock.now().getTime(), rule).index),
    pruneExpired,
    settled: async () => {
      while (pruning) await pruning;
    },
    async consume(key: string, rule: RateRule) {
      const nowMs = clock.now().getTime();
      const { index, endsAtMs } = windowOf(nowMs, rule);
      let count: number;
      try {
        count = await countRateLimitHit(db, bucketAt(key, rule, index), new Date(endsAtMs + EXPIRY_MARGIN_MS).toISOString());
      } catch (error) {
        // Fail open, as redis.ts does: a database hiccup must not stop every login and comment
        // (and if the database is down, those fail on their own anyway).
        onError(error as Error);
        return { allowed: true, retryAfterSeconds: 0, remaining: rule.limit };
      }
      pruneInBackground(nowMs);
      return resultFor(count, rule, nowMs, endsAtMs);
    },
    async close() {
      while (pruning) await pruning;
    },
  };
}
