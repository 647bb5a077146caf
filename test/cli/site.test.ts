// `gazette site …` run as a real process, as an operator would, on both engines (issue 15).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { findSite, siteSsoSecret } from '../../src/domain/sites/sites.ts';

// Each step starts a Node process; on a busy 2-core machine that is slow.
vi.setConfig({ testTimeout: 240_000 });

const run = promisify(execFile);
const BIN = path.resolve('bin/gazette.mjs');

async function gazette(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe.each(testEngines())('gazette site on %s', (engine) => {
  let t: TestApp;
  let env: Record<string, string>;
  let workDir: string;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-site-cli-'));
    env = { GAZETTE_DATA_DIR: workDir, ...t.storage.env };
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('adds, lists, updates, shows and rotates the secret of, and removes a site', async () => {
    const added = await gazette(
      [
        'site',
        'add',
        '--name',
        'blog',
        '--origin',
        'https://Blog.Example/',
        '--origin',
        'http://localhost:8080',
        '--title',
        'The Blog',
        '--accounts-only',
        '--policy',
        'first-comment',
        '--lang',
        'hi',
      ],
      env,
    );
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('registered blog (The Blog)');
    expect(added.stdout).toContain('origins: https://blog.example http://localhost:8080');
    expect(added.stdout).toContain('accounts only');
    const secret = /SSO secret \(shown once[^)]*\): ([A-Za-z0-9_-]{43})$/m.exec(added.stdout)?.[1];
    expect(secret).toBeDefined();

    const list = await gazette(['site', 'list'], env);
    expect(list.stdout).toContain('blog (The Blog)');
    expect(list.stdout).toContain('new threads: first-comment');
    expect(list.stdout).not.toContain(secret);

    const updated = await gazette(
      ['site', 'update', 'blog', '--guests', '--policy', 'default', '--accent', '#AA3300', '--font', 'serif', '--radius', '4'],
      env,
    );
    expect(updated.code).toBe(0);
    expect(updated.stdout).toContain('guests and accounts');
    expect(updated.stdout).toContain('site-wide default');
    expect(updated.stdout).toContain('accent #aa3300');

    const shown = await gazette(['site', 'secret', 'blog'], env);
    expect(shown.stdout.trim()).toBe(secret);
    const rotated = await gazette(['site', 'secret', 'blog', '--rotate'], env);
    expect(rotated.stdout.trim()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(rotated.stdout.trim()).not.toBe(secret);
    if (engine === 'postgres') {
      // The CLI wrote to the suite's database: the app sees the same site and secret.
      expect(await findSite(t.ctx, 'blog')).toMatchObject({ guestPolicy: 'guests', theme: { accent: '#aa3300', radius: '4px' } });
      expect(await siteSsoSecret(t.ctx, 'blog')).toBe(rotated.stdout.trim());
    }

    const removed = await gazette(['site', 'remove', 'blog'], env);
    expect(removed.stdout).toContain('removed site blog');
    expect((await gazette(['site', 'list'], env)).stdout).toContain('no sites registered');
  });

  it('refuses bad input, naming the field, and unknown sites', async () => {
    const [badOrigin, noOrigin, badName, unknown] = await Promise.all([
      gazette(['site', 'add', '--name', 'x', '--origin', 'https://x.example/blog'], env),
      gazette(['site', 'add', '--name', 'x'], env),
      gazette(['site', 'add', '--name', 'Not A Name', '--origin', 'https://x.example'], env),
      gazette(['site', 'secret', 'nosuch'], env),
    ]);
    expect(badOrigin.code).toBe(2);
    expect(badOrigin.stderr).toContain('no path');
    expect(badOrigin.stderr).toContain('(origins[0])');
    expect(noOrigin.code).toBe(2);
    expect(noOrigin.stderr).toContain('at least one origin');
    expect(badName.code).toBe(2);
    expect(badName.stderr).toContain('(name)');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no site is named "nosuch"');
  });
});
