// A SQLite file database as Gazette opens it (src/storage/dialects/sqlite.ts): the settings of
// its one connection, and its write-ahead log copied into the database by a worker thread, not
// by the thread that commits (sqlite-checkpointer.ts). SQLite only: PostgreSQL has no such
// connection settings or log to manage from the application.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStorage } from '../../src/storage/db.ts';
import { migrateToLatest } from '../../src/storage/migrate.ts';
import { putSettingIfAbsent, getSetting } from '../../src/storage/repos/settings.ts';
import { startCheckpointer } from '../../src/storage/dialects/sqlite-checkpointer.ts';

const AT = '2026-12-06T01:00:00.000Z';

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const sizeOf = (file: string) => (fs.existsSync(file) ? fs.statSync(file).size : 0);

let dir: string;

/** A database in WAL mode whose own connection never checkpoints: only the worker copies the log. */
function logOnlyDatabase(name: string) {
  const file = path.join(dir, name);
  const database = new SQLite(file);
  database.pragma('journal_mode = WAL');
  database.pragma('wal_autocheckpoint = 0');
  database.exec('create table t (id integer primary key, body text)');
  return { file, database };
}
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-sqlite-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the SQLite connection', () => {
  it('writes ahead, syncs at checkpoints, checks references, and keeps savepoint journals in memory', async () => {
    const storage = createStorage({ engine: 'sqlite', file: path.join(dir, 'gazette.db') });
    try {
      const read = async (pragma: string) => {
        const { rows } = await sql<Record<string, unknown>>`pragma ${sql.raw(pragma)}`.execute(storage.db);
        return Object.values(rows[0]!)[0];
      };
      expect(await read('journal_mode')).toBe('wal');
      expect(await read('synchronous')).toBe(1); // NORMAL
      expect(await read('foreign_keys')).toBe(1);
      // 2 is MEMORY: a group commit's savepoints would otherwise spill to a temporary file each.
      expect(await read('temp_store')).toBe(2);
    } finally {
      await storage.close();
    }
  });
});

describe('checkpointing SQLite in a worker thread', () => {
  it("leaves the server's connection out of checkpointing, and the worker copies the log into the database", async () => {
    const file = path.join(dir, 'gazette.db');
    const storage = createStorage({ engine: 'sqlite', file });
    try {
      await migrateToLatest(storage);
      const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(storage.db);
      expect(rows[0]!.wal_autocheckpoint).toBe(0);

      const sizeBefore = sizeOf(file);
      // About 3 MB through the log in many small commits, as the server writes.
      for (let i = 0; i < 300; i++) await putSettingIfAbsent(storage.db, `filler-${i}`, 'x'.repeat(10_000), AT);
      // The server's connection never checkpoints, so only the worker can have grown the file.
      await until(() => sizeOf(file) > sizeBefore + 2_000_000, 'the database file to receive the log');
      expect(await getSetting(storage.db, 'filler-299')).toBe('x'.repeat(10_000));
    } finally {
      await storage.close();
    }
    // Reopened, everything is there.
    const again = new SQLite(file, { readonly: true });
    try {
      expect(again.prepare("select count(*) as n from settings where key like 'filler-%'").get()).toEqual({ n: 300 });
    } finally {
      again.close();
    }
  });

  it('starts the thread only once the server writes: an instance that only reads carries none', async () => {
    const file = path.join(dir, 'reads.db');
    const first = createStorage({ engine: 'sqlite', file });
    await migrateToLatest(first);
    await first.close();

    const storage = createStorage({ engine: 'sqlite', file });
    try {
      const autocheckpoint = async () =>
        (await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(storage.db)).rows[0]!.wal_autocheckpoint;
      expect(await getSetting(storage.db, 'nothing-here')).toBeUndefined();
      // Reading only: SQLite's own checkpoints, as by default.
      expect(await autocheckpoint()).toBe(1000);
      await putSettingIfAbsent(storage.db, 'written', 'now', AT);
      expect(await autocheckpoint()).toBe(0);
    } finally {
      await storage.close();
    }
  });

  it('tells the server when the log is long, and the log starts again from the top at the next write', async () => {
    // Which thread copies the last frames depends on timing; the benchmark shows the difference
    // under steady writes (the log stays near 16 MB instead of growing by ~25 MB a second).
    // Here: the server hears that the log is long, and after its next write the log is short.
    const { file, database } = logOnlyDatabase('steady.db');
    let longLogs = 0;
    const checkpointer = startCheckpointer(file, {
      busyMs: 5,
      idleMs: 5,
      longLogFrames: 20,
      onLongLog() {
        longLogs++;
        database.pragma('wal_checkpoint(PASSIVE)');
      },
      onUnavailable(reason) {
        throw new Error(`the worker should run here: ${reason}`);
      },
    });
    try {
      await checkpointer.started;
      const insert = database.prepare('insert into t (body) values (?)');
      // 100 commits of about 3 pages each, written without a pause: some 300 frames in the log.
      for (let i = 0; i < 100; i++) insert.run('y'.repeat(6_000));
      const logAfterBurst = (database.pragma('wal_checkpoint(NOOP)') as { log: number }[])[0]!.log;
      expect(logAfterBurst).toBeGreaterThan(200);
      await until(() => longLogs > 0, 'the worker to say the log is long');
      insert.run('the write after');
      const logNow = (database.pragma('wal_checkpoint(NOOP)') as { log: number }[])[0]!.log;
      expect(logNow).toBeLessThan(10);
      expect(database.prepare('select count(*) as n from t').get()).toEqual({ n: 101 });
    } finally {
      checkpointer.stop();
      database.close();
    }
  });

  it('tells the caller nothing once stopped, so the caller may close its connection at once', async () => {
    const { file, database } = logOnlyDatabase('stopping.db');
    let longLogs = 0;
    // Nobody restarts the log here, so the worker says it is long every millisecond.
    const checkpointer = startCheckpointer(file, {
      busyMs: 1,
      idleMs: 1,
      longLogFrames: 20,
      onLongLog: () => longLogs++,
      onUnavailable() {},
    });
    try {
      await checkpointer.started;
      const insert = database.prepare('insert into t (body) values (?)');
      for (let i = 0; i < 30; i++) insert.run('z'.repeat(6_000));
      await until(() => longLogs > 0, 'the worker to say the log is long');
      // The main thread busy for a moment: the worker's next messages wait in its queue, and
      // arrive after stop().
      const busyUntil = Date.now() + 30;
      while (Date.now() < busyUntil);
      const heard = longLogs;
      checkpointer.stop();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(longLogs).toBe(heard);
    } finally {
      checkpointer.stop();
      database.close();
    }
  });

  it('tells the caller when the worker cannot run, so the caller can checkpoint by itself again', async () => {
    const reasons: string[] = [];
    const checkpointer = startCheckpointer(path.join(dir, 'missing', 'none.db'), {
      onLongLog: () => {},
      onUnavailable: (reason) => reasons.push(reason),
    });
    await checkpointer.started;
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(/unable to open|does not exist|directory/i);
  });
});
