// `gazette spam evaluate FILE`: the pipeline over a labelled export, figures out, nothing written.
// The fixtures' answers are set by rules that do not depend on the filter's training: empty
// posts are spam, four links are held, and the one spam post reads like an ordinary comment.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { evaluateExport, summarise, judgeSteps } from '../../src/domain/moderation/evaluation.ts';
import { createStorage, type Db, type Storage } from '../../src/storage/db.ts';
import { migrateToLatest } from '../../src/storage/migrate.ts';
import { siteSecret } from '../../src/domain/site-secret.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { FIXTURES } from '../import/helpers.ts';

// Each CLI run starts Node + tsx; on a busy 2-core machine that is slow.
vi.setConfig({ testTimeout: 180_000 });

const run = promisify(execFile);
const BIN = path.resolve('bin/gazette.mjs');
const DISQUS = path.resolve('test/fixtures/spam-labelled-disqus.xml');
const WXR = path.resolve('test/fixtures/spam-labelled-wxr.xml');
const BOMBS = fs.readdirSync(FIXTURES).filter((f) => /^bomb.*\.xml$/.test(f));
const TABLES = [
  'users',
  'posts',
  'threads',
  'comments',
  'import_sources',
  'spam_tokens',
  'settings',
  'moderation_log',
  'user_sanctions',
  'comment_reports',
  'notifications',
  'outbox',
] as const;

async function rowCounts(db: Db): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of TABLES) {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    out[table] = Number(row.n);
  }
  return out;
}

async function gazette(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      env: { ...process.env, LOG_LEVEL: 'silent', GAZETTE_DEMO: 'off', ...env },
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('evaluation figures', () => {
  it('counts the confusion matrix, precision and recall, and ranks mistakes by confidence', () => {
    const result = summarise([
      judgeSteps('a', 'spam', [{ step: 'empty', verdict: 'spam', reason: 'empty' }], null, ''),
      judgeSteps('b', 'spam', [], 0.2, 'sounds fine'),
      judgeSteps('c', 'ham', [{ step: 'links', verdict: 'hold', reason: '4 links; the site allows 3' }], 0.1, 'links'),
      judgeSteps('d', 'ham', [{ step: 'model', verdict: 'spam', reason: 'the learned filter rates it 99% spam-like' }], 0.99, 'x'),
      judgeSteps('e', 'ham', [{ step: 'reports', verdict: 'hold', reason: 'Reported by 3 people' }], null, 'reported later'),
      judgeSteps(
        'f',
        'ham',
        [
          { step: 'staff', verdict: 'publish', reason: 'written by staff' },
          { step: 'links', verdict: 'hold', reason: 'links' },
        ],
        null,
        'staff',
      ),
    ]);
    expect(result.confusion).toEqual({ truePositive: 1, falsePositive: 2, trueNegative: 2, falseNegative: 1 });
    expect(result.precision).toBeCloseTo(1 / 3);
    expect(result.recall).toBeCloseTo(1 / 2);
    expect(result.mistakes.map((m) => [m.id, m.outcome, m.confidence])).toEqual([
      ['d', 'spam', 1],
      ['b', 'published', 0.8],
      ['c', 'held', 0.75],
    ]);
    expect(result.mistakes[1]!.reasons).toEqual(['no step had anything to say']);
    expect(summarise([]).precision).toBeNull();
  });
});

describe.each(testEngines())('gazette spam evaluate on %s', (engine) => {
  let t: TestApp;
  let env: Record<string, string>;
  let workDir: string;
  // The database the CLI opens: the test's own on PostgreSQL, the data directory's file on SQLite.
  let fileStorage: Storage | undefined;
  let db: Db;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-spam-cli-'));
    env = { GAZETTE_DATA_DIR: workDir, ...t.storage.env };
    if (engine === 'sqlite') {
      fileStorage = createStorage({ engine: 'sqlite', file: path.join(workDir, 'gazette.db') });
      await migrateToLatest(fileStorage);
      // What the CLI's first start writes (the site's secret), so the counts compared are the command's alone.
      await siteSecret(fileStorage.db, t.clock, null);
    }
    db = fileStorage?.db ?? t.storage.db;
  });
  afterAll(async () => {
    await fileStorage?.close();
    await t?.close();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('prints precision, recall, the confusion matrix and the mistakes of a labelled Disqus export, and writes nothing', async () => {
    const before = await rowCounts(db);
    const result = await gazette(['spam', 'evaluate', DISQUS], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('screened 11 labelled comments (4 spam, 7 ordinary); nothing was written');
    expect(result.stdout).toContain('left out 1 without a spam label');
    expect(result.stdout).toContain('precision 75.0%: of 4 caught (held or marked spam), 3 spam');
    expect(result.stdout).toContain('recall    75.0%: of 4 spam, 3 caught');
    expect(result.stdout).toMatch(/\n\s+caught\s+published\nspam\s+3\s+1\nordinary\s+1\s+6\n/);
    expect(result.stdout).toMatch(/8101 \(ordinary, held; confidence \d\.\d\d\): "Worth comparing:/);
    expect(result.stdout).toContain('   - 4 links; the site allows 3');
    expect(result.stdout).toMatch(/8204 \(spam, published; confidence \d\.\d\d\): "Thanks for the write-up, a good read\."/);
    expect(await rowCounts(db)).toEqual(before);
  });

  it('--json gives the same figures for a WordPress export, told apart by its content', async () => {
    const before = await rowCounts(db);
    const result = await gazette(['spam', 'evaluate', WXR, '--json'], env);
    expect(result.code).toBe(0);
    const figures = JSON.parse(result.stdout) as Awaited<ReturnType<typeof evaluateExport>>;
    expect(figures).toMatchObject({
      total: 9,
      unlabelled: 2,
      confusion: { truePositive: 2, falsePositive: 1, trueNegative: 5, falseNegative: 1 },
      precision: 2 / 3,
      recall: 2 / 3,
    });
    expect(figures.mistakes.map((m) => m.id).sort()).toEqual(['9101', '9203']);
    expect(await rowCounts(db)).toEqual(before);
  });

  it('refuses a hostile file with a clear message, and a file that is no export at all', async () => {
    const bomb = await gazette(['spam', 'evaluate', path.join(FIXTURES, 'bomb-xxe.xml')], env);
    expect(bomb.code).toBe(2);
    expect(bomb.stderr).toContain('declares XML entities');
    const notes = path.join(workDir, 'notes.xml');
    fs.writeFileSync(notes, '<?xml version="1.0"?>\n<notes><note>hello</note></notes>\n');
    const other = await gazette(['spam', 'evaluate', notes], env);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('is neither a Disqus export (<disqus>) nor a WordPress export (<rss>, WXR)');
  });

  it("gazette import teaches the filter the export's spam marks and says so; --no-learn leaves it untouched", async () => {
    const spamTokens = () => db.selectFrom('spam_tokens').selectAll().orderBy('token').execute();
    const before = await spamTokens();
    const off = await gazette(['import', 'disqus', DISQUS, '--no-learn'], env);
    expect(off.code).toBe(0);
    expect(off.stdout).toContain('imported: 1 thread, 12 comments');
    expect(off.stdout).not.toContain('spam filter');
    expect(await spamTokens()).toEqual(before);
    const on = await gazette(['import', 'wordpress', WXR], env);
    expect(on.code).toBe(0);
    expect(on.stdout).toContain('taught the spam filter: 3 spam comments, 6 approved comments');
    const totals = (await spamTokens()).find((r) => r.token === '');
    const was = before.find((r) => r.token === '');
    expect(Number(totals!.spam_count) - Number(was?.spam_count ?? 0)).toBe(3);
    expect(Number(totals!.ham_count) - Number(was?.ham_count ?? 0)).toBe(6);
  });

  it.each(BOMBS)('refuses %s as the importers do, writing nothing', async (file) => {
    const before = await rowCounts(t.storage.db);
    await expect(evaluateExport(t.ctx, fs.createReadStream(path.join(FIXTURES, file)))).rejects.toMatchObject({
      code: 'UNPROCESSABLE',
      message: expect.stringMatching(/declares XML entities|external DTD or entity \(SYSTEM\/PUBLIC\)/),
    });
    expect(await rowCounts(t.storage.db)).toEqual(before);
  });
});
