// readTogether (src/storage/read-together.ts): independent reads started at once, answered in
// the order asked, the first failure in that order reported; on PostgreSQL they share one
// connection and leave in one write to its socket.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction, type Db } from '../../src/storage/db.ts';
import { readTogether } from '../../src/storage/read-together.ts';
import { getSetting, putSetting } from '../../src/storage/repos/settings.ts';
import { openTestStorage, testEngines, type TestStorage } from '../helpers/engines.ts';
import { socketWrites } from '../helpers/socket-writes.ts';

const AT = '2026-12-06T20:00:00.000Z';
const fails = (db: Db, table: string) => sql`select * from ${sql.table(table)}`.execute(db);

describe.each(testEngines())('reads together (%s)', (engine) => {
  let storage: TestStorage;
  beforeAll(async () => {
    storage = await openTestStorage(engine);
    await putSetting(storage.db, 'first', 'one', AT);
    await putSetting(storage.db, 'second', 'two', AT);
    await putSetting(storage.db, 'third', 'three', AT);
  });
  afterAll(() => storage.dispose());

  it('answers each read, in the order asked', async () => {
    const answers = await readTogether(storage.db, (db) => [
      getSetting(db, 'third'),
      getSetting(db, 'first'),
      getSetting(db, 'missing'),
      db.selectFrom('settings').select('key').where('key', 'in', ['first', 'second']).orderBy('key').execute(),
    ]);
    expect(answers).toEqual(['three', 'one', undefined, [{ key: 'first' }, { key: 'second' }]]);
  });

  it('reports the first failure in the order asked, after every read has settled', async () => {
    let laterSettled = false;
    const attempt = readTogether(storage.db, (db) => [
      fails(db, 'no_such_table_one'),
      getSetting(db, 'first'),
      fails(db, 'no_such_table_two'),
      new Promise((resolve) => setTimeout(resolve, 30)).then(() => (laterSettled = true)),
    ]);
    await expect(attempt).rejects.toThrow(/no_such_table_one/);
    expect(laterSettled).toBe(true);
  });

  it('gives its connection back whether the reads succeed or fail (more rounds than the pool has connections)', async () => {
    for (let round = 0; round < 12; round++) {
      await expect(readTogether(storage.db, (db) => [getSetting(db, 'first'), fails(db, 'no_such_table')])).rejects.toThrow();
      expect(await readTogether(storage.db, (db) => [getSetting(db, 'second')])).toEqual(['two']);
    }
  });

  it('reads inside a transaction see what the transaction wrote', async () => {
    const seen = await inTransaction(storage.db, async (trx) => {
      await putSetting(trx, 'written-in-transaction', 'yes', AT);
      return readTogether(trx, (db) => [getSetting(db, 'written-in-transaction'), getSetting(db, 'first')]);
    });
    expect(seen).toEqual(['yes', 'one']);
  });

  it('refuses to open a transaction on its handle, with a message that says why', async () => {
    const attempt = readTogether(storage.db, (db) => [db.transaction().execute(() => Promise.resolve())]);
    await expect(attempt).rejects.toThrow(/readTogether is for reads/);
  });

  it('sends the reads in one write to PostgreSQL, on one connection (SQLite writes to no socket)', async () => {
    // Which server process answers: PostgreSQL's backend for the connection; SQLite has one connection.
    const backendOf = async (db: Db) =>
      (
        await (
          engine === 'postgres' ? sql<{ pid: number }>`select pg_backend_pid() as pid` : sql<{ pid: number }>`select 0 as pid`
        ).execute(db)
      ).rows[0]!.pid;
    await getSetting(storage.db, 'warm-up'); // the pool's first connection is made outside the count
    const { result, writes } = await socketWrites(() =>
      readTogether(storage.db, (db) => [backendOf(db), getSetting(db, 'first'), backendOf(db), getSetting(db, 'second'), backendOf(db)]),
    );
    const [pidA, first, pidB, second, pidC] = result;
    expect([first, second]).toEqual(['one', 'two']);
    expect(new Set([pidA, pidB, pidC]).size).toBe(1);
    expect(writes).toBe(engine === 'postgres' ? 1 : 0);
    // The same reads one after another: a write each.
    const alone = await socketWrites(async () => {
      await getSetting(storage.db, 'first');
      await getSetting(storage.db, 'second');
      await getSetting(storage.db, 'third');
    });
    expect(alone.writes).toBe(engine === 'postgres' ? 3 : 0);
  });
});
