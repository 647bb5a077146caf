// The comment counts endpoint for a list page of 50 pages (count.js's one request), on a site
// holding 50 embedded threads with comments, against a bare node:http server returning the same
// bytes. Target: ratio ≥ 0.5. The site and its comments are made through the domain, in this
// process, before the server starts on the same data directory.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.ts';
import { openRuntime } from '../src/runtime.ts';
import { createAccount } from '../src/domain/users/accounts.ts';
import { postComment } from '../src/domain/comments/write.ts';
import { registerSite } from '../src/domain/sites/sites.ts';
import { resolveEmbedThread } from '../src/domain/sites/embed-thread.ts';
import { compareWithBare, reportComparison, type Comparison } from './lib/compare.ts';
import { cpuPerRequest, startGazette } from './lib/gazette.ts';
import { formatMicros } from './lib/load.ts';

const PAGES = 50;
const ORIGIN = 'https://blog.example';

/** 50 pages with 1–5 comments each, posted by a staff account so that screening publishes them. */
async function seedSite(dataDir: string): Promise<string[]> {
  const runtime = await openRuntime(loadConfig({ GAZETTE_DATA_DIR: dataDir, GAZETTE_DEMO: 'off', LOG_LEVEL: 'warn' }));
  try {
    const { ctx } = runtime;
    const site = await registerSite(ctx, { name: 'blog', title: 'A blog', origins: [ORIGIN] });
    const editor = await createAccount(ctx, { email: 'counts@example.com', displayName: 'Bench Editor', role: 'admin' });
    const commenter = { kind: 'account' as const, id: editor.id, role: editor.role, name: editor.display_name, slug: editor.slug };
    const pageIds: string[] = [];
    for (let i = 0; i < PAGES; i++) {
      const pageId = `2026/post-${String(i).padStart(3, '0')}`;
      const thread = await resolveEmbedThread(ctx, site, ORIGIN, { pageId, url: `${ORIGIN}/${pageId}`, title: `Post ${i}` });
      for (let c = 0; c <= i % 5; c++) {
        await postComment(ctx, commenter, { threadId: thread!.threadId, body: `Remark ${c} on post ${i}: the numbers look right.` });
      }
      pageIds.push(pageId);
    }
    return pageIds;
  } finally {
    await runtime.close();
  }
}

/**
 * Waits for the first 200: a server that has just started may still refuse with 503 while its
 * start-up work weighs on the event-loop delay sample (src/http/back-pressure.ts).
 */
async function firstAnswer(url: string): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const response = await fetch(url);
    await response.arrayBuffer();
    if (response.ok) return;
    if (response.status !== 503) throw new Error(`${url} answered ${response.status}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} kept answering 503`);
}

export interface CountsResult extends Comparison {
  /** Server CPU per request (µs), for the counts and for /healthz (the app's floor); null without /proc. */
  cpuMicros: { counts: number | null; healthz: number | null };
}

/** CPU the server spends per request on `url`, over 3 s. */
const cpuMicrosFor = async (pid: number | undefined, url: string) => (await cpuPerRequest(pid, url, 3)).cpuMicros;

export async function benchCounts(): Promise<CountsResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-bench-counts-'));
  try {
    const pageIds = await seedSite(dataDir);
    const gazette = await startGazette({ dataDir, demo: false });
    try {
      const query = pageIds.map((id) => `page=${encodeURIComponent(id)}`).join('&');
      const url = `${gazette.url}/api/v1/sites/blog/counts?${query}`;
      await firstAnswer(url);
      const comparison = await compareWithBare(url, 'application/json; charset=utf-8', dataDir);
      const pid = gazette.child.pid;
      const cpuMicros = { counts: await cpuMicrosFor(pid, url), healthz: await cpuMicrosFor(pid, `${gazette.url}/healthz`) };
      return { ...comparison, cpuMicros };
    } finally {
      await gazette.stop();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export const reportCounts = (result: CountsResult) => [
  ...reportComparison(`comment counts for ${PAGES} pages (count.js)`, '/api/v1/sites/blog/counts', result),
  // The answer is kept in memory, so the counts cost little more than the app's cheapest route:
  // what separates the two rows above is mostly the per-request work every route shares.
  `  server CPU per request: counts ${formatMicros(result.cpuMicros.counts)}, /healthz ${formatMicros(result.cpuMicros.healthz)}`,
];
