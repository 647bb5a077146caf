// The demo article page served by Gazette (SQLite, demo content, page cache on) against a
// bare node:http server returning the same bytes. Target: ratio ≥ 0.5. Both are asked as a
// browser asks (Accept-Encoding: gzip, deflate, br), so Gazette answers with the Brotli copy it
// made when it cached the page, and the bare server sends those same bytes;
// BENCH_ACCEPT_ENCODING=identity measures the uncompressed page instead.
// Also the server's memory (issue 16): its RSS right after the load and its peak RSS over the
// whole run (start, demo content, warm-up and every round), both from /proc. Target: ≤ 150 MB.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startGazette } from './lib/gazette.ts';
import { compareWithBare, reportComparison, type Comparison } from './lib/compare.ts';
import { formatMb, peakRssMb, rssMb } from './lib/memory.ts';

export const ARTICLE_PATH = '/articles/sony-mobile-to-defocus-on-india-and-usa';
const ACCEPT_ENCODING = process.env.BENCH_ACCEPT_ENCODING || 'gzip, deflate, br';
const RSS_TARGET_MB = 150;

export interface ArticlePageResult extends Comparison {
  /** The server's resident set size right after the last round, in MB. */
  rssMb: number | null;
  /** The server's peak resident set size (VmHWM) since it started, in MB. */
  peakRssMb: number | null;
}

export async function benchArticlePage(): Promise<ArticlePageResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-bench-'));
  try {
    const gazette = await startGazette({ dataDir, demo: true, readyPath: ARTICLE_PATH });
    try {
      const comparison = await compareWithBare(gazette.url + ARTICLE_PATH, 'text/html; charset=utf-8', dataDir, {
        acceptEncoding: ACCEPT_ENCODING,
      });
      return { ...comparison, rssMb: rssMb(gazette.child.pid), peakRssMb: peakRssMb(gazette.child.pid) };
    } finally {
      await gazette.stop();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export const reportArticlePage = (result: ArticlePageResult): string[] => [
  ...reportComparison('article page', '/articles/…', result),
  `  server RSS: ${formatMb(result.rssMb)} after the load, peak ${formatMb(result.peakRssMb)} (target ≤ ${RSS_TARGET_MB} MB)`,
];
