// Backups cut short or altered by hand: each is refused with a message naming what is wrong and,
// for a row, its table and line (never zlib's or the database's own words with a stack trace),
// and the target is left as empty as it was.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../helpers/engines.ts';
import { exportBackup } from '../../src/domain/backup/export.ts';
import { restoreBackup } from '../../src/domain/backup/restore.ts';
import { BACKUP_TABLES } from '../../src/domain/backup/tables.ts';
import { countRows } from '../../src/storage/repos/backup.ts';
import { fillRichSite, openTestSite, type TestSite } from './fixture.ts';

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
  for (const table of BACKUP_TABLES.map((t) => t.name)) total += await countRows(site.storage.db, table);
  return total;
}

interface Line {
  text: string;
  /** 1-based, as the refusals count. */
  number: number;
}

let source: TestSite;
let backup: string;
let lines: Line[];
beforeAll(async () => {
  source = await openTestSite('sqlite');
  await fillRichSite(source);
  backup = await backupOf(source);
  lines = backup.split('\n').map((text, i) => ({ text, number: i + 1 }));
}, 60_000);
afterAll(() => source?.dispose());

const rowOf = (table: string, test: (row: Record<string, unknown>) => boolean = () => true): Line =>
  lines.find(
    (line) => line.text.startsWith(`{"table":"${table}"`) && test((JSON.parse(line.text) as { row: Record<string, unknown> }).row),
  )!;

/** The backup with the row on `at` changed (or, with `copyAfter`, a changed copy of it added after it). */
function withRow(at: Line, change: (row: Record<string, unknown>) => void, copyAfter = false): string {
  const parsed = JSON.parse(at.text) as { table: string; row: Record<string, unknown> };
  change(parsed.row);
  const changed = JSON.stringify(parsed);
  return lines.flatMap((line) => (line.number !== at.number ? [line.text] : copyAfter ? [line.text, changed] : [changed])).join('\n');
}

describe.each(testEngines())('restoring a tampered backup into %s', (engine) => {
  async function expectRefused(input: Buffer | string, message: RegExp) {
    const target = await openTestSite(engine);
    try {
      await expect(restoreBackup(target.ctx, [Buffer.from(input)])).rejects.toThrow(message);
      expect(await totalRows(target)).toBe(0);
    } finally {
      await target.dispose();
    }
  }

  it('refuses a gzipped backup cut short, or with damaged bytes, saying so', async () => {
    const gzipped = gzipSync(backup);
    await expectRefused(
      gzipped.subarray(0, Math.floor(gzipped.length * 0.6)),
      /ends in the middle of its gzip data: the backup is truncated/,
    );
    const damaged = Buffer.from(gzipped);
    damaged.fill(0xff, 100, 200);
    await expectRefused(damaged, /is not valid gzip data past its first bytes \(Z_DATA_ERROR\): the backup is damaged/);
  });

  it('refuses a row that points at a row the backup does not hold, naming its line', async () => {
    const comment = rowOf('comments');
    await expectRefused(
      withRow(comment, (row) => (row.thread_id = 'no-such-thread')),
      new RegExp(`line ${comment.number}: a row of comments points at a row( of threads)? that is not in the backup`),
    );
    // A reply whose parent would come later in the backup is patched once the table is in: refused then, naming its line.
    const reply = rowOf('comments', (row) => row.parent_id !== null);
    await expectRefused(
      withRow(reply, (row) => (row.parent_id = 'zzzz-no-such-comment')),
      new RegExp(`line ${reply.number}: a row of comments points at a row( of comments)? that is not in the backup`),
    );
  });

  it('refuses a key used twice and a required column left empty, naming table, column and line', async () => {
    const tag = rowOf('tags');
    await expectRefused(
      withRow(tag, (row) => (row.slug = 'a-copy-with-the-same-id'), true),
      new RegExp(`line ${tag.number + 1}: a row of tags repeats the tags.id of another row`),
    );
    const comment = rowOf('comments');
    await expectRefused(
      withRow(comment, (row) => (row.thread_id = null)),
      new RegExp(`line ${comment.number}: comments.thread_id is missing or null`),
    );
  });

  it('refuses a value outside its column’s set, naming table, column and line', async () => {
    const comment = rowOf('comments');
    await expectRefused(
      withRow(comment, (row) => (row.status = 'bogus')),
      new RegExp(
        `line ${comment.number}: comments.status must be one of published, pending, spam, rejected, deleted, shadow, not string "bogus"`,
      ),
    );
    const user = rowOf('users');
    await expectRefused(
      withRow(user, (row) => (row.role = 'superuser')),
      new RegExp(`line ${user.number}: users.role must be one of reader, author, editor, moderator, admin, not string "superuser"`),
    );
  });
});

describe('gazette restore of a truncated file', () => {
  it('says the file is truncated, without a stack trace, and exits 2', async () => {
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-tampered-'));
    try {
      const gzipped = gzipSync(backup);
      const cut = path.join(workDir, 'cut.gz');
      fs.writeFileSync(cut, gzipped.subarray(0, Math.floor(gzipped.length * 0.6)));
      const failed = await promisify(execFile)(process.execPath, [path.resolve('bin/gazette.mjs'), 'restore', cut], {
        env: { ...process.env, LOG_LEVEL: 'silent', GAZETTE_PUBLIC_URL: '', GAZETTE_DATA_DIR: path.join(workDir, 'target') },
        timeout: 120_000,
      }).then(
        () => ({ code: 0, stderr: '' }),
        (error: { code: number; stderr: string }) => error,
      );
      expect(failed.code).toBe(2);
      expect(failed.stderr).toContain('gazette: ends in the middle of its gzip data: the backup is truncated');
      expect(failed.stderr).not.toContain('unexpected failure');
      expect(failed.stderr).not.toMatch(/\n\s+at /);
    } finally {
      fs.rmSync(workDir, { recursive: true, force: true });
    }
  }, 180_000);
});
