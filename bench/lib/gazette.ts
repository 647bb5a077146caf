// Starting Gazette for a benchmark, and giving it a post of our own to comment on. The staff
// account and its token are made with the CLI against the same data directory before the
// server starts, exactly as an operator would. The server runs as production runs it
// (docs/OPERATIONS.md): the bundle `npm run build` makes, built once per bench run, with the
// same Node flag and allocator setting as the systemd unit and the Docker image.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT, freePort, startProcess, type Running } from './processes.ts';
import { load, type LoadRequest, type LoadResult } from './load.ts';

const run = promisify(execFile);

/** The server's entry point: dist/gazette.mjs, made by scripts/build.mjs from src/. */
const ENTRY = 'dist/gazette.mjs';

/**
 * The Node flags production starts the server with; BENCH_SERVER_NODE_ARGS replaces them (an
 * empty value: none), to measure what a flag is worth.
 */
const SERVER_NODE_ARGS = (process.env.BENCH_SERVER_NODE_ARGS ?? '--max-semi-space-size=4').split(' ').filter(Boolean);

/**
 * The allocator settings production starts the server with (docs/OPERATIONS.md, "Memory"):
 * glibc's malloc otherwise grows an arena per contending thread and, once a large block has been
 * freed, serves large blocks from arenas it seldom returns to the system. BENCH_SERVER_ALLOCATOR
 * replaces them ("NAME=VALUE NAME=VALUE"; an empty value: glibc's defaults).
 */
const SERVER_ALLOCATOR_ENV: NodeJS.ProcessEnv = Object.fromEntries(
  (process.env.BENCH_SERVER_ALLOCATOR ?? 'MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072')
    .split(' ')
    .filter(Boolean)
    .map((setting) => setting.split('=', 2) as [string, string]),
);

let built: Promise<unknown> | null = null;

/** Builds dist/ from the current src/ once per bench run (about a second). */
function buildOnce(): Promise<unknown> {
  built ??= run(process.execPath, ['scripts/build.mjs'], { cwd: ROOT });
  return built;
}

export interface GazetteOptions {
  dataDir: string;
  demo: boolean;
  /** Extra settings, e.g. GAZETTE_PAGE_CACHE_SECONDS. */
  env?: NodeJS.ProcessEnv;
  readyPath?: string;
  /** As startProcess's: a program the server runs under (valgrind, for instruction counts). */
  wrapper?: string[];
  /** Node flags after production's (a module to load first, say). */
  nodeArgs?: string[];
}

export async function startGazette(options: GazetteOptions): Promise<Running> {
  await buildOnce();
  const port = await freePort();
  return startProcess({
    command: process.execPath,
    args: [...SERVER_NODE_ARGS, ...(options.nodeArgs ?? []), ENTRY, 'serve'],
    wrapper: options.wrapper,
    env: {
      ...process.env,
      ...SERVER_ALLOCATOR_ENV,
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
export async function gazetteCli(dataDir: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  await buildOnce();
  const { stdout } = await run(process.execPath, [ENTRY, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env, GAZETTE_DATA_DIR: dataDir, LOG_LEVEL: 'warn', GAZETTE_DEMO: 'off' },
  });
  return stdout;
}

/**
 * Makes a staff account (an editor, or an admin where the bench also reads the review queue) and
 * returns an admin API token for it (before the server starts).
 */
export async function makeStaffToken(dataDir: string, env: NodeJS.ProcessEnv = {}, role: 'editor' | 'admin' = 'editor'): Promise<string> {
  fs.mkdirSync(dataDir, { recursive: true });
  const passwordFile = path.join(dataDir, 'bench-password');
  fs.writeFileSync(passwordFile, 'bench-password-long-enough\n');
  await gazetteCli(
    dataDir,
    ['user', 'add', '--email', 'b@example.com', '--name', 'Bench', '--role', role, '--password-file', passwordFile],
    env,
  );
  const token = (await gazetteCli(dataDir, ['token', 'create', '--email', 'b@example.com'], env)).trim().split('\n').pop()!;
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
export function cpuSeconds(pid: number | undefined, options: { withReapedChildren?: boolean } = {}): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th, and
    // cutime and cstime (children that have exited and been waited for) the 14th and 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const own = Number(fields[11]) + Number(fields[12]);
    const reaped = options.withReapedChildren ? Number(fields[13]) + Number(fields[14]) : 0;
    return (own + reaped) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/**
 * Loads `url` for `seconds` and reports the server's CPU per request (µs) beside the load's own
 * figures: steadier than throughput on a shared machine. cpuMicros is null where there is no /proc.
 */
export async function cpuPerRequest(
  pid: number | undefined,
  url: string,
  seconds: number,
  request: LoadRequest = {},
): Promise<{ load: LoadResult; cpuMicros: number | null }> {
  const before = cpuSeconds(pid);
  const result = await load(url, seconds, request);
  const after = cpuSeconds(pid);
  const requests = result.requestsPerSecond * seconds;
  return { load: result, cpuMicros: before === null || after === null || requests === 0 ? null : ((after - before) * 1e6) / requests };
}

// USER_HZ, which Linux fixes at 100 for /proc on every common architecture.
const CLOCK_TICKS = 100;
