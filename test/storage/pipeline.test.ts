// Held statements in PostgreSQL transactions (dialects/postgres-pipeline.ts): BEGIN and writes
// nobody reads the answer of travel with the next statement that needs its answer, in one write
// to the socket. Whatever travels together, the outcome is that of sending each alone: in order,
// all or nothing, and a failure reported as itself. SQLite runs every write at once.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction, writeUnanswered, type Db } from '../../src/storage/db.ts';
import { getSetting } from '../../src/storage/repos/settings.ts';
import type { Engine } from '../../src/config.ts';
import { openTestStorage, testEngines, type TestStorage } from '../helpers/engines.ts';
import { socketWrites } from '../helpers/socket-writes.ts';

const AT = '2026-12-06T11:00:00.000Z';
let keys = 0;

const putUnanswered = (db: Db, key: string, value = 'v') =>
  writeUnanswered(db, db.insertInto('settings').values({ key, value, updated_at: AT }).compile());

/** A migrated database for the describe block, with its pool's first connection already made. */
function storageFor(engine: Engine): () => TestStorage {
  let storage: TestStorage;
  beforeAll(async () => {
    storage = await openTestStorage(engine);
    await getSetting(storage.db, 'warm-up'); // connecting is not part of any count below
  });
  afterAll(() => storage.dispose());
  return () => storage;
}

describe.each(testEngines())('statements held in transactions (%s)', (engine) => {
  const storage = storageFor(engine);

  it('stores held writes in order, and a read in the transaction sees those before it', async () => {
    const key = `held-${++keys}`;
    const seen = await inTransaction(storage().db, async (db) => {
      await putUnanswered(db, key, 'first');
      await writeUnanswered(db, db.updateTable('settings').set({ value: 'second' }).where('key', '=', key).compile());
      return getSetting(db, key);
    });
    expect(seen).toBe('second');
    expect(await getSetting(storage().db, key)).toBe('second');
  });

  it('fails the transaction with the held write’s own error, and keeps nothing of it', async () => {
    const kept = `kept-${++keys}`;
    const before = `before-${keys}`;
    await putUnanswered(storage().db, kept);
    const attempt = inTransaction(storage().db, async (db) => {
      await putUnanswered(db, before);
      await putUnanswered(db, kept); // the same key again: a unique violation
      await putUnanswered(db, `after-${keys}`);
    });
    await expect(attempt).rejects.toThrow(/unique|UNIQUE/);
    expect(await getSetting(storage().db, before)).toBeUndefined();
    expect(await getSetting(storage().db, `after-${keys}`)).toBeUndefined();
    // The connection it used goes on working.
    const next = `next-${keys}`;
    await inTransaction(storage().db, (db) => putUnanswered(db, next));
    expect(await getSetting(storage().db, next)).toBe('v');
  });

  it('drops held writes when the transaction is abandoned, and commits one that wrote nothing', async () => {
    const key = `abandoned-${++keys}`;
    await expect(
      inTransaction(storage().db, async (db) => {
        await putUnanswered(db, key);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await getSetting(storage().db, key)).toBeUndefined();
    await expect(inTransaction(storage().db, async () => 'nothing written')).resolves.toBe('nothing written');
    // Nothing is left open on the connections: plain statements still run outside transactions.
    expect((await sql<{ one: number }>`select 1 as one`.execute(storage().db)).rows[0]!.one).toBe(1);
  });
});

describe.each(testEngines().filter((engine) => engine === 'postgres'))('one write per transaction (%s)', (engine) => {
  const storage = storageFor(engine);

  it('sends BEGIN, the held writes and COMMIT to PostgreSQL in one write', async () => {
    const [a, b, c] = [`one-${++keys}`, `two-${keys}`, `three-${keys}`];
    const { writes } = await socketWrites(() =>
      inTransaction(storage().db, async (db) => {
        await putUnanswered(db, a);
        await putUnanswered(db, b);
        await putUnanswered(db, c);
      }),
    );
    // Sent one by one, that would be five writes and five waits.
    expect(writes).toBe(1);
    for (const key of [a, b, c]) expect(await getSetting(storage().db, key)).toBe('v');
  });
});
