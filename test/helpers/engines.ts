// The list of database engines every storage and HTTP test runs on, and a fresh, uniquely
// named database per suite that is dropped afterwards.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createStorage, type Storage } from '../../src/storage/db.ts';
import { migrateToLatest } from '../../src/storage/migrate.ts';
import type { Engine } from '../../src/config.ts';

export const POSTGRES_ADMIN_URL = process.env.GAZETTE_TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

/** Engines to test on. PostgreSQL is left out only when globalSetup found no server and did not require one. */
export function testEngines(): Engine[] {
  return inject('postgresAvailable') ? ['sqlite', 'postgres'] : ['sqlite'];
}

export interface TestStorage extends Storage {
  /** The environment a separate process needs to open this same database. */
  env: Record<string, string>;
  /** Closes the handle and drops the database. */
  dispose(): Promise<void>;
}

export async function openTestStorage(engine: Engine): Promise<TestStorage> {
  if (engine === 'sqlite') {
    const storage = createStorage({ engine: 'sqlite', file: ':memory:' });
    await migrateToLatest(storage);
    return { ...storage, env: {}, dispose: () => storage.close() };
  }
  const name = `gazette_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  const storage = createStorage({ engine: 'postgres', url: url.toString(), poolSize: 4 });
  try {
    await migrateToLatest(storage);
  } catch (error) {
    await storage.close();
    await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    throw error;
  }
  return {
    ...storage,
    env: { DATABASE_URL: url.toString() },
    async dispose() {
      await storage.close();
      // pg's pool.end() resolves before its clients have finished closing; a FORCE drop that
      // kills one of them mid-close surfaces as an unhandled 57P01 error, so wait for them.
      await untilNoConnections(name);
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

async function untilNoConnections(database: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    for (let attempt = 0; attempt < 200; attempt++) {
      const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1', [database]);
      if (Number(rows[0]?.n) === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    await client.end();
  }
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
