// The command line refuses control characters in what the operator types (issue 11, finding
// 10), naming the option, before the command touches the database: nothing is created.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import Database from 'better-sqlite3';

vi.setConfig({ testTimeout: 60_000 });

const run = promisify(execFile);
const BIN = path.resolve('bin/gazette.mjs');

async function gazette(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      env: { ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: '', ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('gazette user add', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-cli-control-'));
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('refuses a control character in an option, naming it, and creates no one', async () => {
    const passwordFile = path.join(dataDir, 'password');
    fs.writeFileSync(passwordFile, 'a long enough secret\n');
    const env = { GAZETTE_DATA_DIR: dataDir, GAZETTE_DEMO: 'off' };
    const refused = await gazette(
      ['user', 'add', '--email', 'ed@example.test', '--name', 'Ed\u001b[2J', '--role', 'editor', '--password-file', passwordFile],
      env,
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('gazette: --name contains a control character (U+001B) (--name)');
    const created = await gazette(
      ['user', 'add', '--email', 'ed@example.test', '--name', 'Ed', '--role', 'editor', '--password-file', passwordFile],
      env,
    );
    expect(created.stderr).toBe('');
    const db = new Database(path.join(dataDir, 'gazette.db'), { readonly: true });
    try {
      expect(db.prepare('select display_name from users').all()).toEqual([{ display_name: 'Ed' }]);
    } finally {
      db.close();
    }
  });
});
