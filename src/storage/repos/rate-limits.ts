// Shared rate-limit counters (limits/postgres.ts). Each attempt is one upsert that returns the
// new count: PostgreSQL settles two instances racing on one counter row by row, so each gets a
// different count and no two can both take the last slot.
import type { Db } from '../db.ts';

/**
 * Counts one hit on `bucket` and returns the count including it. The expiry is written by the
 * first hit only (the bucket names its window, so later hits would write the same value anyway).
 */
export async function countRateLimitHit(db: Db, bucket: string, expiresAt: string): Promise<number> {
  const row = await db
    .insertInto('rate_limits')
    .values({ bucket, hits: 1, expires_at: expiresAt })
    .onConflict((oc) => oc.column('bucket').doUpdateSet((eb) => ({ hits: eb('rate_limits.hits', '+', 1) })))
    .returning('hits')
    .executeTakeFirstOrThrow();
  return Number(row.hits);
}

/** Deletes at most `limit` counters that expired before `now`; returns how many went. */
export async function pruneRateLimits(db: Db, now: string, limit: number): Promise<number> {
  const result = await db
    .deleteFrom('rate_limits')
    .where('bucket', 'in', (eb) => eb.selectFrom('rate_limits').select('bucket').where('expires_at', '<', now).limit(limit))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Counters held, expired or not (tests, and an operator wondering how big the table is). */
export async function countRateLimitRows(db: Db): Promise<number> {
  const row = await db
    .selectFrom('rate_limits')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
