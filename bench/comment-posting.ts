// Guests posting comments to one thread of a site that already holds BENCH_POST_SEED_COMMENTS
// comments (default 20,000, imported from a generated Disqus export with `gazette import`, as a
// site moving in would): 32 clients, each keeping one POST in flight, for BENCH_POST_SECONDS
// (default 10). An empty database measured a state no busy site is in: PostgreSQL planned
// every statement for tables of a few rows, with no statistics until autovacuum's next visit.
// Targets (issue 16): ≥ 3,000 comments/s on SQLite (`posting`) and ≥ 1,500/s on PostgreSQL
// (`posting-pg`, a database of its own on BENCH_PG_URL, default
// postgres://postgres@127.0.0.1:5432/postgres, dropped afterwards). Then the server is stopped
// with SIGTERM and started again, and the thread is read back page by page to show that every
// acknowledged comment was stored exactly once and survived the restart.
//
// The load is our own loop rather than autocannon so that no request is cut off mid-flight at
// the deadline: every request sent is answered, so "acknowledged" is an exact set. Each client
// is a kept-alive socket (lib/keep-alive-client.ts), not fetch(), which cost the load generator
// as much CPU per comment as the server.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cpuSeconds, gazetteCli, makeStaffToken, publishPost, startGazette } from './lib/gazette.ts';
import { writeDisqusExport } from './lib/disqus-generator.ts';
import { benchDatabaseTransport, postgresCpu, withBenchDatabase } from './lib/postgres.ts';
import { KeepAliveClient } from './lib/keep-alive-client.ts';
import { percentile } from './lib/load.ts';
import { StatementTimer, TIMING_STATEMENTS, reportSqliteTime, sqliteTimePerComment, type SqliteTime } from './lib/sqlite-statements.ts';

const CLIENTS = 32;
const POST_SECONDS = Number(process.env.BENCH_POST_SECONDS || 10);
const WARMUP_SECONDS = Number(process.env.BENCH_POST_WARMUP_SECONDS || 1);
export const SEED_COMMENTS = Number(process.env.BENCH_POST_SEED_COMMENTS ?? 20_000);
// Every client posts from 127.0.0.1: the per-IP posting limit would refuse all but the first few.
const NO_LIMITS = { GAZETTE_RATE_LIMITS: 'off' };

interface PostingRun {
  /** Published at once (201). */
  acknowledged: string[];
  /** Stored but held for review (202): the near-duplicate check may hold a few bodies that happen to look alike. */
  held: string[];
  failed: number;
  latencies: number[];
  seconds: number;
}

// Readers' words about a phone story. Each body is twelve of them picked by a hash of its number:
// bodies that differ only in a number would be one comment to the near-duplicate check (numbers
// are folded away), held from the third on, and the run would measure a campaign, not readers.
const WORDS = (
  'battery screen camera price launch update phone review market sensor design software ' +
  'android carrier signal speaker charger storage display night photo video zoom glass ' +
  'hinge weight colour model budget flagship europe india america store warranty support ' +
  'repair contract plan network coverage music games speed memory chip heat fingerprint ' +
  'unlock case strap size grip button keyboard stylus notch bezel frame metal plastic ' +
  'waterproof wireless'
).split(' ');

export function benchBody(n: number): string {
  const words: string[] = [];
  let x = Math.imul(n + 1, 2654435761) >>> 0;
  for (let i = 0; i < 12; i++) {
    words.push(WORDS[x % WORDS.length]!);
    x = Math.imul(x ^ (x >>> 15), 2246822519) >>> 0;
  }
  return `Reader ${n} thinks: ${words.join(' ')}.`;
}

/** The request body of the bench's guest comment number n. */
export function benchComment(n: number): string {
  return JSON.stringify({ body: benchBody(n), guest: { name: `Reader ${n % 200}`, email: `reader${n % 200}@example.com` } });
}

/** Keeps CLIENTS comments in flight until the deadline; each body is unique (a counter and its words). */
async function postFor(url: string, seconds: number, counter: { next: number }): Promise<PostingRun> {
  const run: PostingRun = { acknowledged: [], held: [], failed: 0, latencies: [], seconds: 0 };
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const target = new URL(url);
  const client = async () => {
    let connection = new KeepAliveClient(target);
    while (performance.now() < deadline) {
      if (connection.closed) connection = new KeepAliveClient(target);
      const n = counter.next++;
      const body = benchComment(n);
      const sent = performance.now();
      try {
        const response = await connection.request('POST', target.pathname, 'application/json', body);
        const answer = JSON.parse(response.body) as { id?: string };
        run.latencies.push(performance.now() - sent);
        if (response.status === 201 && answer.id) run.acknowledged.push(answer.id);
        else if (response.status === 202 && answer.id) run.held.push(answer.id);
        else run.failed++;
      } catch {
        run.failed++;
      }
    }
    connection.close();
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
  run.seconds = (performance.now() - started) / 1000;
  return run;
}

/** Every comment id in the thread, read through the public API oldest first, 100 per page. */
async function storedIds(baseUrl: string, threadId: string): Promise<{ ids: string[]; commentCount: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let commentCount = 0;
  do {
    const query = `sort=oldest&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const response = await fetch(`${baseUrl}/api/v1/threads/${threadId}/comments?${query}`);
    if (!response.ok) throw new Error(`reading the thread back answered ${response.status}`);
    const page = (await response.json()) as { comments: { id: string }[]; nextCursor: string | null; commentCount: number };
    ids.push(...page.comments.map((c) => c.id));
    cursor = page.nextCursor;
    commentCount = page.commentCount;
  } while (cursor);
  return { ids, commentCount };
}

/** Ids in the review queue ("pending"), read through the admin API. */
async function heldIds(baseUrl: string, token: string): Promise<Set<string>> {
  const ids = new Set<string>();
  let cursor: string | null = null;
  do {
    const query = `status=pending&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const response = await fetch(`${baseUrl}/api/v1/admin/moderation/queue?${query}`, { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) throw new Error(`reading the review queue answered ${response.status}`);
    const page = (await response.json()) as { items: { id: string }[]; nextCursor: string | null };
    for (const item of page.items) ids.add(item.id);
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

export type PostingEngine = 'sqlite' | 'postgres';

const TARGET_PER_SECOND: Record<PostingEngine, number> = { sqlite: 3000, postgres: 1500 };

export interface CommentPostingResult {
  engine: PostingEngine;
  /** Comments imported before the run, in other threads. */
  seeded: number;
  /** How the server reached PostgreSQL (TCP or a Unix socket); null on SQLite. */
  transport: string | null;
  perSecond: number;
  acknowledged: number;
  /** Of those acknowledged, held for review (202) rather than published. */
  held: number;
  failed: number;
  p50: number;
  p99: number;
  /** Server CPU time per acknowledged comment: what one core could sustain, whatever the machine's load. */
  cpuMsPerComment: number | null;
  /** PostgreSQL's CPU time per acknowledged comment (all its processes), when it runs here; null on SQLite. */
  databaseCpuMsPerComment: number | null;
  /** SQLite's own statement time, with BENCH_SQLITE_STATEMENTS=1 (lib/sqlite-statements.ts); else null. */
  sqliteTime: SqliteTime | null;
  stored: number;
  commentCount: number;
  duplicates: number;
  missing: number;
  exactlyOnce: boolean;
}

export async function benchCommentPosting(engine: PostingEngine = 'sqlite'): Promise<CommentPostingResult> {
  if (engine === 'postgres') return withBenchDatabase((databaseUrl) => postingRun(engine, { ...NO_LIMITS, DATABASE_URL: databaseUrl }));
  return postingRun(engine, NO_LIMITS);
}

/**
 * A site for posting benchmarks in `dataDir`: an admin (it publishes the post and, at the end,
 * reads the review queue), whose API token is returned, and SEED_COMMENTS imported comments.
 */
export async function seedPostingSite(dataDir: string, env: NodeJS.ProcessEnv): Promise<string> {
  const token = await makeStaffToken(dataDir, env, 'admin');
  if (SEED_COMMENTS > 0) {
    const exportFile = path.join(dataDir, 'seed-disqus.xml');
    await writeDisqusExport(exportFile, { threads: 100, comments: SEED_COMMENTS, seed: 20260115 });
    await gazetteCli(dataDir, ['import', 'disqus', exportFile], env);
    fs.rmSync(exportFile);
  }
  return token;
}

async function postingRun(engine: PostingEngine, env: NodeJS.ProcessEnv): Promise<CommentPostingResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-bench-'));
  try {
    const token = await seedPostingSite(dataDir, env);
    // Statements are timed only in the server that is measured, not in the one that reads back.
    const timer = TIMING_STATEMENTS && engine === 'sqlite' ? new StatementTimer(dataDir) : null;
    let gazette = await startGazette({ dataDir, demo: false, env: { ...env, ...timer?.env }, nodeArgs: timer?.nodeArgs });
    let threadId: string;
    const counter = { next: 0 };
    let warmUp: PostingRun;
    let measured: PostingRun;
    let serverCpu: number | null = null;
    let databaseCpu: number | null = null;
    let sqliteTime: SqliteTime | null = null;
    const databaseCpuNow = engine === 'postgres' ? await postgresCpu() : () => null;
    const spent = (before: number | null, after: number | null) => (before === null || after === null ? null : after - before);
    try {
      ({ threadId } = await publishPost(gazette.url, token, 'Bench'));
      const url = `${gazette.url}/api/v1/threads/${threadId}/comments`;
      warmUp = await postFor(url, WARMUP_SECONDS, counter);
      const statementsBefore = await timer?.snapshot(gazette.child.pid!);
      const [cpuBefore, databaseBefore] = [cpuSeconds(gazette.child.pid), databaseCpuNow()];
      measured = await postFor(url, POST_SECONDS, counter);
      serverCpu = spent(cpuBefore, cpuSeconds(gazette.child.pid));
      databaseCpu = spent(databaseBefore, databaseCpuNow());
      if (timer && statementsBefore) {
        const comments = measured.acknowledged.length + measured.held.length;
        sqliteTime = sqliteTimePerComment(statementsBefore, await timer.snapshot(gazette.child.pid!), comments);
      }
    } finally {
      await gazette.stop();
    }

    // A fresh process reads the thread back: what was acknowledged must have been durable.
    gazette = await startGazette({ dataDir, demo: false, env });
    try {
      const { ids, commentCount } = await storedIds(gazette.url, threadId);
      const acknowledged = new Set([...warmUp.acknowledged, ...measured.acknowledged]);
      const held = [...warmUp.held, ...measured.held];
      const inQueue = await heldIds(gazette.url, token);
      const stored = new Set(ids);
      const missing = [...acknowledged].filter((id) => !stored.has(id)).length + held.filter((id) => !inQueue.has(id)).length;
      const duplicates = ids.length - stored.size;
      const latencies = [...measured.latencies].sort((a, b) => a - b);
      const perComment = (seconds: number | null) =>
        seconds === null ? null : (seconds * 1000) / (measured.acknowledged.length + measured.held.length);
      return {
        engine,
        seeded: SEED_COMMENTS,
        transport: engine === 'postgres' ? benchDatabaseTransport() : null,
        perSecond: (measured.acknowledged.length + measured.held.length) / measured.seconds,
        acknowledged: acknowledged.size + held.length,
        held: held.length,
        failed: warmUp.failed + measured.failed,
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        cpuMsPerComment: perComment(serverCpu),
        databaseCpuMsPerComment: perComment(databaseCpu),
        sqliteTime,
        stored: ids.length,
        commentCount,
        duplicates,
        missing,
        // The thread shows, and counts, only the published ones; the held ones are in the queue.
        exactlyOnce: missing === 0 && duplicates === 0 && ids.length === acknowledged.size && commentCount === acknowledged.size,
      };
    } finally {
      await gazette.stop();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export function reportCommentPosting(r: CommentPostingResult): string[] {
  return [
    `comment posting (${r.engine === 'sqlite' ? 'SQLite' : `PostgreSQL over ${r.transport}`}, ${r.seeded.toLocaleString('en')} comments imported first, ${CLIENTS} clients, ${POST_SECONDS}s after a ${WARMUP_SECONDS}s warm-up)`,
    `  ${r.perSecond.toFixed(0)} comments/s (target ≥ ${TARGET_PER_SECOND[r.engine]})   p50 ${r.p50.toFixed(1)} ms   p99 ${r.p99.toFixed(1)} ms   held for review ${r.held}   failed ${r.failed}`,
    ...(r.cpuMsPerComment === null
      ? []
      : [
          `  server CPU ${r.cpuMsPerComment.toFixed(2)} ms per comment (≈ ${(1000 / r.cpuMsPerComment).toFixed(0)} comments/s on one free core)`,
        ]),
    ...(r.databaseCpuMsPerComment === null
      ? []
      : [
          // Every PostgreSQL process counts (checkpoints, autovacuum): on a quiet machine, what the database spent on the run.
          `  PostgreSQL CPU ${r.databaseCpuMsPerComment.toFixed(2)} ms per comment, all its processes (with the server's: ≈ ${(1000 / (r.databaseCpuMsPerComment + (r.cpuMsPerComment ?? 0))).toFixed(0)} comments/s per core)`,
        ]),
    ...(r.sqliteTime === null ? [] : reportSqliteTime(r.sqliteTime)),
    `  after SIGTERM + restart: ${r.acknowledged} acknowledged, ${r.stored} in the thread + ${r.held} in the review queue, thread count ${r.commentCount}, ${r.duplicates} duplicates, ${r.missing} missing`,
    `  every acknowledged comment stored exactly once: ${r.exactlyOnce ? 'yes' : 'NO'}`,
  ];
}
