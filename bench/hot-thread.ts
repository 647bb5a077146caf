// A hot thread (issue 16): while guests post to the seed article's thread at a steady rate
// (BENCH_HOT_RATE, default 50 comments/s), the article page (Brotli) and the thread's JSON are
// compared with a bare node:http server sending the same bytes, and so is another article, quiet
// first and then during the same stream of comments. Targets: the hot page and JSON ≥ 0.5× bare;
// the other article's ratio as when quiet. A comment drops only its own article's pages and
// thread JSON, and a hot page is served up to GAZETTE_PAGE_STALE_MS stale while it is rendered
// again, so the hot thread costs renders per interval, not per comment.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ARTICLE_PATH } from './article-page.ts';
import { benchBody } from './comment-posting.ts';
import { compareWithBare, type Comparison } from './lib/compare.ts';
import { startGazette } from './lib/gazette.ts';

const RATE = Number(process.env.BENCH_HOT_RATE || 50);
const OTHER_PATH = '/articles/oneplus-3-launch';
const BROWSER = { acceptEncoding: 'gzip, deflate, br' };

export interface HotThreadResult {
  rate: number;
  posted: number;
  failed: number;
  secondsPosting: number;
  hotPage: Comparison;
  hotJson: Comparison;
  otherQuiet: Comparison;
  otherHot: Comparison;
}

/** Posts at `RATE` per second until stopped: one request every 1/RATE s, whatever the answers' latency. */
function steadyPoster(url: string) {
  let posted = 0;
  let failed = 0;
  let n = 0;
  const started = performance.now();
  const inFlight = new Set<Promise<void>>();
  const timer = setInterval(() => {
    // Catch up on the schedule (timers drift under load) so the rate is the rate asked for.
    const due = Math.floor(((performance.now() - started) / 1000) * RATE);
    while (n < due) {
      const i = n++;
      const body = JSON.stringify({ body: benchBody(i), guest: { name: `Hot ${i % 300}`, email: `hot${i % 300}@example.com` } });
      const request = fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
        .then(async (response) => {
          await response.arrayBuffer();
          if (response.status === 201) posted++;
          else failed++;
        })
        .catch(() => void failed++)
        .finally(() => inFlight.delete(request));
      inFlight.add(request);
    }
  }, 5);
  return {
    async stop() {
      clearInterval(timer);
      await Promise.all(inFlight);
      return { posted, failed, seconds: (performance.now() - started) / 1000 };
    },
  };
}

export async function benchHotThread(): Promise<HotThreadResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-bench-'));
  try {
    const gazette = await startGazette({ dataDir, demo: true, readyPath: ARTICLE_PATH, env: { GAZETTE_RATE_LIMITS: 'off' } });
    try {
      const slug = ARTICLE_PATH.split('/').pop()!;
      const { threadId } = (await (await fetch(`${gazette.url}/api/v1/posts/${slug}`)).json()) as { threadId: string };
      const threadJson = `${gazette.url}/api/v1/threads/${threadId}/comments?sort=best`;
      const otherQuiet = await compareWithBare(gazette.url + OTHER_PATH, 'text/html; charset=utf-8', dataDir, BROWSER);
      let posting = { posted: 0, failed: 0, seconds: 1 };
      const poster = steadyPoster(`${gazette.url}/api/v1/threads/${threadId}/comments`);
      const measured = await (async () => {
        try {
          const hotPage = await compareWithBare(gazette.url + ARTICLE_PATH, 'text/html; charset=utf-8', dataDir, BROWSER);
          const hotJson = await compareWithBare(threadJson, 'application/json; charset=utf-8', dataDir);
          const otherHot = await compareWithBare(gazette.url + OTHER_PATH, 'text/html; charset=utf-8', dataDir, BROWSER);
          return { hotPage, hotJson, otherHot };
        } finally {
          posting = await poster.stop();
        }
      })();
      const { hotPage, hotJson, otherHot } = measured;
      return {
        rate: RATE,
        posted: posting.posted,
        failed: posting.failed,
        secondsPosting: posting.seconds,
        hotPage,
        hotJson,
        otherQuiet,
        otherHot,
      };
    } finally {
      await gazette.stop();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const row = (label: string, c: Comparison, target: string) =>
  `  ${label.padEnd(34)} ${c.gazette.requestsPerSecond.toFixed(0).padStart(7)} vs ${c.bare.requestsPerSecond.toFixed(0).padStart(7)} req/s   ratio ${c.ratio.toFixed(2)} ${target}   p99 ${c.gazette.p99} ms   errors ${c.gazette.errors + c.gazette.non2xx}`;

export function reportHotThread(r: HotThreadResult): string[] {
  return [
    `hot thread (SQLite, demo; guests post ${r.rate}/s to the seed thread while pages are loaded; gazette vs bare node:http on the same bytes)`,
    `  posted ${r.posted} comments in ${r.secondsPosting.toFixed(0)} s (${(r.posted / r.secondsPosting).toFixed(1)}/s), ${r.failed} failed`,
    row('seed article page (hot, br)', r.hotPage, '(target ≥ 0.50)'),
    row('seed thread JSON (hot)', r.hotJson, '(target ≥ 0.50)'),
    row('another article, quiet (br)', r.otherQuiet, ''),
    row(
      'another article, during the posting',
      r.otherHot,
      `(target ≈ quiet: ${(r.otherHot.ratio / r.otherQuiet.ratio).toFixed(2)}× of it)`,
    ),
  ];
}
