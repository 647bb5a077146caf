// createStorage opens the configured engine and hands back one handle that repositories take
// as their first argument. Which engine is in use matters only in dialects/ and migrations.
import { PostgresAdapter, sql, type CompiledQuery, type Kysely } from 'kysely';
import type { Engine } from '../config.ts';
import type { Database } from './schema.ts';
import { openSqlite } from './dialects/sqlite.ts';
import { openPostgres } from './dialects/postgres.ts';
import { UNANSWERED } from './dialects/postgres-pipeline.ts';
import { GroupCommit } from './group-commit.ts';

export type Db = Kysely<Database>;

export interface Storage {
  db: Db;
  engine: Engine;
  close(): Promise<void>;
}

export type StorageOptions =
  | { engine: 'sqlite'; file: string }
  /** preparedStatements: statements that repeat go out prepared (dialects/postgres-prepared.ts); default true. */
  | { engine: 'postgres'; url: string; poolSize?: number; preparedStatements?: boolean };

export function createStorage(options: StorageOptions): Storage {
  const db =
    options.engine === 'sqlite'
      ? openSqlite(options.file)
      : openPostgres(options.url, { poolSize: options.poolSize, preparedStatements: options.preparedStatements });
  return { db, engine: options.engine, close: () => db.destroy() };
}

const commitCallbacks = new WeakMap<Db, (() => void)[]>();
const commitTasks = new WeakMap<Db, CommitTask[]>();
const groupCommits = new WeakMap<Db, GroupCommit>();

/** Work for once a transaction has committed, given the handle it was opened from. */
export type CommitTask = (db: Db) => Promise<void>;

/**
 * Runs fn in one transaction: either all of its writes land or none do. On SQLite, transactions
 * that arrive together commit together (group-commit.ts); each still succeeds or fails alone.
 * Resolves once it has committed and its afterCommitAwaited tasks have finished.
 */
export async function inTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  // Already inside one (the demo loader calling createPost): join it, so the outer one stays atomic.
  if (db.isTransaction) return fn(db);
  const tasks: CommitTask[] = [];
  // Units of one SQLite group commit share a transaction object but run one after another, so
  // each binds its own task list as it starts.
  const withTasks = (trx: Db) => {
    commitTasks.set(trx, tasks);
    return fn(trx);
  };
  let result: T;
  if (engineOf(db) === 'sqlite') {
    let group = groupCommits.get(db);
    if (!group) groupCommits.set(db, (group = new GroupCommit(db, (trx, callbacks) => commitCallbacks.set(trx, callbacks))));
    result = await group.run(withTasks);
  } else {
    const callbacks: (() => void)[] = [];
    result = await db.transaction().execute((trx) => {
      commitCallbacks.set(trx, callbacks);
      return withTasks(trx);
    });
    for (const callback of callbacks) callback();
  }
  if (tasks.length > 0) await Promise.all(tasks.map((task) => task(db)));
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
 * Runs `task` once the surrounding transaction has committed, and has inTransaction wait for it
 * before it resolves (outside a transaction: now, and the caller waits). For follow-up writes a
 * caller must see done when its own call returns, such as folding a comment-count change. Inside
 * a transaction opened some other way (an import's dry run, rolled back at its end) there is no
 * commit to wait for: the task runs at once, inside that transaction, and goes with it.
 */
export async function afterCommitAwaited(db: Db, task: CommitTask): Promise<void> {
  const pending = db.isTransaction ? commitTasks.get(db) : undefined;
  if (pending) pending.push(task);
  else await task(db);
}

/**
 * Runs a write whose result nobody reads (no rows, no count). Inside a PostgreSQL transaction it
 * is held and sent with the transaction's next statement or its COMMIT, in one round trip
 * (dialects/postgres-pipeline.ts); anywhere else it runs now. If it fails, the statement it
 * travels with fails with its error, and so does the transaction: use it only where a failure
 * would fail the transaction anyway, never where the caller catches the error to go on.
 */
export async function writeUnanswered(db: Db, query: CompiledQuery): Promise<void> {
  const held = db.isTransaction && engineOf(db) === 'postgres';
  await db.executeQuery(held ? { ...query, sql: UNANSWERED + query.sql } : query);
}

/**
 * One object per database opened, the same for its handle and every transaction made from it (the
 * dialect's adapter, which Kysely makes once per instance): a key for what is kept per database.
 */
export function databaseIdentity(db: Db): object {
  return db.getExecutor().adapter;
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
