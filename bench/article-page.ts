// The demo article page served by Gazette (SQLite, demo content, page cache on) against a
// bare node:http server returning the same bytes. Target: ratio ≥ 0.5. Both are asked as a
// browser asks (Accept-Encoding: gzip, deflate, br), so Gazette answers with the Brotli copy it
// made when it cached the page, and the bare server sends those same bytes;
// BENCH_ACCEPT_ENCODING=identity measures the uncompressed page instead.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startGazette } from './lib/gazette.ts';
import { compareWithBare, reportComparison, type Comparison } from './lib/compare.ts';

export const ARTICLE_PATH = '/articles/sony-mobile-to-defocus-on-india-and-usa';
const ACCEPT_ENCODING = process.env.BENCH_ACCEPT_ENCODING || 'gzip, deflate, br';

export async function benchArticlePage(): Promise<Comparison> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-bench-'));
  try {
    const gazette = await startGazette({ dataDir, demo: true, readyPath: ARTICLE_PATH });
    try {
      return await compareWithBare(gazette.url + ARTICLE_PATH, 'text/html; charset=utf-8', dataDir, { acceptEncoding: ACCEPT_ENCODING });
    } finally {
      await gazette.stop();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export const reportArticlePage = (result: Comparison) => reportComparison('article page', '/articles/…', result);
