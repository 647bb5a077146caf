// Starting Gazette for a benchmark, and giving it a post of our own to comment on. The staff
// account and its token are made with the CLI against the same data directory before the
// server starts, exactly as an operator would.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT, freePort, startProcess, type Running } from './processes.ts';

const run = promisify(execFile);

export interface GazetteOptions {
  dataDir: string;
  demo: boolean;
  /** Extra settings, e.g. GAZETTE_PAGE_CACHE_SECONDS. */
  env?: NodeJS.ProcessEnv;
  readyPath?: string;
}

export async function startGazette(options: GazetteOptions): Promise<Running> {
  const port = await freePort();
  return startProcess({
    command: process.execPath,
    args: ['bin/gazette.mjs', 'serve'],
    env: {
      ...process.env,
      ...options.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      GAZETTE_DATA_DIR: options.dataDir,
      LOG_LEVEL: 'warn',
      GAZETTE_DEMO: options.demo ? 'on' : 'off',
    },
    port,
    readyPath: options.readyPath ?? '/healthz',
  });
}

/** Runs a `gazette` CLI command against the data directory and returns what it printed. */
export async function gazetteCli(dataDir: string, args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['bin/gazette.mjs', ...args], {
    cwd: ROOT,
    env: { ...process.env, GAZETTE_DATA_DIR: dataDir, LOG_LEVEL: 'warn', GAZETTE_DEMO: 'off' },
  });
  return stdout;
}

/** Makes an editor account and returns an admin API token for it (before the server starts). */
export async function makeEditorToken(dataDir: string): Promise<string> {
  fs.mkdirSync(dataDir, { recursive: true });
  const passwordFile = path.join(dataDir, 'bench-password');
  fs.writeFileSync(passwordFile, 'bench-password-long-enough\n');
  await gazetteCli(dataDir, [
    'user',
    'add',
    '--email',
    'b@example.com',
    '--name',
    'Bench',
    '--role',
    'editor',
    '--password-file',
    passwordFile,
  ]);
  const token = (await gazetteCli(dataDir, ['token', 'create', '--email', 'b@example.com'])).trim().split('\n').pop()!;
  return token;
}

/** Publishes a post through the admin API and returns its slug and discussion thread id. */
export async function publishPost(baseUrl: string, token: string, title: string): Promise<{ slug: string; threadId: string }> {
  const created = await fetch(`${baseUrl}/api/v1/admin/posts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ title, bodyMarkdown: 'x', status: 'published' }),
  });
  if (created.status !== 201) throw new Error(`creating the bench post answered ${created.status}: ${await created.text()}`);
  const { slug } = (await created.json()) as { slug: string };
  const post = await fetch(`${baseUrl}/api/v1/posts/${slug}`);
  if (!post.ok) throw new Error(`GET /api/v1/posts/${slug} answered ${post.status}`);
  const { threadId } = (await post.json()) as { threadId: string };
  return { slug, threadId };
}

/**
 * CPU seconds (user + system) a child process has used so far, from /proc; null where there is
 * no /proc. On a busy machine this is steadier than wall-clock throughput.
 */
export function cpuSeconds(pid: number | undefined): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

// USER_HZ, which Linux fixes at 100 for /proc on every common architecture.
const CLOCK_TICKS = 100;
