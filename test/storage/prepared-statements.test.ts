// Statements that repeat go out prepared on PostgreSQL (dialects/postgres-prepared.ts): each run
// still answers for the values bound to it, the text is parsed once per connection, and a
// connection whose prepared `select *` no longer fits the table (a column added by another
// instance's migration) is closed after one failure rather than failing for ever. SQLite keeps
// its own statement cache (dialects/sqlite.ts) and re-prepares on a schema change by itself.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStorage } from '../../src/storage/db.ts';
import { getSetting, putSetting } from '../../src/storage/repos/settings.ts';
import { isStalePreparedStatement, StatementNames } from '../../src/storage/dialects/postgres-prepared.ts';
import { openTestStorage, testEngines, type TestStorage } from '../helpers/engines.ts';

const AT = '2026-12-06T11:00:00.000Z';

describe('statement names', () => {
  it('names a text on its fifth run, and always the same text by the same name', () => {
    const names = new StatementNames();
    const runs = Array.from({ length: 7 }, () => names.nameFor('select $1'));
    expect(runs.slice(0, 4)).toEqual([undefined, undefined, undefined, undefined]);
    expect(runs[4]).toMatch(/^gazette_\d+$/);
    expect(new Set(runs.slice(4)).size).toBe(1);
    for (let i = 0; i < 5; i++) names.nameFor('select $2');
    expect(names.nameFor('select $2')).not.toBe(runs[4]);
  });

  it('names at most 256 texts: the backends keep a bounded number of statements', () => {
    const names = new StatementNames();
    const given = new Set<string>();
    for (let text = 0; text < 300; text++) {
      for (let run = 0; run < 5; run++) {
        const name = names.nameFor(`select ${text}`);
        if (name) given.add(name);
      }
    }
    expect(given.size).toBe(256);
    expect(names.nameFor('select 299')).toBeUndefined();
    expect(names.nameFor('select 0')).toBe('gazette_1');
  });
});

describe.each(testEngines())('repeated statements (%s)', (engine) => {
  let storage: TestStorage;
  beforeAll(async () => {
    storage = await openTestStorage(engine);
  });
  afterAll(() => storage?.dispose());

  it('answer for the values bound to each run, and on PostgreSQL are prepared once per connection', async () => {
    const keys = Array.from({ length: 8 }, (_, i) => `prepared-${i}`);
    for (const key of keys) await putSetting(storage.db, key, `value of ${key}`, AT);
    // One transaction: one connection, whose prepared statements PostgreSQL lists.
    const { values, prepared } = await storage.db.transaction().execute(async (trx) => {
      const values: (string | undefined)[] = [];
      for (const key of keys) values.push(await getSetting(trx, key));
      const prepared =
        engine === 'postgres'
          ? (await sql<{ name: string; statement: string }>`SELECT name, statement FROM pg_prepared_statements`.execute(trx)).rows
          : [];
      return { values, prepared };
    });
    expect(values).toEqual(keys.map((key) => `value of ${key}`));
    if (engine === 'postgres') {
      const settingsReads = prepared.filter((p) => /from "settings"/.test(p.statement));
      expect(settingsReads.length).toBeGreaterThan(0);
      for (const statement of settingsReads) expect(statement.name).toMatch(/^gazette_\d+$/);
    } else {
      expect(prepared).toEqual([]);
    }
  });

  it('with prepared statements off (GAZETTE_PG_PREPARED=off, for a pooler in transaction mode), PostgreSQL is sent none', async () => {
    // SQLite has no such setting: its statements never leave the process.
    const plain =
      engine === 'postgres' ? createStorage({ engine, url: storage.env.DATABASE_URL!, poolSize: 1, preparedStatements: false }) : storage;
    try {
      const listed = await plain.db.transaction().execute(async (trx) => {
        for (let i = 0; i < 8; i++) expect(await getSetting(trx, 'prepared-0')).toBe('value of prepared-0');
        return engine === 'postgres' ? (await sql`SELECT name FROM pg_prepared_statements`.execute(trx)).rows : [];
      });
      expect(listed).toEqual([]);
    } finally {
      if (plain !== storage) await plain.close();
    }
  });

  it('a repeated select * goes on working once another connection adds a column to its table', async () => {
    await sql`CREATE TABLE prepared_probe (id text PRIMARY KEY, a text)`.execute(storage.db);
    await sql`INSERT INTO prepared_probe (id, a) VALUES ('x', 'old')`.execute(storage.db);
    const read = async () =>
      (await sql<Record<string, string>>`SELECT * FROM prepared_probe WHERE id = ${'x'}`.execute(storage.db)).rows[0];
    for (let i = 0; i < 8; i++) expect(await read()).toEqual({ id: 'x', a: 'old' });

    await sql`ALTER TABLE prepared_probe ADD COLUMN b text NOT NULL DEFAULT 'new'`.execute(storage.db);
    const failures: unknown[] = [];
    let row: Record<string, string> | undefined;
    // On PostgreSQL each connection that had prepared the read fails it once (the test pool has 4).
    for (let attempt = 0; attempt < 6 && !row; attempt++) {
      try {
        row = await read();
      } catch (error) {
        failures.push(error);
      }
    }
    expect(row).toEqual({ id: 'x', a: 'old', b: 'new' });
    expect(failures.every(isStalePreparedStatement)).toBe(true);
    expect(failures.length).toBeLessThanOrEqual(engine === 'postgres' ? 4 : 0);
    // The connections that failed were closed: every read now answers.
    for (let i = 0; i < 8; i++) expect(await read()).toEqual({ id: 'x', a: 'old', b: 'new' });
  });
});
