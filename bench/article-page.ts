// The demo article page served by Gazette (SQLite, demo content, page cache on) against a
// bare node:http server returning the same bytes. Target: ratio ≥ 0.5.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startGazette } from './lib/gazette.ts';
import { compareWithBare, reportComparison, type Comparison } from './lib/compare.ts';

export const ARTICLE_PATH = '/articles/sony-mobile-to-defocus-on-india-and-usa';

export async function benchArticlePage(): Promise<Comparison> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-bench-'));
  try {
    const gazette = await startGazette({ dataDir, demo: true, readyPath: ARTICLE_PATH });
    try {
      return await compareWithBare(gazette.url + ARTICLE_PATH, 'text/html; charset=utf-8', dataDir);
    } finally {
      await gazette.stop();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export const reportArticlePage = (result: Comparison) => reportComparison('article page', '/articles/…', result);
