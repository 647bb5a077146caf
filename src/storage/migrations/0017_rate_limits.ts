// Issue 16: rate limits shared through PostgreSQL when there is no Redis. One row per
// (rule, hashed subject, window), the same key the Redis limiter uses; `hits` is bumped by one
// atomic upsert per attempt, and `expires_at` (the window's end plus a small margin) lets a
// bounded, occasional delete forget finished windows. Created on both engines so the schema
// stays one: on SQLite (one process) the in-memory limiter is used and the table stays empty.
import type { Kysely } from 'kysely';
import type { Engine } from '../../config.ts';

export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  const timestamp = engine === 'postgres' ? 'timestamptz' : 'text';
  await db.schema
    .createTable('rate_limits')
    .addColumn('bucket', 'text', (c) => c.primaryKey())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .addColumn('expires_at', timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rate_limits_by_expiry').on('rate_limits').column('expires_at').execute();
}
