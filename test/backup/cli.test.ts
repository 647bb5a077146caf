// `gazette export` and `gazette restore` run as real processes: the demo site exported from
// SQLite, restored into an empty database of each engine, exported again: the same backup.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTestStorage, testEngines, type TestStorage } from '../helpers/engines.ts';

vi.setConfig({ testTimeout: 180_000 });

const run = promisify(execFile);
const BIN = path.resolve('bin/gazette.mjs');

async function gazette(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      env: { ...process.env, LOG_LEVEL: 'silent', GAZETTE_PUBLIC_URL: '', ...env },
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const withoutExportedAt = (backup: string) => backup.replace(/"exportedAt":"[^"]*",/, '');

let workDir: string;
let sourceEnv: Record<string, string>;
let backupFile: string;

beforeAll(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-backup-cli-'));
  sourceEnv = { GAZETTE_DATA_DIR: path.join(workDir, 'source') };
  const demo = await gazette(['demo'], sourceEnv);
  expect(demo.stderr).toBe('');
  backupFile = path.join(workDir, 'site.ndjson.gz');
  const exported = await gazette(['export', backupFile], sourceEnv);
  expect(exported.stderr).toBe('');
  expect(exported.stdout).toMatch(/exported \d+ rows from \d+ tables and \d+ media files/);
}, 180_000);
afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

describe('gazette export', () => {
  it('writes gzip for a .gz name, and a Disqus file that needs a base URL', async () => {
    expect([...fs.readFileSync(backupFile).subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    const header = JSON.parse(gunzipSync(fs.readFileSync(backupFile)).toString('utf8').split('\n')[0]!) as {
      format: string;
      version: number;
    };
    expect(header).toMatchObject({ format: 'gazette-backup', version: 1 });

    const disqusFile = path.join(workDir, 'comments.xml');
    const missing = await gazette(['export', '--format', 'disqus', disqusFile], sourceEnv);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--base-url');
    const disqus = await gazette(['export', '--format', 'disqus', '--base-url', 'https://news.example.test/', disqusFile], sourceEnv);
    expect(disqus.stdout).toMatch(/exported 135 comments in 1 threads as Disqus XML/);
    expect(fs.readFileSync(disqusFile, 'utf8')).toContain('<link>https://news.example.test/articles/');
  });

  it('refuses a folder as the file, naming it, before exporting anything', async () => {
    const folder = path.join(workDir, 'exports');
    fs.mkdirSync(folder);
    const refused = await gazette(['export', folder], sourceEnv);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`gazette: ${folder} is a folder; name a file in it`);
    expect(refused.stderr).toContain('(<file>)');
    expect(refused.stderr).not.toContain('EISDIR');
    // No half-written file beside it either.
    expect(fs.readdirSync(workDir).filter((name) => name.endsWith('.partial'))).toEqual([]);
  });
});

describe.each(testEngines())('gazette restore into %s', (engine) => {
  let target: TestStorage;
  let env: Record<string, string>;
  beforeAll(async () => {
    target = await openTestStorage(engine);
    env = { GAZETTE_DATA_DIR: path.join(workDir, `restored-${engine}`), ...target.env };
  });
  afterAll(() => target?.dispose());

  it('restores the demo site, which then exports the same backup; a second restore is refused', async () => {
    const restored = await gazette(['restore', backupFile], env);
    expect(restored.stderr).toBe('');
    expect(restored.stdout).toMatch(/restored \d+ rows into \d+ tables and \d+ media files/);
    const again = path.join(workDir, `again-${engine}.ndjson`);
    expect((await gazette(['export', again], env)).code).toBe(0);
    const original = gunzipSync(fs.readFileSync(backupFile)).toString('utf8');
    expect(withoutExportedAt(fs.readFileSync(again, 'utf8'))).toBe(withoutExportedAt(original));

    const refused = await gazette(['restore', backupFile], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('not empty');
    expect((await gazette(['restore', path.join(workDir, 'missing.ndjson')], env)).stderr).toContain('<file>');
  });
});
