// Queries compiled once (src/storage/compiled-query.ts) must answer exactly as the same query
// built afresh, on both engines, whatever values they are run with; and SQLite's LIMIT rewrite
// must still limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compiledForList, compiledOnce } from '../../src/storage/compiled-query.ts';
import { withPlannerBlindLimit } from '../../src/storage/dialects/sqlite.ts';
import type { Db } from '../../src/storage/db.ts';
import { putSettingIfAbsent } from '../../src/storage/repos/settings.ts';
import { openTestStorage, testEngines, type TestStorage } from '../helpers/engines.ts';

const AT = '2026-12-05T12:00:00.000Z';
const KEYS = Array.from({ length: 12 }, (_, i) => `compiled-${String(i).padStart(2, '0')}`);

const built = (db: Db, prefix: string, after: string, limit: number) =>
  db.selectFrom('settings').select(['key', 'value']).where('key', 'like', prefix).where('key', '>', after).orderBy('key').limit(limit);
const compiled = compiledOnce(3, built);

const byKeysBuilt = (db: Db, keys: string[]) => db.selectFrom('settings').select('key').where('key', 'in', keys).orderBy('key');
const byKeys = compiledForList(0, (db: Db, keys: unknown[]) => byKeysBuilt(db, keys as string[]), 8);

describe.each(testEngines())('compiled-once queries (%s)', (engine) => {
  let storage: TestStorage;
  beforeAll(async () => {
    storage = await openTestStorage(engine);
    for (const [i, key] of KEYS.entries()) await putSettingIfAbsent(storage.db, key, `v${i}`, AT);
  });
  afterAll(() => storage.dispose());

  it('answers as the query built afresh, run after run with other values', async () => {
    for (const [after, limit] of [
      ['', 5],
      ['compiled-03', 2],
      ['compiled-10', 10],
      ['compiled-99', 3],
      ['', 0],
    ] as const) {
      const expected = await built(storage.db, 'compiled-%', after, limit).execute();
      expect(expected.length).toBe(Math.max(0, Math.min(limit, KEYS.filter((k) => k > after).length)));
      expect((await compiled(storage.db, 'compiled-%', after, limit)).rows).toEqual(expected);
    }
  });

  it('runs inside a transaction on the transaction’s connection', async () => {
    await storage.db.transaction().execute(async (trx) => {
      await putSettingIfAbsent(trx, 'compiled-zz-inside', 'new', AT);
      const { rows } = await compiled(trx, 'compiled-zz%', '', 5);
      expect(rows).toEqual([{ key: 'compiled-zz-inside', value: 'new' }]);
    });
  });

  it('pads an in-list to a few shapes and still finds each key once, for every length', async () => {
    for (let length = 1; length <= KEYS.length; length++) {
      // Over the helper's maximum of 8, the query is built afresh: the same answer either way.
      const keys = [...KEYS.slice(0, length), 'missing-key'];
      const expected = await byKeysBuilt(storage.db, keys).execute();
      expect(expected).toHaveLength(length);
      expect((await byKeys(storage.db, keys)).rows).toEqual(expected);
    }
  });

  it('refuses a query that leaves an input out of its bound values', async () => {
    const careless = compiledOnce(2, (db: Db, key: string, unused: string) =>
      db
        .selectFrom('settings')
        .select('key')
        .where('key', '=', unused ? key : key),
    );
    await expect(careless(storage.db, 'a', 'b')).rejects.toThrow('input 1 is not a bound value');
  });
});

describe('SQLite LIMIT rewrite', () => {
  it('hides a bound LIMIT from the planner and leaves other text alone', () => {
    expect(withPlannerBlindLimit('select "a" from "t" where "b" = ? limit ?')).toBe('select "a" from "t" where "b" = ? limit (? + 0)');
    expect(withPlannerBlindLimit('select 1 limit ? offset ?')).toBe('select 1 limit (? + 0) offset ?');
    expect(withPlannerBlindLimit('select "limit" from "t"')).toBe('select "limit" from "t"');
  });
});
