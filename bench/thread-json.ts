// The demo thread's first page as JSON (SQLite, demo content; cached like pages, cleared by comments)
// against a bare node:http server returning the same bytes. Target: ratio ≥ 0.5.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ARTICLE_PATH } from './article-page.ts';
import { compareWithBare, reportComparison, type Comparison } from './lib/compare.ts';
import { startGazette } from './lib/gazette.ts';

const DEMO_SLUG = ARTICLE_PATH.split('/').pop()!;

export async function benchThreadJson(): Promise<Comparison> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-bench-'));
  try {
    const gazette = await startGazette({ dataDir, demo: true, readyPath: `/api/v1/posts/${DEMO_SLUG}` });
    try {
      const { threadId } = (await (await fetch(`${gazette.url}/api/v1/posts/${DEMO_SLUG}`)).json()) as { threadId: string };
      return await compareWithBare(
        `${gazette.url}/api/v1/threads/${threadId}/comments?sort=best`,
        'application/json; charset=utf-8',
        dataDir,
      );
    } finally {
      await gazette.stop();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export const reportThreadJson = (result: Comparison) => reportComparison('thread JSON first page', '/api/v1/threads/…', result);
