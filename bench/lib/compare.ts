// Gazette against the bare node:http yardstick on the same bytes: warm-up, then alternating
// rounds with the medians kept, so a shared machine's noise hits both sides alike.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, freePort, startProcess, type Running } from './processes.ts';
import { BENCH_ROUNDS, BENCH_SECONDS, formatRow, load, median, type LoadResult } from './load.ts';

export async function startBare(bodyFile: string, contentType: string): Promise<Running> {
  const port = await freePort();
  return startProcess({
    command: process.execPath,
    args: ['--import', 'tsx', path.join(ROOT, 'bench/lib/bare-server.ts'), bodyFile, String(port), contentType],
    env: process.env,
    port,
    readyPath: '/',
  });
}

export interface Comparison {
  gazette: LoadResult;
  bare: LoadResult;
  ratio: number;
  bytes: number;
}

/** Loads `gazetteUrl`, serves the exact bytes it answered from a bare server, and compares the two. */
export async function compareWithBare(gazetteUrl: string, contentType: string, scratchDir: string): Promise<Comparison> {
  const answer = await fetch(gazetteUrl);
  if (!answer.ok) throw new Error(`${gazetteUrl} answered ${answer.status}`);
  const bytes = Buffer.from(await answer.arrayBuffer());
  const bodyFile = path.join(scratchDir, 'bare-body');
  fs.writeFileSync(bodyFile, bytes);
  const bare = await startBare(bodyFile, contentType);
  try {
    await load(gazetteUrl, 2);
    await load(bare.url + '/', 2);
    const gazetteRounds: LoadResult[] = [];
    const bareRounds: LoadResult[] = [];
    for (let round = 0; round < BENCH_ROUNDS; round++) {
      const gazetteFirst = round % 2 === 0;
      if (gazetteFirst) gazetteRounds.push(await load(gazetteUrl, BENCH_SECONDS));
      bareRounds.push(await load(bare.url + '/', BENCH_SECONDS));
      if (!gazetteFirst) gazetteRounds.push(await load(gazetteUrl, BENCH_SECONDS));
    }
    const gazette = median(gazetteRounds);
    const bareResult = median(bareRounds);
    return { gazette, bare: bareResult, ratio: gazette.requestsPerSecond / bareResult.requestsPerSecond, bytes: bytes.length };
  } finally {
    await bare.stop();
  }
}

/** The report lines of one comparison: a heading, both rows, the ratio against its target. */
export function reportComparison(title: string, gazetteLabel: string, result: Comparison): string[] {
  return [
    `${title} (${result.bytes} bytes; median of ${BENCH_ROUNDS} alternating rounds of ${BENCH_SECONDS}s)`,
    formatRow(`  gazette ${gazetteLabel}`, result.gazette),
    formatRow('  bare node:http, same bytes', result.bare),
    `  ratio gazette/bare: ${result.ratio.toFixed(2)} (target ≥ 0.50)`,
  ];
}
