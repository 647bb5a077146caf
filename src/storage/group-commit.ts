// Group commit for SQLite. SQLite has one connection and one writer, and a commit is the
// dearest step of a small write: the WAL frames of every page the write touched (the comments
// table, each of its indexes, the full-text index's new segment) are written once per commit.
// Under load, writes that arrive while one transaction runs wait for the connection anyway;
// here they wait in a queue instead, and the next transaction runs all of them, each inside its
// own savepoint, and commits once. A unit that fails rolls back to its savepoint alone, so to
// its caller it is exactly one transaction that did not happen; the others still commit. Nobody
// hears "done" (a resolved promise, an afterCommit callback) before the shared COMMIT returns.
import type { Kysely } from 'kysely';
import { RELEASE_SAVEPOINT, ROLLBACK_TO_SAVEPOINT, SAVEPOINT } from './savepoint.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database>;

interface Unit {
  fn: (trx: Db) => Promise<unknown>;
  callbacks: (() => void)[];
  resolve(value: unknown): void;
  reject(error: unknown): void;
  outcome?: { ok: true; value: unknown } | { ok: false; error: unknown };
}

/**
 * One batch holds at most this many units: a bound on how long readers wait for the single
 * connection while a batch runs, and on how much a failed COMMIT takes down with it.
 */
const MAX_UNITS_PER_COMMIT = 64;

export class GroupCommit {
  readonly #db: Db;
  readonly #bindCallbacks: (trx: Db, callbacks: (() => void)[]) => void;
  #queue: Unit[] = [];
  #draining = false;

  /** bindCallbacks tells afterCommit, for the unit about to run, where its callbacks go. */
  constructor(db: Db, bindCallbacks: (trx: Db, callbacks: (() => void)[]) => void) {
    this.#db = db;
    this.#bindCallbacks = bindCallbacks;
  }

  run<T>(fn: (trx: Db) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ fn, callbacks: [], resolve: resolve as (value: unknown) => void, reject });
      if (this.#draining) return;
      this.#draining = true;
      // SQLite answers synchronously, so a request runs from its body to here without yielding to
      // the event loop: the others that arrived with it get here only once this turn's I/O is
      // handled. Starting the transaction after it (setImmediate) lets them join this commit.
      setImmediate(() => void this.#drain());
    });
  }

  async #drain(): Promise<void> {
    try {
      while (this.#queue.length > 0) await this.#commitQueued();
    } finally {
      this.#draining = false;
    }
  }

  async #commitQueued(): Promise<void> {
    let batch: Unit[] = [];
    try {
      await this.#db.transaction().execute(async (trx) => {
        // Taken once the connection is ours: whatever queued while the connection was busy (the
        // last batch, other requests' reads) joins this commit.
        batch = this.#queue.splice(0, MAX_UNITS_PER_COMMIT);
        // Alone, a unit needs no savepoint: its failure rolls the whole transaction back, as before.
        if (batch.length === 1) {
          const unit = batch[0]!;
          this.#bindCallbacks(trx, unit.callbacks);
          unit.outcome = { ok: true, value: await unit.fn(trx) };
          return;
        }
        for (const unit of batch) await this.#runInSavepoint(trx, unit);
      });
    } catch (error) {
      // The COMMIT (or a lone unit) failed: nothing of the batch is stored, so no unit succeeded.
      for (const unit of batch) unit.reject(unit.outcome && !unit.outcome.ok ? unit.outcome.error : error);
      return;
    }
    for (const unit of batch) {
      if (unit.outcome!.ok) {
        for (const callback of unit.callbacks) callback();
        unit.resolve(unit.outcome!.value);
      } else {
        unit.reject(unit.outcome!.error);
      }
    }
  }

  async #runInSavepoint(trx: Db, unit: Unit): Promise<void> {
    this.#bindCallbacks(trx, unit.callbacks);
    await trx.executeQuery(SAVEPOINT);
    try {
      unit.outcome = { ok: true, value: await unit.fn(trx) };
    } catch (error) {
      unit.outcome = { ok: false, error };
      unit.callbacks.length = 0;
      // If SQLite itself ended the transaction (a full disk, say), this throws too and the batch
      // fails as a whole: every unit is told, none is acknowledged.
      await trx.executeQuery(ROLLBACK_TO_SAVEPOINT);
    }
    await trx.executeQuery(RELEASE_SAVEPOINT);
  }
}
