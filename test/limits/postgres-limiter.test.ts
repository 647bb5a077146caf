// The shared limiter on PostgreSQL without Redis: the same contract as the other stores, one budget
// for every instance on the database (each instance here has its own connection pool, as separate
// processes would), no lost or doubled counts under concurrency, and bounded, occasional pruning.
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { fixedClock } from '../../src/clock.ts';
import { createStorage, type Storage } from '../../src/storage/db.ts';
import { countRateLimitHit, countRateLimitRows } from '../../src/storage/repos/rate-limits.ts';
import { createPostgresLimiter } from '../../src/limits/postgres.ts';
import type { RateRule } from '../../src/limits/limiter.ts';
import { openTestStorage, type TestStorage } from '../helpers/engines.ts';
import { loadConfig } from '../../src/config.ts';
import { openRuntime } from '../../src/runtime.ts';
import { CONTRACT_START, limiterContract } from './contract.ts';

const available = inject('postgresAvailable');
if (!available) console.warn('[gazette tests] skipping the PostgreSQL rate-limit suite: no PostgreSQL server');

describe.skipIf(!available)('postgres rate limiter', () => {
  let storage: TestStorage;
  /** A second instance's own pool on the same database. */
  let otherInstance: Storage;

  beforeAll(async () => {
    storage = await openTestStorage('postgres');
    otherInstance = createStorage({ engine: 'postgres', url: storage.env.DATABASE_URL!, poolSize: 10 });
  });

  afterAll(async () => {
    await otherInstance?.close();
    await storage?.dispose();
  });

  describe('contract', () => {
    limiterContract((clock) => createPostgresLimiter(storage.db, clock));
  });

  it('shares one budget between two instances', async () => {
    const clock = fixedClock(CONTRACT_START);
    const rule: RateRule = { name: 'shared', limit: 3, windowSeconds: 300 };
    const first = createPostgresLimiter(storage.db, clock);
    const second = createPostgresLimiter(otherInstance.db, clock);
    expect(await first.consume('1.2.3.4', rule)).toMatchObject({ allowed: true, remaining: 2 });
    expect(await second.consume('1.2.3.4', rule)).toMatchObject({ allowed: true, remaining: 1 });
    expect(await first.consume('1.2.3.4', rule)).toMatchObject({ allowed: true, remaining: 0 });
    clock.advance(60_000);
    expect(await second.consume('1.2.3.4', rule)).toEqual({ allowed: false, retryAfterSeconds: 240, remaining: 0 });
    expect(await first.consume('5.6.7.8', rule)).toMatchObject({ allowed: true, remaining: 2 });
    await Promise.all([first.close(), second.close()]);
  });

  it('lets exactly the limit through when 50 attempts race across two instances', async () => {
    const clock = fixedClock(CONTRACT_START);
    const rule: RateRule = { name: 'race', limit: 10, windowSeconds: 300 };
    const first = createPostgresLimiter(storage.db, clock);
    const second = createPostgresLimiter(otherInstance.db, clock);
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? first : second).consume('racer', rule)));
    const allowed = results.filter((r) => r.allowed);
    expect(allowed).toHaveLength(10);
    // Every count from 1 to 10 was handed out once: no two attempts saw the same count.
    expect(allowed.map((r) => r.remaining).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const row = await storage.db
      .selectFrom('rate_limits')
      .select('hits')
      .where('bucket', '=', first.bucketFor('racer', rule))
      .executeTakeFirstOrThrow();
    expect(row.hits).toBe(50);
    await Promise.all([first.close(), second.close()]);
  });

  it("keeps time by the injected clock, not the database's", async () => {
    // Years from the database's own now(): a limiter reading now() would see other windows.
    const clock = fixedClock('2031-03-01T09:01:00.000Z');
    const rule: RateRule = { name: 'clock', limit: 1, windowSeconds: 300 };
    const limiter = createPostgresLimiter(storage.db, clock);
    expect(await limiter.consume('someone@example.com', rule)).toMatchObject({ allowed: true, remaining: 0 });
    const row = await storage.db
      .selectFrom('rate_limits')
      .selectAll()
      .where('bucket', '=', limiter.bucketFor('someone@example.com', rule))
      .executeTakeFirstOrThrow();
    // The window 09:00–09:05 plus the 5-second margin.
    expect(new Date(row.expires_at).toISOString()).toBe('2031-03-01T09:05:05.000Z');
    expect(row.bucket).not.toContain('example.com');

    clock.advance(3 * 60_000 + 59_000);
    expect(await limiter.consume('someone@example.com', rule)).toEqual({ allowed: false, retryAfterSeconds: 1, remaining: 0 });
    clock.advance(1000);
    expect(await limiter.consume('someone@example.com', rule)).toMatchObject({ allowed: true, remaining: 0 });
    await limiter.close();
  });

  describe('pruning', () => {
    beforeEach(async () => {
      await storage.db.deleteFrom('rate_limits').execute();
    });

    it('removes only expired counters, a bounded batch at a time', async () => {
      const clock = fixedClock(CONTRACT_START);
      const rule: RateRule = { name: 'prune', limit: 3, windowSeconds: 300 };
      const limiter = createPostgresLimiter(storage.db, clock, { pruneBatch: 2 });
      for (let i = 0; i < 5; i++) await limiter.consume(`old-${i}`, rule);
      await limiter.settled();
      clock.set('2026-01-15T12:05:04.000Z'); // the window has ended, its margin has not
      await limiter.consume('fresh', rule);
      expect(await limiter.pruneExpired()).toBe(0);

      clock.set('2026-01-15T12:05:06.000Z');
      expect(await limiter.pruneExpired()).toBe(2);
      expect(await limiter.pruneExpired()).toBe(2);
      expect(await limiter.pruneExpired()).toBe(1);
      expect(await limiter.pruneExpired()).toBe(0);
      expect(await countRateLimitRows(storage.db)).toBe(1);
      expect(await limiter.consume('fresh', rule)).toMatchObject({ allowed: true, remaining: 1 });
      await limiter.close();
    });

    it('prunes in the background now and then, not on every attempt, and catches up while batches come back full', async () => {
      const clock = fixedClock(CONTRACT_START);
      const rule: RateRule = { name: 'prune-background', limit: 3, windowSeconds: 300 };
      const limiter = createPostgresLimiter(storage.db, clock, { pruneBatch: 2 });
      for (let i = 0; i < 5; i++) await limiter.consume(`old-${i}`, rule);
      await limiter.settled();
      expect(await countRateLimitRows(storage.db)).toBe(5);

      clock.set('2026-01-15T12:05:10.000Z'); // more than a minute since the start-up prune
      const rowsAfterAttempt = async () => {
        await limiter.consume('late', rule);
        await limiter.settled();
        return countRateLimitRows(storage.db);
      };
      // 5 expired + "late": a full batch of 2 goes each time, then the last one.
      expect(await rowsAfterAttempt()).toBe(4);
      expect(await rowsAfterAttempt()).toBe(2);
      expect(await rowsAfterAttempt()).toBe(1);

      // The last batch was not full: the next prune waits a minute, whatever expires meanwhile.
      await countRateLimitHit(storage.db, 'stale', '2026-01-15T11:00:00.000Z');
      clock.advance(59_000);
      expect(await rowsAfterAttempt()).toBe(2);
      clock.advance(1000);
      expect(await rowsAfterAttempt()).toBe(1);
      await limiter.close();
    });
  });

  it('is what a runtime on PostgreSQL without Redis counts with, so two of them share a budget', async () => {
    const env = { DATABASE_URL: storage.env.DATABASE_URL!, GAZETTE_DATA_DIR: path.join(os.tmpdir(), 'gazette-pg-limiter') };
    const [one, two] = [await openRuntime(loadConfig(env)), await openRuntime(loadConfig(env))];
    try {
      // The runtimes run on the system clock: a day-long window (from midnight UTC) keeps these lines in one.
      const rule: RateRule = { name: 'runtime', limit: 2, windowSeconds: 86_400 };
      expect(await one.limiter.consume('1.2.3.4', rule)).toMatchObject({ allowed: true, remaining: 1 });
      expect(await two.limiter.consume('1.2.3.4', rule)).toMatchObject({ allowed: true, remaining: 0 });
      expect((await one.limiter.consume('1.2.3.4', rule)).allowed).toBe(false);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });

  it('lets attempts through uncounted, and reports why, when the database cannot be reached', async () => {
    const unreachable = createStorage({ engine: 'postgres', url: 'postgres://postgres@127.0.0.1:1/gazette', poolSize: 1 });
    const errors: Error[] = [];
    const limiter = createPostgresLimiter(unreachable.db, fixedClock(CONTRACT_START), { onError: (e) => errors.push(e) });
    const rule: RateRule = { name: 'outage', limit: 1, windowSeconds: 300 };
    expect(await limiter.consume('1.2.3.4', rule)).toEqual({ allowed: true, retryAfterSeconds: 0, remaining: 1 });
    expect(await limiter.consume('1.2.3.4', rule)).toMatchObject({ allowed: true });
    expect(errors.length).toBeGreaterThan(0);
    await limiter.close();
    await unreachable.close();
  });
});
