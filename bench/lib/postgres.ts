// A PostgreSQL database of the bench's own for one run, made with a unique name and dropped
// afterwards, as the tests do: the server here keeps what earlier runs left.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { cpuSeconds } from './gazette.ts';

const ADMIN_URL = process.env.BENCH_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

async function admin(text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * A reader of the CPU seconds the PostgreSQL server has used so far, all its processes together
 * (the postmaster, its live backends and helpers, and those that have exited), so that a run can
 * say what the database cost beside the server. Null when its processes are not readable here
 * (PostgreSQL on another machine, or run by a user whose /proc entries are closed to us).
 */
export async function postgresCpu(): Promise<() => number | null> {
  try {
    const dataDirectory = String((await admin('SHOW data_directory')).rows[0].data_directory);
    const postmaster = Number(fs.readFileSync(path.join(dataDirectory, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return () => {
      const own = cpuSeconds(postmaster, { withReapedChildren: true });
      if (own === null) return null;
      try {
        const children = fs.readFileSync(`/proc/${postmaster}/task/${postmaster}/children`, 'utf8').split(' ').filter(Boolean);
        // A child may exit between the listing and the read: its time then moves to the postmaster's reaped count.
        return children.reduce((sum, pid) => sum + (cpuSeconds(Number(pid)) ?? 0), own);
      } catch {
        return null;
      }
    };
  } catch {
    return () => null;
  }
}

/**
 * How the bench reaches PostgreSQL, for its report: a Unix socket (a host that is a path, as
 * `%2Fvar%2Frun%2Fpostgresql` or `?host=/var/run/postgresql`) or TCP. Over TCP each round trip
 * costs both sides more CPU, so figures are compared only between runs over the same kind.
 */
export function benchDatabaseTransport(): string {
  const url = new URL(ADMIN_URL);
  const host = url.searchParams.get('host') ?? decodeURIComponent(url.hostname);
  return host.startsWith('/') ? `Unix socket ${host}` : `TCP ${host || 'localhost'}:${url.port || '5432'}`;
}

export async function withBenchDatabase<T>(run: (databaseUrl: string) => Promise<T>): Promise<T> {
  const name = `gazette_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  try {
    return await run(url.toString());
  } finally {
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}
