// createStorage opens the configured engine and hands back one handle that repositories take
// as their first argument. Which engine is in use matters only in dialects/ and migrations.
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { Engine } from '../config.ts';
import type { Database } from './schema.ts';
import { openSqlite } from './dialects/sqlite.ts';
import { openPostgres } from './dialects/postgres.ts';
import { GroupCommit } from './group-commit.ts';

export type Db = Kysely<Database>;

export interface Storage {
  db: Db;
  engine: Engine;
  close(): Promise<void>;
}

export type StorageOptions = { engine: 'sqlite'; file: string } | { engine: 'postgres'; url: string; poolSize?: number };

export function createStorage(options: StorageOptions): Storage {
  const db = options.engine === 'sqlite' ? openSqlite(options.file) : openPostgres(options.url, options.poolSize);
  return { db, engine: options.engine, close: () => db.destroy() };
}

const commitCallbacks = new WeakMap<Db, (() => void)[]>();
const groupCommits = new WeakMap<Db, GroupCommit>();

/**
 * Runs fn in one transaction: either all of its writes land or none do. On SQLite, transactions
 * that arrive together commit together (group-commit.ts); each still succeeds or fails alone.
 */
export async function inTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  // Already inside one (the demo loader calling createPost): join it, so the outer one stays atomic.
  if (db.isTransaction) return fn(db);
  if (engineOf(db) === 'sqlite') {
    let group = groupCommits.get(db);
    if (!group) groupCommits.set(db, (group = new GroupCommit(db, (trx, callbacks) => commitCallbacks.set(trx, callbacks))));
    return group.run(fn);
  }
  const callbacks: (() => void)[] = [];
  const result = await db.transaction().execute((trx) => {
    commitCallbacks.set(trx, callbacks);
    return fn(trx);
  });
  for (const callback of callbacks) callback();
  return result;
}

/**
 * Runs `callback` once the surrounding transaction has committed (at once outside one): an
 * announcement such as "mail is waiting" must not reach a listener before the row is visible,
 * and must not be made at all if the transaction rolls back.
 */
export function afterCommit(db: Db, callback: () => void): void {
  const pending = db.isTransaction ? commitCallbacks.get(db) : undefined;
  if (pending) pending.push(callback);
  else callback();
}

/**
 * Which engine a handle (or a transaction made from it) talks to, for the few queries that
 * must be written per engine, such as full-text search.
 */
export function engineOf(db: Db): Engine {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** Throws when the database cannot answer a trivial query: what /healthz reports. */
export async function pingDatabase(db: Db): Promise<void> {
  await sql`SELECT 1`.execute(db);
}
