import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { Database } from '../schema.ts';
import { pipelinedPool } from './postgres-pipeline.ts';
import { StatementNames } from './postgres-prepared.ts';

const TIMESTAMPTZ = 1184;
const TIMESTAMP = 1114;
const INT8 = 20;
const NUMERIC = 1700;

// Read timestamps back as ISO strings (as SQLite stores them) and counts as numbers, so that
// repositories and presenters never see an engine-specific type.
function getTypeParser(oid: number, format?: 'text' | 'binary') {
  if (oid === TIMESTAMPTZ || oid === TIMESTAMP) {
    return (value: string) => new Date(oid === TIMESTAMP ? `${value}Z` : value).toISOString();
  }
  if (oid === INT8 || oid === NUMERIC) return (value: string) => Number(value);
  return pg.types.getTypeParser(oid, format);
}

/** Each handle's pool, so /metrics can read its use without the pool travelling through every caller. */
const pools = new WeakMap<Kysely<Database>, pg.Pool>();

export function openPostgres(url: string, options: { poolSize?: number; preparedStatements?: boolean } = {}): Kysely<Database> {
  const { poolSize = 10, preparedStatements = true } = options;
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    types: { getTypeParser } as pg.CustomTypesConfig,
    // A transaction's held statements go out together, without waiting for each answer (postgres-pipeline.ts).
    pipeline: true,
  } as pg.PoolConfig);
  // Statements that repeat go out prepared, under names given per pool (postgres-prepared.ts).
  const names = preparedStatements ? new StatementNames() : null;
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: pipelinedPool(pool, names) }) });
  pools.set(db, pool);
  return db;
}

/** Connections open, idle, and queries waiting for one; undefined for a handle not opened here (SQLite). */
export function postgresPoolUse(db: Kysely<Database>): { total: number; idle: number; waiting: number } | undefined {
  const pool = pools.get(db);
  return pool && { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount };
}
