import autocannon from 'autocannon';

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** The statuses answered (as autocannon names them: "200", "400", …). */
  statuses: string[];
}

/** What each request sends; a GET with no headers unless told. */
export interface LoadRequest {
  headers?: Record<string, string>;
  method?: 'GET' | 'POST';
  body?: string;
}

export const BENCH_SECONDS = Number(process.env.BENCH_SECONDS || 5);
export const BENCH_ROUNDS = Number(process.env.BENCH_ROUNDS || 5);
export const BENCH_CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 50);

export async function load(url: string, seconds = BENCH_SECONDS, request: LoadRequest = {}): Promise<LoadResult> {
  const result = await autocannon({ url, connections: BENCH_CONNECTIONS, duration: seconds, pipelining: 1, ...request });
  // A fast error page is not a fast page: any failure is reported, and shows in the row.
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    statuses: Object.keys(result.statusCodeStats ?? {}),
  };
}

export function formatRow(name: string, r: LoadResult): string {
  return `${name.padEnd(28)} ${r.requestsPerSecond.toFixed(0).padStart(8)} req/s   p50 ${String(r.p50).padStart(4)} ms   p99 ${String(r.p99).padStart(4)} ms   errors ${r.errors + r.non2xx}`;
}

/** The round with the median request rate (its latencies come along with it). */
export function median(rounds: LoadResult[]): LoadResult {
  const sorted = [...rounds].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** The value below which p% of the (ascending) samples fall; for latencies we time ourselves. */
export function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]! : 0;
}

/** A CPU time per request for a report: whole microseconds, or n/a where it could not be measured. */
export const formatMicros = (value: number | null): string => (value === null ? 'n/a' : `${value.toFixed(0)} µs`);
