// `gazette import` run as a real process, as an operator would, on both engines.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { testEngines } from '../helpers/engines.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { FIXTURES } from './helpers.ts';

// Each test starts Node + tsx; on a busy 2-core machine that is slow.
vi.setConfig({ testTimeout: 180_000 });

const run = promisify(execFile);
const BIN = path.resolve('bin/gazette.mjs');

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

describe.each(testEngines())('gazette import on %s', (engine) => {
  let t: TestApp;
  let env: Record<string, string>;
  let workDir: string;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-import-cli-'));
    env = { GAZETTE_DATA_DIR: workDir, ...t.storage.env };
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('imports the seed Disqus export with a URL rule, reports it, and imports nothing the second time', async () => {
    const file = path.join(FIXTURES, 'seed-disqus.xml');
    const dry = await gazette(
      ['import', 'disqus', file, '--dry-run', '--map-url', 'https://www.xperiablog.net/=https://news.example/'],
      env,
    );
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('dry run, nothing written; would import: 1 thread, 135 comments (comments: 129 published, 6 spam)');

    const first = await gazette(['import', 'disqus', file], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('imported: 1 thread, 135 comments (comments: 129 published, 6 spam)');
    expect(first.stdout).toContain('skipped: nothing');
    expect(first.stdout).toMatch(/1 thread: thread attached to an external page/);

    const second = await gazette(['import', 'disqus', file], env);
    expect(second.stdout).toContain('imported: nothing');
    expect(second.stdout).toContain('skipped: 1 thread, 135 comments');
    expect(second.stdout).toMatch(/135 comments: already imported/);
  });

  it('--screen runs the comments through the moderation pipeline: unflagged empty bot posts still land in spam', async () => {
    const unflagged = path.join(workDir, 'seed-unflagged.xml');
    // Fresh source ids too, so an earlier test's import of the seed does not make these "already imported".
    const xml = fs
      .readFileSync(path.join(FIXTURES, 'seed-disqus.xml'), 'utf8')
      .replaceAll('<isSpam>true</isSpam>', '<isSpam>false</isSpam>')
      .replaceAll('dsq:id="', 'dsq:id="9');
    fs.writeFileSync(unflagged, xml);
    const plain = await gazette(['import', 'disqus', unflagged, '--dry-run'], env);
    expect(plain.stdout).toContain('(comments: 135 published)');
    const screened = await gazette(['import', 'disqus', unflagged, '--dry-run', '--screen'], env);
    expect(screened.code).toBe(0);
    expect(screened.stdout).toContain('(comments: 129 published, 6 spam)');
  });

  it('refuses a bomb with a clear message and exit code 2', async () => {
    const result = await gazette(['import', 'wordpress', path.join(FIXTURES, 'bomb-xxe.xml')], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('declares XML entities');
    const badRule = await gazette(['import', 'disqus', path.join(FIXTURES, 'seed-disqus.xml'), '--map-url', 'nonsense'], env);
    expect(badRule.code).toBe(2);
    expect(badRule.stderr).toContain('--map-url');
  });
});
