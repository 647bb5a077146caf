// What the server spends on a request it refuses: a guest's comment POST with an empty body,
// refused with a 400 at the body check before any database work. This is the fixed cost every
// comment pays before its own work starts (routing, hooks, cookies, JSON parsing, the error
// answer, the write), and what a flood of junk, or every 503 under overload, costs. Reported as
// server CPU per refused request (steadier than throughput on a shared machine) with /healthz,
// the app's cheapest answer, beside it. No target: a yardstick for posting's fixed cost.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cpuPerRequest, startGazette } from './lib/gazette.ts';
import {
  BENCH_CONNECTIONS,
  BENCH_ROUNDS,
  BENCH_SECONDS,
  formatMicros,
  median,
  percentile,
  type LoadRequest,
  type LoadResult,
} from './lib/load.ts';

export interface RefusalsResult {
  /** The median round's rate. */
  refusedPerSecond: number;
  /** Server CPU per refused POST (µs), median over the rounds; null without /proc. */
  refusedCpuMicros: number | null;
  healthzCpuMicros: number | null;
}

interface Round {
  load: LoadResult;
  cpuMicros: number | null;
}

/** One round of load on `url`; any answer but `status` stops the run (it would measure something else). */
async function round(pid: number | undefined, url: string, status: string, request: LoadRequest = {}): Promise<Round> {
  const measured = await cpuPerRequest(pid, url, BENCH_SECONDS, request);
  const { statuses, errors } = measured.load;
  if (errors > 0 || statuses.some((answered) => answered !== status))
    throw new Error(`${url} answered ${statuses.join(', ')} with ${errors} errors, not only ${status}`);
  return measured;
}

/** The rounds' median CPU per request, or null where it could not be measured. */
function medianCpu(rounds: Round[]): number | null {
  const values = rounds.map((r) => r.cpuMicros);
  return values.includes(null)
    ? null
    : percentile(
        (values as number[]).sort((a, b) => a - b),
        50,
      );
}

export async function benchRefusals(): Promise<RefusalsResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-bench-refusals-'));
  try {
    // Every client posts from 127.0.0.1: the posting limit would answer 429 instead.
    const gazette = await startGazette({ dataDir, demo: false, env: { GAZETTE_RATE_LIMITS: 'off' } });
    try {
      const pid = gazette.child.pid;
      const postUrl = `${gazette.url}/api/v1/threads/no-such-thread/comments`;
      const refused: LoadRequest = {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ body: '', guest: { name: 'Reader', email: 'reader@example.com' } }),
      };
      await round(pid, postUrl, '400', refused); // warm-up
      const refusals: Round[] = [];
      const healthz: Round[] = [];
      for (let i = 0; i < BENCH_ROUNDS; i++) {
        refusals.push(await round(pid, postUrl, '400', refused));
        healthz.push(await round(pid, `${gazette.url}/healthz`, '200'));
      }
      return {
        refusedPerSecond: median(refusals.map((r) => r.load)).requestsPerSecond,
        refusedCpuMicros: medianCpu(refusals),
        healthzCpuMicros: medianCpu(healthz),
      };
    } finally {
      await gazette.stop();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export function reportRefusals(r: RefusalsResult): string[] {
  return [
    `refused comment POSTs (400 at the body check, no database; median of ${BENCH_ROUNDS} rounds of ${BENCH_SECONDS}s, ${BENCH_CONNECTIONS} connections)`,
    `  ${r.refusedPerSecond.toFixed(0)} refusals/s, server CPU ${formatMicros(r.refusedCpuMicros)} each (GET /healthz: ${formatMicros(r.healthzCpuMicros)})`,
  ];
}
