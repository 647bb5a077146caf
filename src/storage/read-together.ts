// Reads that do not depend on one another, sent together. Posting a comment asks a handful of
// questions before it writes (is the address an account's, which thread, any sanctions, recent
// repeats, look-alikes, the spam filter's tokens), and on PostgreSQL each one asked alone is a
// write to the socket and a wait for the answer: in the posting benchmark those writes (writev,
// with the database process woken for each) were a fifth of the server's CPU. Here the reads
// share one pooled connection without waiting for each other, and the pipelined client
// (dialects/postgres-pipeline.ts) sends whatever is queued in one turn of the event loop as one
// write; PostgreSQL answers each as if it had come alone. SQLite answers in-process: its reads
// simply run one after another.
import { Kysely, type Dialect, type Driver, type KyselyProps, type QueryExecutor } from 'kysely';
import { engineOf, type Db } from './db.ts';
import type { Database } from './schema.ts';

type Reads<T extends readonly unknown[]> = { readonly [K in keyof T]: Promise<T[K]> };

/**
 * Starts every read `start` returns at once and resolves with their answers in the same order.
 * If any fails, it throws the first failure in that order (not the first to arrive), after all
 * have settled, so the caller sees the same error however the answers interleave.
 */
export async function readTogether<const T extends readonly unknown[]>(db: Db, start: (db: Db) => Reads<T>): Promise<T> {
  // A transaction already has its one connection.
  if (db.isTransaction) return settleInOrder(start(db));
  // SQLite has only one, and its reads run one after another whatever is asked.
  const executor = db.getExecutor();
  if (engineOf(db) === 'sqlite') return settleInOrder(start(readsOnlyHandle(executor, () => executor)));
  return executor.provideConnection((connection) => {
    const sharing = () => executor.withConnectionProvider({ provideConnection: (consume) => consume(connection) });
    return settleInOrder(start(readsOnlyHandle(connection, sharing)));
  });
}

/**
 * The handles made so far, each made once: keyed by SQLite's executor, or by the PostgreSQL
 * connection they share (a pooled connection belongs to one database, so to one executor), so
 * that posting a comment builds no Kysely instance.
 */
const handles = new WeakMap<object, Db>();

function readsOnlyHandle(key: object, executor: () => QueryExecutor): Db {
  let handle = handles.get(key);
  if (!handle) handles.set(key, (handle = readsOnly(executor())));
  return handle;
}

async function settleInOrder<T extends readonly unknown[]>(reads: Reads<T>): Promise<T> {
  const settled = await Promise.allSettled(reads);
  const failure = settled.find((outcome) => outcome.status === 'rejected');
  if (failure) throw failure.reason;
  return settled.map((outcome) => (outcome as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/**
 * A handle that runs queries with `executor` and cannot open a transaction (on either engine, so
 * that a mistake shows on SQLite too). On PostgreSQL the executor hands every query the same
 * connection at once: Kysely's own single-connection handle (db.connection()) runs one query at
 * a time, which is what this is to avoid, and the pipelined client keeps the answers in order.
 */
function readsOnly(executor: QueryExecutor): Db {
  const props: KyselyProps = { config: { dialect: NO_DIALECT }, dialect: NO_DIALECT, driver: NO_DRIVER, executor };
  return new Kysely<Database>(props);
}

const refuse = (): never => {
  throw new Error('readTogether is for reads: open transactions on the database handle, not inside it');
};

const NO_DRIVER: Driver = {
  init: async () => {},
  acquireConnection: refuse,
  beginTransaction: refuse,
  commitTransaction: refuse,
  rollbackTransaction: refuse,
  releaseConnection: async () => {},
  destroy: async () => {},
};

const NO_DIALECT: Dialect = {
  createDriver: () => NO_DRIVER,
  createQueryCompiler: refuse,
  createAdapter: refuse,
  createIntrospector: refuse,
};
