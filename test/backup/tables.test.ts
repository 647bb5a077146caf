// The backup's table lists against the live schema of each engine: a table that a later
// migration adds fails here until it is either backed up or skipped with a reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStorage, testEngines, type TestStorage } from '../helpers/engines.ts';
import { BACKUP_TABLES, SKIPPED_TABLES } from '../../src/domain/backup/tables.ts';
import { describeTable, foreignKeyTargets } from '../../src/storage/repos/backup.ts';

describe.each(testEngines())('backup table lists (%s)', (engine) => {
  let storage: TestStorage;
  let tables: string[];
  beforeAll(async () => {
    storage = await openTestStorage(engine);
    const all = await storage.db.introspection.getTables({ withInternalKyselyTables: true });
    tables = all.filter((t) => !t.isView && (engine === 'sqlite' || t.schema === 'public')).map((t) => t.name);
  });
  afterAll(() => storage?.dispose());

  it('places every table of the schema in exactly one list', () => {
    const backedUp = new Set(BACKUP_TABLES.map((t) => t.name));
    const unplaced = tables.filter((name) => !backedUp.has(name) && !(name in SKIPPED_TABLES));
    expect(unplaced, 'add these tables to BACKUP_TABLES or SKIPPED_TABLES in src/domain/backup/tables.ts').toEqual([]);
    expect(Object.keys(SKIPPED_TABLES).filter((name) => backedUp.has(name))).toEqual([]);
    expect(BACKUP_TABLES.map((t) => t.name).filter((name) => !tables.includes(name))).toEqual([]);
    expect(Object.values(SKIPPED_TABLES).every((reason) => reason.length > 10)).toBe(true);
  });

  it('lists tables after every table their foreign keys point at, and each has a primary key', async () => {
    const order = BACKUP_TABLES.map((t) => t.name);
    expect((await foreignKeyTargets(storage.db, 'posts')).sort()).toEqual(['categories', 'media', 'users']);
    expect(await foreignKeyTargets(storage.db, 'comments')).toContain('comments');
    for (const [index, table] of order.entries()) {
      const targets = await foreignKeyTargets(storage.db, table);
      for (const target of targets) {
        if (target === table) {
          expect(BACKUP_TABLES[index]!.selfReference, `${table} refers to itself: name the column in selfReference`).toBeDefined();
          continue;
        }
        expect(order.indexOf(target), `${table} → ${target}`).toBeGreaterThanOrEqual(0);
        expect(order.indexOf(target), `${table} must come after ${target}`).toBeLessThan(index);
      }
      expect((await describeTable(storage.db, table))!.primaryKey.length, `${table} needs a primary key`).toBeGreaterThan(0);
    }
  });

  it('names every timestamp column *_at, the convention that lets SQLite backups write them as PostgreSQL reads them', async () => {
    for (const table of BACKUP_TABLES) {
      const shape = (await describeTable(storage.db, table.name))!;
      for (const column of shape.columns) {
        if (engine === 'postgres')
          expect(column.type.startsWith('timestamp'), `${table.name}.${column.name}`).toBe(column.name.endsWith('_at'));
        else if (column.name.endsWith('_at')) expect(column.type, `${table.name}.${column.name}`).toBe('text');
      }
    }
  });
});
