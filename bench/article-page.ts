// The demo article page served by Gazette (SQLite, demo content, page cache on) against a
// bare node:http server returning the same bytes. Target: ratio ≥ 0.5.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, ROOT, startProcess } from './lib/processes.ts';
import { BENCH_ROUNDS, BENCH_SECONDS, formatRow, load, median, type LoadResult } from './lib/load.ts';

export const ARTICLE_PATH = '/articles/sony-mobile-to-defocus-on-india-and-usa';

export interface ArticleBenchResult {
  gazette: LoadResult;
  bare: LoadResult;
  ratio: number;
  bytes: number;
}

export async function benchArticlePage(): Promise<ArticleBenchResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-bench-'));
  const gazettePort = await freePort();
  const gazette = await startProcess({
    command: process.execPath,
    args: ['bin/gazette.mjs', 'serve'],
    env: { ...process.env, PORT: String(gazettePort), HOST: '127.0.0.1', GAZETTE_DATA_DIR: dataDir, LOG_LEVEL: 'warn', GAZETTE_DEMO: 'on' },
    port: gazettePort,
    readyPath: ARTICLE_PATH,
  });
  try {
    const page = await fetch(gazette.url + ARTICLE_PATH);
    const bytes = Buffer.from(await page.arrayBuffer());
    const bodyFile = path.join(dataDir, 'article.html');
    fs.writeFileSync(bodyFile, bytes);

    const barePort = await freePort();
    const bare = await startProcess({
      command: process.execPath,
      args: ['--import', 'tsx', path.join(ROOT, 'bench/lib/bare-server.ts'), bodyFile, String(barePort)],
      env: process.env,
      port: barePort,
      readyPath: '/',
    });
    try {
      // A short warm-up for both, so JIT and caches are in the same state.
      await load(gazette.url + ARTICLE_PATH, 2);
      await load(bare.url + '/', 2);
      // Alternating rounds, medians kept: a shared machine's noise then hits both sides alike.
      const gazetteRounds: LoadResult[] = [];
      const bareRounds: LoadResult[] = [];
      for (let round = 0; round < BENCH_ROUNDS; round++) {
        const gazetteFirst = round % 2 === 0;
        if (gazetteFirst) gazetteRounds.push(await load(gazette.url + ARTICLE_PATH, BENCH_SECONDS));
        bareRounds.push(await load(bare.url + '/', BENCH_SECONDS));
        if (!gazetteFirst) gazetteRounds.push(await load(gazette.url + ARTICLE_PATH, BENCH_SECONDS));
      }
      const gazetteResult = median(gazetteRounds);
      const bareResult = median(bareRounds);
      return { gazette: gazetteResult, bare: bareResult, ratio: gazetteResult.requestsPerSecond / bareResult.requestsPerSecond, bytes: bytes.length };
    } finally {
      await bare.stop();
    }
  } finally {
    await gazette.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export function reportArticlePage(result: ArticleBenchResult): string[] {
  return [
    `article page (${result.bytes} bytes; median of ${BENCH_ROUNDS} alternating rounds of ${BENCH_SECONDS}s)`,
    formatRow('  gazette /articles/…', result.gazette),
    formatRow('  bare node:http, same bytes', result.bare),
    `  ratio gazette/bare: ${result.ratio.toFixed(2)} (target ≥ 0.50)`,
  ];
}
