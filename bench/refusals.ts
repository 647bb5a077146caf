// What the server spends on a request it refuses: a guest's comment POST with an empty body,
// refused with a 400 at the body check before any database work. This is the fixed cost every
// comment pays before its own work starts (routing, hooks, cookies, JSON parsing, the error
// answer, the write), and what a flood of junk, or every 503 under overload, costs. Reported as
// server CPU per refused request (steadier than throughput on a shared machine) with /healthz,
// the app's cheapest answer, beside it. No target: a yardstick for posting's fixed cost.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { cpuSeconds, startGazette } from './lib/gazette.ts';
import { BENCH_CONNECTIONS, BENCH_ROUNDS, BENCH_SECONDS } from './lib/load.ts';

export interface RefusalsResult {
  /** Median over the rounds. */
  refusedPerSecond: number | null;
  /** Server CPU per refused POST (µs), median over the rounds; null without /proc. */
  refusedCpuMicros: number | null;
  healthzCpuMicros: number | null;
}

interface Round {
  perSecond: number;
  cpuMicros: number | null;
}

async function round(pid: number | undefined, options: autocannon.Options, expectedStatus: number): Promise<Round> {
  const before = cpuSeconds(pid);
  const result = await autocannon({ ...options, connections: BENCH_CONNECTIONS, duration: BENCH_SECONDS, pipelining: 1 });
  const after = cpuSeconds(pid);
  const answered = result['2xx'] + result.non2xx;
  const unexpected = Object.keys(result.statusCodeStats ?? {}).filter((status) => Number(status) !== expectedStatus);
  if (unexpected.length > 0 || result.errors > 0)
    throw new Error(`${options.url} answered ${unexpected.join(', ') || `${result.errors} errors`}, not only ${expectedStatus}`);
  return {
    perSecond: answered / BENCH_SECONDS,
    cpuMicros: before === null || after === null || answered === 0 ? null : ((after - before) * 1e6) / answered,
  };
}

/** The median, or null when any round could not be measured. */
function medianOf(values: (number | null)[]): number | null {
  if (values.some((value) => value === null)) return null;
  const sorted = (values as number[]).sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export async function benchRefusals(): Promise<RefusalsResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-bench-refusals-'));
  try {
    // Every client posts from 127.0.0.1: the posting limit would answer 429 instead.
    const gazette = await startGazette({ dataDir, demo: false, env: { GAZETTE_RATE_LIMITS: 'off' } });
    try {
      const refused: autocannon.Options = {
        url: `${gazette.url}/api/v1/threads/no-such-thread/comments`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ body: '', guest: { name: 'Reader', email: 'reader@example.com' } }),
      };
      await round(gazette.child.pid, refused, 400); // warm-up
      const refusals: Round[] = [];
      const healthz: Round[] = [];
      for (let i = 0; i < BENCH_ROUNDS; i++) {
        refusals.push(await round(gazette.child.pid, refused, 400));
        healthz.push(await round(gazette.child.pid, { url: `${gazette.url}/healthz` }, 200));
      }
      return {
        refusedPerSecond: medianOf(refusals.map((r) => r.perSecond)),
        refusedCpuMicros: medianOf(refusals.map((r) => r.cpuMicros)),
        healthzCpuMicros: medianOf(healthz.map((r) => r.cpuMicros)),
      };
    } finally {
      await gazette.stop();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export function reportRefusals(r: RefusalsResult): string[] {
  const micros = (value: number | null) => (value === null ? 'n/a' : `${value.toFixed(0)} µs`);
  return [
    `refused comment POSTs (400 at the body check, no database; median of ${BENCH_ROUNDS} rounds of ${BENCH_SECONDS}s, ${BENCH_CONNECTIONS} connections)`,
    `  ${r.refusedPerSecond?.toFixed(0)} refusals/s, server CPU ${micros(r.refusedCpuMicros)} each (GET /healthz: ${micros(r.healthzCpuMicros)})`,
  ];
}
