// Time to serve the first page of a 10,000-comment thread (4,000 top-level, 6,000 replies up to
// depth 6), one request at a time so each figure is one request's latency, not queueing.
// Target: p50 ≤ 30 ms. Also the article page around it with the page cache off, so the thread
// is rendered into HTML on every request. `big-thread` runs on SQLite; `big-thread-pg` on a
// PostgreSQL database of its own (BENCH_PG_URL, as posting-pg), its statistics fresh.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeBigThread, writeBigThreadPostgres } from './lib/big-thread-data.ts';
import { makeStaffToken, publishPost, startGazette } from './lib/gazette.ts';
import { percentile } from './lib/load.ts';
import { benchDatabaseTransport, withBenchDatabase } from './lib/postgres.ts';

const REQUESTS = Number(process.env.BENCH_BIG_REQUESTS || 200);
const WARM_UP = 20;
const SHAPE = { topLevel: 4000, replies: 6000, seed: 20260115 };

export interface Timing {
  name: string;
  bytes: number;
  p50: number;
  p99: number;
}

export interface BigThreadResult {
  /** 'SQLite', or PostgreSQL and how it was reached. */
  database: string;
  comments: number;
  deepest: number;
  timings: Timing[];
}

/** Sequential GETs over one keep-alive connection; latency is measured around each full response. */
async function time(name: string, url: string): Promise<Timing> {
  const samples: number[] = [];
  let bytes = 0;
  for (let i = 0; i < WARM_UP + REQUESTS; i++) {
    const started = performance.now();
    const response = await fetch(url);
    const body = await response.arrayBuffer();
    const elapsed = performance.now() - started;
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    bytes = body.byteLength;
    if (i >= WARM_UP) samples.push(elapsed);
  }
  samples.sort((a, b) => a - b);
  return { name, bytes, p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

export async function benchBigThread(engine: 'sqlite' | 'postgres' = 'sqlite'): Promise<BigThreadResult> {
  if (engine === 'postgres') {
    return withBenchDatabase((databaseUrl) =>
      bigThreadRun(`PostgreSQL over ${benchDatabaseTransport()}`, { DATABASE_URL: databaseUrl }, (threadId) =>
        writeBigThreadPostgres(databaseUrl, threadId, SHAPE),
      ),
    );
  }
  return bigThreadRun('SQLite', {}, async (threadId, dataDir) => writeBigThread(dataDir, threadId, SHAPE));
}

async function bigThreadRun(
  database: string,
  env: NodeJS.ProcessEnv,
  writeThread: (threadId: string, dataDir: string) => Promise<number>,
): Promise<BigThreadResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-bench-'));
  try {
    const token = await makeStaffToken(dataDir, env);
    const setup = await startGazette({ dataDir, demo: false, env });
    let post: { slug: string; threadId: string };
    try {
      post = await publishPost(setup.url, token, 'Big thread');
    } finally {
      await setup.stop();
    }
    const deepest = await writeThread(post.threadId, dataDir);

    const gazette = await startGazette({ dataDir, demo: false, env: { ...env, GAZETTE_PAGE_CACHE_SECONDS: '0' } });
    try {
      const timings: Timing[] = [];
      for (const sort of ['best', 'newest', 'oldest']) {
        timings.push(await time(`JSON first page, sort=${sort}`, `${gazette.url}/api/v1/threads/${post.threadId}/comments?sort=${sort}`));
      }
      timings.push(await time('article page, cache off', `${gazette.url}/articles/${post.slug}`));
      return { database, comments: SHAPE.topLevel + SHAPE.replies, deepest, timings };
    } finally {
      await gazette.stop();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export function reportBigThread(r: BigThreadResult): string[] {
  return [
    `big thread (${r.database}, ${r.comments} comments, ${SHAPE.topLevel} top-level, depth ≤ ${r.deepest}; ${REQUESTS} sequential requests each; target p50 ≤ 30 ms)`,
    ...r.timings.map(
      (t) =>
        `  ${`${t.name} (${t.bytes} bytes)`.padEnd(44)} p50 ${t.p50.toFixed(1).padStart(6)} ms   p99 ${t.p99.toFixed(1).padStart(6)} ms`,
    ),
  ];
}
