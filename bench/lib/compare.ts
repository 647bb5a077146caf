// Gazette against the bare node:http yardstick on the same bytes: warm-up, then alternating
// rounds with the medians kept, so a shared machine's noise hits both sides alike. With an
// Accept-Encoding, both sides are asked with it and the bare server sends Gazette's compressed
// bytes, so the ratio stays like for like.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { ROOT, freePort, startProcess, type Running } from './processes.ts';
import { BENCH_ROUNDS, BENCH_SECONDS, formatRow, load, median, type LoadResult } from './load.ts';

/** wrapper: as startProcess's. */
export async function startBare(bodyFile: string, contentType: string, encoding = 'identity', wrapper?: string[]): Promise<Running> {
  const port = await freePort();
  return startProcess({
    command: process.execPath,
    args: ['--import', 'tsx', path.join(ROOT, 'bench/lib/bare-server.ts'), bodyFile, String(port), contentType, encoding],
    env: process.env,
    port,
    readyPath: '/',
    wrapper,
  });
}

export interface Comparison {
  gazette: LoadResult;
  bare: LoadResult;
  ratio: number;
  /** Bytes on the wire, in `encoding`. */
  bytes: number;
  /** The Content-Encoding Gazette answered with ('identity' for none): what was measured. */
  encoding: string;
}

/** The bytes exactly as sent (fetch would decompress them) and their Content-Encoding. */
function rawAnswer(url: string, headers: Record<string, string>): Promise<{ bytes: Buffer; encoding: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (response) => {
        if (response.statusCode !== 200) reject(new Error(`${url} answered ${response.statusCode}`));
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ bytes: Buffer.concat(chunks), encoding: response.headers['content-encoding'] ?? 'identity' }));
        response.on('error', reject);
      })
      .on('error', reject);
  });
}

/** Loads `gazetteUrl`, serves the exact bytes it answered from a bare server, and compares the two. */
export async function compareWithBare(
  gazetteUrl: string,
  contentType: string,
  scratchDir: string,
  options: { acceptEncoding?: string } = {},
): Promise<Comparison> {
  const headers: Record<string, string> = options.acceptEncoding ? { 'accept-encoding': options.acceptEncoding } : {};
  const { bytes, encoding } = await rawAnswer(gazetteUrl, headers);
  const bodyFile = path.join(scratchDir, 'bare-body');
  fs.writeFileSync(bodyFile, bytes);
  const bare = await startBare(bodyFile, contentType, encoding);
  const loadGazette = (seconds: number) => load(gazetteUrl, seconds, { headers });
  const loadBare = (seconds: number) => load(bare.url + '/', seconds, { headers });
  try {
    await loadGazette(2);
    await loadBare(2);
    const gazetteRounds: LoadResult[] = [];
    const bareRounds: LoadResult[] = [];
    for (let round = 0; round < BENCH_ROUNDS; round++) {
      const gazetteFirst = round % 2 === 0;
      if (gazetteFirst) gazetteRounds.push(await loadGazette(BENCH_SECONDS));
      bareRounds.push(await loadBare(BENCH_SECONDS));
      if (!gazetteFirst) gazetteRounds.push(await loadGazette(BENCH_SECONDS));
    }
    const gazette = median(gazetteRounds);
    const bareResult = median(bareRounds);
    return { gazette, bare: bareResult, ratio: gazette.requestsPerSecond / bareResult.requestsPerSecond, bytes: bytes.length, encoding };
  } finally {
    await bare.stop();
  }
}

/** The report lines of one comparison: a heading, both rows, the ratio against its target. */
export function reportComparison(title: string, gazetteLabel: string, result: Comparison): string[] {
  return [
    `${title} (${result.bytes} bytes, ${result.encoding}; median of ${BENCH_ROUNDS} alternating rounds of ${BENCH_SECONDS}s)`,
    formatRow(`  gazette ${gazetteLabel}`, result.gazette),
    formatRow(`  bare node:http, same ${result.encoding} bytes`, result.bare),
    `  ratio gazette/bare: ${result.ratio.toFixed(2)} (target ≥ 0.50)`,
  ];
}
