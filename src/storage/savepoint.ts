// A savepoint inside the current transaction, so that a statement failing in it can be undone
// alone: after a failed statement PostgreSQL refuses every later one of the transaction until
// it is rolled back to a savepoint, and a caller may want to ask the database more first.
import { CompiledQuery } from 'kysely';
import type { Db } from './db.ts';

// Also group-commit.ts's, for each unit of a shared commit; a name used again inside is fine
// (rollback and release reach the innermost savepoint of that name).
export const SAVEPOINT = CompiledQuery.raw('savepoint undo_point');
export const ROLLBACK_TO_SAVEPOINT = CompiledQuery.raw('rollback to undo_point');
export const RELEASE_SAVEPOINT = CompiledQuery.raw('release undo_point');

/** Runs fn in a savepoint of the transaction trx; if fn fails, its writes are undone and the transaction can go on. */
export async function withSavepoint<T>(trx: Db, fn: () => Promise<T>): Promise<T> {
  await trx.executeQuery(SAVEPOINT);
  let result: T;
  try {
    result = await fn();
  } catch (error) {
    await trx.executeQuery(ROLLBACK_TO_SAVEPOINT);
    await trx.executeQuery(RELEASE_SAVEPOINT);
    throw error;
  }
  await trx.executeQuery(RELEASE_SAVEPOINT);
  return result;
}
