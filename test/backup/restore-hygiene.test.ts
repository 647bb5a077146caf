// Restoring a backup that is damaged, crafted or carries what PostgreSQL refuses (issue 11,
// findings 10 and 18): NUL written into SQLite is cleaned on the way into either engine and
// counted; a line longer than the bound stops the read without buffering it; rows are checked
// against their table's shape; unsafe media paths and live sessions are refused. Every refusal
// leaves the target as empty as it was: the restore runs in one transaction.
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../helpers/engines.ts';
import { exportBackup } from '../../src/domain/backup/export.ts';
import { maxLineBytesFor, restoreBackup } from '../../src/domain/backup/restore.ts';
import { backupLines } from '../../src/domain/backup/lines.ts';
import { BACKUP_TABLES } from '../../src/domain/backup/tables.ts';
import { countRows } from '../../src/storage/repos/backup.ts';
import { fillRichSite, openTestSite, type TestSite } from './fixture.ts';

const engines = testEngines();

async function backupOf(site: TestSite): Promise<string> {
  const chunks: Buffer[] = [];
  const out = new PassThrough();
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  await exportBackup(site.ctx, out, { includeFiles: true });
  out.end();
  return Buffer.concat(chunks).toString('utf8');
}

async function totalRows(site: TestSite): Promise<number> {
  let total = 0;
  for (const table of [...BACKUP_TABLES.map((t) => t.name), 'sessions']) total += await countRows(site.storage.db, table);
  return total;
}

const lineOf = (backup: string, test: (line: string) => boolean) => backup.split('\n').findIndex(test) + 1;

// Made once on SQLite, which stores NUL as it is given: the backup PostgreSQL could not take.
let source: TestSite;
let backup: string;
let nulLine: number;
beforeAll(async () => {
  source = await openTestSite('sqlite');
  await fillRichSite(source);
  await sql`update comments set body_markdown = ${'before\u0000after\u0007'} where id = 'zz-imported-parent'`.execute(source.storage.db);
  backup = await backupOf(source);
  nulLine = lineOf(backup, (line) => line.includes('"id":"zz-imported-parent"') && line.startsWith('{"table":"comments"'));
}, 60_000);
afterAll(() => source?.dispose());

describe.each(engines)('restoring into %s', (engine) => {
  /** Restores into a fresh site and expects a refusal, leaving no rows and no media files. */
  async function expectRefused(input: string, message: RegExp) {
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
  const edit = (change: (line: string, number: number) => string) =>
    backup
      .split('\n')
      .map((line, i) => change(line, i + 1))
      .join('\n');

  it('cleans NUL and other control characters out of text, and says how many and where', async () => {
    const target = await openTestSite(engine);
    try {
      const summary = await restoreBackup(target.ctx, [Buffer.from(backup)]);
      expect(summary.cleaned).toEqual({ values: 1, first: `line ${nulLine}, comments.body_markdown` });
      const row = await target.storage.db
        .selectFrom('comments')
        .select('body_markdown')
        .where('id', '=', 'zz-imported-parent')
        .executeTakeFirstOrThrow();
      expect(row.body_markdown).toBe('beforeafter');
    } finally {
      await target.dispose();
    }
  });

  it('refuses a value of the wrong kind, naming line, table and column, and leaves the target empty', async () => {
    // The comments come after users, posts, media…: those rows were already inserted when this fails.
    await expectRefused(
      edit((line, n) => (n === nulLine ? line.replace(/"depth":\d+/, '"depth":"deep"') : line)),
      new RegExp(`line ${nulLine}: comments.depth must be a whole number or null, not string "deep"`),
    );
    await expectRefused(
      edit((line, n) => (n === nulLine ? line.replace(/"created_at":"[^"]+"/, '"created_at":"yesterday"') : line)),
      new RegExp(`line ${nulLine}: comments.created_at must be an ISO 8601 timestamp or null`),
    );
    await expectRefused(
      edit((line, n) => (n === nulLine ? line.replace(/"thread_id":"[^"]+"/, '"thread_id":42') : line)),
      new RegExp(`line ${nulLine}: comments.thread_id must be a string or null, not number 42`),
    );
  });

  it('refuses a column the header does not announce', async () => {
    await expectRefused(
      edit((line, n) => (n === nulLine ? line.replace('"row":{', '"row":{"is_admin":true,') : line)),
      new RegExp(`line ${nulLine}: comments.is_admin is not a column the backup's header announces for comments`),
    );
  });

  it('refuses unsafe media paths with a clear message, touching no file outside the media store', async () => {
    const fileLine = lineOf(backup, (line) => line.startsWith('{"file"'));
    const withPath = (media: string | null, name: string | null) =>
      edit((line, n) => {
        if (n !== fileLine) return line;
        const parsed = JSON.parse(line) as { file: { media: string; name: string } };
        if (media !== null) parsed.file.media = media;
        if (name !== null) parsed.file.name = name;
        return JSON.stringify(parsed);
      });
    await expectRefused(
      withPath('..', null),
      new RegExp(`line ${fileLine}: the media path "\\.\\./[^"]+" is refused: "\\.\\." climbs out with "\\.\\."`),
    );
    await expectRefused(withPath(null, '/etc/passwd'), /is refused: "\/etc\/passwd" is absolute/);
    await expectRefused(withPath(null, '..\\..\\x.webp'), /is refused: "\.\.\\\\\.\.\\\\x\.webp" climbs out/);
    await expectRefused(withPath(null, 'a\\b.webp'), /is refused: "a\\\\b\.webp" holds a path separator/);
    await expectRefused(withPath(null, 'w320\u0000.webp'), /is refused: "w320\\u0000\.webp" holds a control character \(U\+0000\)/);
  });

  it('never restores sessions, even from a crafted backup that carries them', async () => {
    const lines = backup.split('\n');
    const header = JSON.parse(lines[0]!) as { tables: { name: string; columns: string[]; rows: number }[] };
    header.tables.push({
      name: 'sessions',
      columns: ['id', 'user_id', 'created_at', 'last_seen_at', 'expires_at', 'user_agent', 'ip'],
      rows: 1,
    });
    const userId = (JSON.parse(lines.find((l) => l.startsWith('{"table":"users"'))!) as { row: { id: string } }).row.id;
    const session = {
      table: 'sessions',
      row: {
        id: 'stolen',
        user_id: userId,
        created_at: '2026-01-01T00:00:00.000Z',
        last_seen_at: '2026-01-01T00:00:00.000Z',
        expires_at: '2099-01-01T00:00:00.000Z',
        user_agent: null,
        ip: null,
      },
    };
    const endAt = lines.findIndex((l) => l.startsWith('{"end"'));
    const end = JSON.parse(lines[endAt]!) as { end: { rows: number; files: number } };
    end.end.rows++;
    const crafted = [JSON.stringify(header), ...lines.slice(1, endAt), JSON.stringify(session), JSON.stringify(end)].join('\n');
    await expectRefused(crafted, /holds table sessions, which a Gazette backup never carries \(short-lived login credentials/);
  });

  it('derives comment counts and ranks from the restored rows, not from the numbers the backup carries', async () => {
    const isThread = (line: string) => line.startsWith('{"table":"threads"');
    const isTopLevel = (line: string) => line.startsWith('{"table":"comments"') && line.includes('"depth":0');
    const threadLine = backup.split('\n').find(isThread)!;
    const threadId = (JSON.parse(threadLine) as { row: { id: string } }).row.id;
    const commentLine = backup.split('\n').find(isTopLevel)!;
    const commentId = (JSON.parse(commentLine) as { row: { id: string } }).row.id;
    // As an older version, or a count change still being folded, could have written them.
    const crafted = edit((line) =>
      line === threadLine
        ? line.replace(/"comment_count":\d+/, '"comment_count":999')
        : line === commentLine
          ? line.replace(/"wilson":[-\d.e]+/, '"wilson":0.999')
          : line,
    );
    expect(crafted).toContain('"comment_count":999');
    expect(crafted).toContain('"wilson":0.999');
    const target = await openTestSite(engine);
    try {
      await restoreBackup(target.ctx, [Buffer.from(crafted)]);
      const db = target.storage.db;
      const thread = await db.selectFrom('threads').select('comment_count').where('id', '=', threadId).executeTakeFirstOrThrow();
      const published = await db
        .selectFrom('comments')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('thread_id', '=', threadId)
        .where('status', '=', 'published')
        .executeTakeFirstOrThrow();
      expect(thread.comment_count).toBe(Number(published.n));
      const comment = await db.selectFrom('comments').select('wilson').where('id', '=', commentId).executeTakeFirstOrThrow();
      expect(comment.wilson).not.toBe(0.999);
      expect(comment.wilson).toBeGreaterThan(0);
      expect(comment.wilson).toBeLessThan(0.9);
    } finally {
      await target.dispose();
    }
  });

  it('stops at a line longer than the bound without reading the rest of it', async () => {
    const target = await openTestSite(engine);
    let pulled = 0;
    const MiB = 1024 * 1024;
    // A header, then a line that never ends: 1 GiB if it were read whole.
    async function* endless() {
      yield Buffer.from(`${backup.split('\n')[0]}\n{"table":"settings","row":{"key":"`);
      for (let i = 0; i < 1024; i++) {
        pulled++;
        yield Buffer.alloc(MiB, 0x61);
      }
    }
    try {
      await expect(restoreBackup(target.ctx, endless(), { maxLineBytes: 4 * MiB })).rejects.toThrow('line 2 is longer than 4 MiB');
      expect(pulled).toBeLessThanOrEqual(5);
      expect(await totalRows(target)).toBe(0);
    } finally {
      await target.dispose();
    }
  });
});

describe('the line bound', () => {
  it('counts blank lines, and leaves room for the largest media line the upload limit allows', async () => {
    const numbers: number[] = [];
    for await (const line of backupLines([Buffer.from('a\n\nb\n'), Buffer.from('c')])) numbers.push(line.number);
    expect(numbers).toEqual([1, 3, 4]);
    const upload = 200 * 1024 * 1024;
    expect(maxLineBytesFor(upload)).toBeGreaterThan((upload * 4) / 3);
    expect(maxLineBytesFor(1024)).toBe(64 * 1024 * 1024);
  });
});
