// inTransaction under concurrency. On SQLite, transactions that arrive together share one
// commit (src/storage/group-commit.ts), each in its own savepoint; on PostgreSQL each is its own.
// Either way each caller must see exactly one transaction: its writes land or vanish together,
// a neighbour's failure never takes them down, and afterCommit runs only once they are visible.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { afterCommit, inTransaction } from '../../src/storage/db.ts';
import { getSetting, putSettingIfAbsent } from '../../src/storage/repos/settings.ts';
import { openTestStorage, testEngines, type TestStorage } from '../helpers/engines.ts';

const AT = '2026-12-05T12:00:00.000Z';

describe.each(testEngines())('transactions arriving together (%s)', (engine) => {
  let storage: TestStorage;
  beforeAll(async () => {
    storage = await openTestStorage(engine);
  });
  afterAll(() => storage.dispose());

  it('commits every unit that succeeds and none of one that fails, whatever its neighbours do', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        inTransaction(storage.db, async (db) => {
          await putSettingIfAbsent(db, `unit-${i}-first`, 'x', AT);
          // Every third unit fails after its first write: that write must go with it.
          if (i % 3 === 0) throw new Error(`unit ${i} refused`);
          await putSettingIfAbsent(db, `unit-${i}-second`, 'y', AT);
          return i;
        }),
      ),
    );
    for (const [i, result] of results.entries()) {
      if (i % 3 === 0) {
        expect(result).toEqual({ status: 'rejected', reason: new Error(`unit ${i} refused`) });
        expect(await getSetting(storage.db, `unit-${i}-first`)).toBeUndefined();
        expect(await getSetting(storage.db, `unit-${i}-second`)).toBeUndefined();
      } else {
        expect(result).toEqual({ status: 'fulfilled', value: i });
        expect(await getSetting(storage.db, `unit-${i}-first`)).toBe('x');
        expect(await getSetting(storage.db, `unit-${i}-second`)).toBe('y');
      }
    }
  });

  it('runs a unit’s afterCommit callbacks once its rows are visible, and never for a unit that failed', async () => {
    const seen: Record<string, string | undefined> = {};
    const pending: Promise<unknown>[] = [];
    const told: string[] = [];
    for (const key of ['told-a', 'told-b', 'never-told', 'told-c']) {
      pending.push(
        inTransaction(storage.db, async (db) => {
          await putSettingIfAbsent(db, key, 'v', AT);
          afterCommit(db, () => {
            told.push(key);
            // Read outside the transaction, from the callback: the commit has happened.
            pending.push(getSetting(storage.db, key).then((value) => (seen[key] = value)));
          });
          if (key === 'never-told') throw new Error('no');
        }).catch(() => undefined),
      );
    }
    await Promise.all(pending);
    await Promise.all(pending); // the reads the callbacks started
    expect(told.sort()).toEqual(['told-a', 'told-b', 'told-c']);
    expect(seen).toEqual({ 'told-a': 'v', 'told-b': 'v', 'told-c': 'v' });
    expect(await getSetting(storage.db, 'never-told')).toBeUndefined();
  });

  it('joins an enclosing transaction instead of starting its own', async () => {
    await expect(
      inTransaction(storage.db, async (outer) => {
        await inTransaction(outer, (inner) => putSettingIfAbsent(inner, 'nested-inner', 'i', AT));
        throw new Error('outer refused');
      }),
    ).rejects.toThrow('outer refused');
    expect(await getSetting(storage.db, 'nested-inner')).toBeUndefined();
  });

  it('hands each caller its own result while many run at once', async () => {
    const values = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        inTransaction(storage.db, async (db) => {
          await putSettingIfAbsent(db, `many-${i}`, String(i), AT);
          return getSetting(db, `many-${i}`);
        }),
      ),
    );
    expect(values).toEqual(Array.from({ length: 100 }, (_, i) => String(i)));
  });
});
