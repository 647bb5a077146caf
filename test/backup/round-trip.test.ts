// Backup and restore across engines: a backup restored into either engine and exported again
// is the same file apart from exportedAt; a restore that fails leaves the database empty.
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../helpers/engines.ts';
import { plannerRowEstimate } from '../helpers/planner.ts';
import { exportBackup } from '../../src/domain/backup/export.ts';
import { restoreBackup } from '../../src/domain/backup/restore.ts';
import { search } from '../../src/domain/search/search.ts';
import { countRows } from '../../src/storage/repos/backup.ts';
import { BACKUP_TABLES } from '../../src/domain/backup/tables.ts';
import { getSetting, putSetting } from '../../src/storage/repos/settings.ts';
import { TEST_NOW } from '../helpers/app.ts';
import { fillRichSite, openTestSite, type TestSite } from './fixture.ts';

async function backupOf(site: TestSite, includeFiles = true): Promise<string> {
  const chunks: Buffer[] = [];
  const out = new PassThrough();
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  await exportBackup(site.ctx, out, { includeFiles });
  out.end();
  return Buffer.concat(chunks).toString('utf8');
}

const withoutExportedAt = (backup: string) => backup.replace(/"exportedAt":"[^"]*",/, '');
const linesOf = (backup: string) =>
  backup
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

async function totalRows(site: TestSite): Promise<number> {
  let total = 0;
  for (const table of BACKUP_TABLES) total += await countRows(site.storage.db, table.name);
  return total;
}

/** Restores into a fresh site and expects it to fail, leaving no rows and no media files. */
async function expectFailedRestore(engine: (typeof engines)[number], input: string | Buffer, message: RegExp) {
  const target = await openTestSite(engine);
  try {
    await expect(restoreBackup(target.ctx, [Buffer.from(input)])).rejects.toThrow(message);
    expect(await totalRows(target)).toBe(0);
    const media = path.join(target.dataDir, 'media');
    expect(fs.existsSync(media) ? fs.readdirSync(media) : []).toEqual([]);
  } finally {
    await target.dispose();
  }
}

const engines = testEngines();

describe.each(engines)('backup made on %s', (source) => {
  let site: TestSite;
  let backup: string;
  beforeAll(async () => {
    site = await openTestSite(source);
    await fillRichSite(site);
    backup = await backupOf(site);
  }, 60_000);
  afterAll(() => site?.dispose());

  it('holds a versioned header, every backed-up table in order, the media files and an end line', () => {
    const lines = linesOf(backup);
    const header = lines[0]! as { format: string; version: number; files: string; tables: { name: string; rows: number }[] };
    expect(header).toMatchObject({ format: 'gazette-backup', version: 1, files: 'included' });
    expect(header.tables.map((t) => t.name)).toEqual(BACKUP_TABLES.map((t) => t.name));
    // The round trip below proves something about a table only if it has rows: extend fixture.ts.
    expect(
      header.tables.filter((t) => t.rows === 0).map((t) => t.name),
      'tables the fixture leaves empty',
    ).toEqual([]);
    const rows = lines.filter((l) => 'table' in l) as { table: string; row: Record<string, unknown> }[];
    expect(rows.map((r) => r.table)).toEqual(
      [...rows.map((r) => r.table)].sort(
        (a, b) => header.tables.findIndex((t) => t.name === a) - header.tables.findIndex((t) => t.name === b),
      ),
    );
    expect(rows.some((r) => r.table === 'sessions')).toBe(false);
    const editor = rows.find((r) => r.table === 'users' && r.row.email === 'edna@example.test')!;
    expect(String(editor.row.password_hash)).toMatch(/^\$argon2/);
    // A non-canonical timestamp comes out the way PostgreSQL reads timestamptz back.
    expect(rows.find((r) => r.row.id === 'aa-child')!.row.created_at).toBe('2016-06-30T08:00:01.500Z');
    const files = lines.filter((l) => 'file' in l) as { file: { media: string; name: string; data: string } }[];
    expect(files.map((f) => f.file.name)).toContain('w320.webp');
    expect(files.every((f) => f.file.data.length > 0)).toBe(true);
    expect(lines.at(-1)).toEqual({ end: { rows: rows.length, files: files.length } });
  });

  it.each(engines)('restores into an empty %s database, which exports the same backup', async (target) => {
    const restored = await openTestSite(target);
    try {
      // What Gazette writes on first opening a database does not count as content, and gives way.
      await putSetting(restored.storage.db, 'site_secret', 'generated-on-first-start', TEST_NOW);
      const summary = await restoreBackup(restored.ctx, [Buffer.from(backup)]);
      expect(await getSetting(restored.storage.db, 'site_secret')).toBe('secret-from-the-backup');
      expect(summary.files).toBeGreaterThan(0);
      expect(withoutExportedAt(await backupOf(restored))).toBe(withoutExportedAt(backup));
      // PostgreSQL's planner knows the restored sizes at once; SQLite keeps no statistics.
      const restoredComments = backup.split('\n').filter((line) => line.startsWith('{"table":"comments"')).length;
      expect(restoredComments).toBeGreaterThan(0);
      expect(await plannerRowEstimate(restored.storage.db, 'comments')).toBe(target === 'postgres' ? restoredComments : null);
      // The search index (SQLite triggers, PostgreSQL's generated column) covers restored posts.
      restored.clock.set(site.clock.now());
      const hits = await search(restored.ctx, 'tablets', 1);
      expect(hits.items.map((h) => h.title)).toEqual(['Phones & "tablets" <2016>']);
    } finally {
      await restored.dispose();
    }
  });

  it('refuses a database that is not empty, naming a table', async () => {
    await expect(restoreBackup(site.ctx, [Buffer.from(backup)])).rejects.toThrow(/not empty \(\w+ has \d+ rows\)/);
  });

  it('reads gzip whatever the name, and a manifest-only backup restores the rows without files', async () => {
    const manifest = await backupOf(site, false);
    expect(
      linesOf(manifest)
        .filter((l) => 'file' in l)
        .every((l) => !('data' in (l as { file: object }).file)),
    ).toBe(true);
    const restored = await openTestSite(source);
    try {
      const summary = await restoreBackup(restored.ctx, [gzipSync(manifest)]);
      expect(summary.files).toBe(0);
      expect(summary.filesNotIncluded).toBeGreaterThan(0);
      expect(await totalRows(restored)).toBe(await totalRows(site));
    } finally {
      await restored.dispose();
    }
  });

  it('leaves the target empty when the backup is truncated, damaged or not a backup', async () => {
    const lines = backup.trimEnd().split('\n');
    await expectFailedRestore(source, lines.slice(0, -1).join('\n'), /truncated/);
    // A post_tags row pointing at no tag: the database refuses it halfway through.
    const broken = lines.map((line) =>
      line.startsWith('{"table":"post_tags"') ? line.replace(/"tag_id":"[^"]+"/, '"tag_id":"missing"') : line,
    );
    await expectFailedRestore(source, broken.join('\n'), /./);
    const damagedFile = lines.map((line) => (line.startsWith('{"file"') ? line.replace(/"data":"..../, '"data":"AAAA') : line));
    await expectFailedRestore(source, damagedFile.join('\n'), /does not match its size and SHA-256/);
    await expectFailedRestore(source, '{"hello":"world"}\n', /not a Gazette backup/);
    await expectFailedRestore(source, lines[0]!.replace('"version":1', '"version":2'), /version 2 backup; this Gazette restores version 1/);
    await expectFailedRestore(source, 'not json', /not a Gazette backup|not valid JSON/);
  });
});
