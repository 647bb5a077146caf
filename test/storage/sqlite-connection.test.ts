// How a SQLite file database is opened (src/storage/dialects/sqlite.ts). SQLite only: these are
// the settings of its one connection, which PostgreSQL has no counterpart of.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStorage } from '../../src/storage/db.ts';

describe('the SQLite connection', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-sqlite-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

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
