// The `gazette` command run as a real process, as an operator would, on both engines.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { testEngines } from '../helpers/engines.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { openTestStorage } from '../helpers/engines.ts';
import { pngOf } from '../helpers/images.ts';

// Each test starts real processes (Node + tsx, or Chromium); on a busy 2-core machine that is slow.
vi.setConfig({ testTimeout: 180_000 });

const run = promisify(execFile);
const BIN = path.resolve('bin/gazette.mjs');

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function gazette(args: string[], env: Record<string, string>): Promise<Result> {
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

describe('gazette --help', () => {
  it('lists every command, and each command has its own help', async () => {
    const help = await gazette(['--help'], {});
    expect(help.code).toBe(0);
    for (const command of ['serve', 'migrate', 'demo', 'user', 'token', 'media']) expect(help.stdout).toContain(command);
    expect(help.stdout).toContain('DATABASE_URL');
    const userAdd = await gazette(['user', 'add', '--help'], {});
    expect(userAdd.stdout).toContain('--password-file');
  });

  it('stops on a bad setting, naming it', async () => {
    const result = await gazette(['migrate'], { PORT: 'eighty' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('PORT');
  });
});

describe.each(testEngines())('gazette commands on %s', (engine) => {
  let t: TestApp;
  let env: Record<string, string>;
  let workDir: string;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-cli-'));
    // SQLite: the CLI opens a file database in its own data directory; PostgreSQL: the suite's database.
    env = { GAZETTE_DATA_DIR: workDir, ...t.storage.env };
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('migrates idempotently', async () => {
    const first = await gazette(['migrate'], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(engine === 'sqlite' ? /applied: 0001_publishing/ : /up to date/);
    const second = await gazette(['migrate'], env);
    expect(second.stdout).toContain('already up to date');
  });

  it('adds a user from a password file and issues a token that the API accepts', async () => {
    const passwordFile = path.join(workDir, 'password');
    fs.writeFileSync(passwordFile, 'a long enough secret\n');
    const added = await gazette(
      ['user', 'add', '--email', 'Ed@Example.com', '--name', 'Ed Itor', '--role', 'editor', '--password-file', passwordFile],
      env,
    );
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('created editor Ed Itor <ed@example.com>');

    const token = await gazette(['token', 'create', '--email', 'ed@example.com'], env);
    expect(token.code).toBe(0);
    expect(token.stdout.trim()).toMatch(/^gz_[A-Za-z0-9_-]{20,}$/);
    if (engine === 'postgres') {
      // The CLI wrote to the suite's database, so the app sees the same user and token.
      const response = await t.app.inject({ url: '/api/v1/admin/posts', headers: { authorization: `Bearer ${token.stdout.trim()}` } });
      expect(response.statusCode).toBe(200);
    }
  });

  it('refuses bad input with the field named and writes nothing', async () => {
    const passwordFile = path.join(workDir, 'short');
    fs.writeFileSync(passwordFile, 'short');
    // Independent refusals, run side by side to spare process start-ups.
    const [badEmail, shortPassword, badRole, missingFile] = await Promise.all([
      gazette(
        ['user', 'add', '--email', 'nobody', '--name', 'N', '--role', 'author', '--password-file', path.join(workDir, 'password')],
        env,
      ),
      gazette(['user', 'add', '--email', 'n@example.com', '--name', 'N', '--role', 'author', '--password-file', passwordFile], env),
      gazette(['user', 'add', '--email', 'n@example.com', '--name', 'N', '--role', 'overlord', '--password-file', passwordFile], env),
      gazette(['user', 'add', '--email', 'n@example.com', '--name', 'N', '--role', 'author', '--password-file', '/nonexistent'], env),
    ]);
    expect(badEmail.code).toBe(2);
    expect(badEmail.stderr).toContain('email');
    expect(shortPassword.code).toBe(2);
    expect(shortPassword.stderr).toContain('password');
    expect(badRole.code).not.toBe(0);
    expect(badRole.stderr).toContain('--role');
    expect(missingFile.stderr).toContain('--password-file');
    const tokenForNobody = await gazette(['token', 'create', '--email', 'n@example.com'], env);
    expect(tokenForNobody.code).toBe(2);
    expect(tokenForNobody.stderr).toContain('no user has the email');
  });

  it('adds an image to the media library and refuses a file that is not one', async () => {
    const image = path.join(workDir, 'photo.png');
    fs.writeFileSync(image, await pngOf(700, 400));
    const added = await gazette(['media', 'add', image, '--alt', 'A test photo'], env);
    expect(added.code).toBe(0);
    const id = /added: ([a-z0-9]+) \(700×400\)/.exec(added.stdout)?.[1];
    expect(id).toBeDefined();
    expect(added.stdout).toContain(`![A test photo](media:${id})`);
    expect(fs.existsSync(path.join(workDir, 'media', id!, 'w640.webp'))).toBe(true);
    expect((await gazette(['media', 'add', image], env)).stdout).toContain(`already in the library: ${id}`);
    expect((await gazette(['media', 'list'], env)).stdout).toContain(id);

    const text = path.join(workDir, 'notes.txt');
    fs.writeFileSync(text, 'not an image');
    const refused = await gazette(['media', 'add', text], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('file');
    expect((await gazette(['media', 'add', path.join(workDir, 'missing.png')], env)).stderr).toContain('<file>');
  });

  it('refuses a token name over 100 characters, a page beyond the cap and an image cut short, naming each', async () => {
    const cut = path.join(workDir, 'cut.png');
    fs.writeFileSync(cut, (await pngOf(700, 400, 61)).subarray(0, 200));
    // Independent refusals, run side by side to spare process start-ups.
    const [longName, hugePage, truncated] = await Promise.all([
      gazette(['token', 'create', '--email', 'ed@example.com', '--name', 'x'.repeat(5000)], env), // the editor added above
      gazette(['media', 'list', '--page', '1e20'], env),
      gazette(['media', 'add', cut], env),
    ]);
    expect(longName.code).toBe(2);
    expect(longName.stderr).toContain('the token name is at most 100 characters');
    expect(hugePage.code).toBe(2);
    expect(hugePage.stderr).toContain('--page');
    expect(truncated.code).toBe(2);
    expect(truncated.stderr).toContain('is damaged or cut short');
    expect(truncated.stderr).not.toContain('vipspng');
  });

  it('loads the demo into an empty database, and refuses a second time', async () => {
    const fresh = await openTestStorage(engine);
    const demoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-demo-'));
    try {
      const demoEnv = { GAZETTE_DATA_DIR: demoDir, ...fresh.env };
      const loaded = await gazette(['demo'], demoEnv);
      expect(loaded.stderr).toBe('');
      expect(loaded.stdout).toMatch(/loaded \d+ articles/);
      const again = await gazette(['demo'], demoEnv);
      expect(again.code).not.toBe(0);
      expect(again.stderr).toContain('empty');
    } finally {
      await fresh.dispose();
      fs.rmSync(demoDir, { recursive: true, force: true });
    }
  }, 120_000);
});
