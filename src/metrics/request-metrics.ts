// Requests by route and status, and their latency: counted on every request, so counted cheaply.
// prom-client's Counter and Histogram check and hash their label object on every call (about a
// microsecond for the pair, a few per cent of a cached answer's whole cost); here a request is
// two Map look-ups by a string key and one bucket search, and the Prometheus samples are made
// when /metrics is scraped. Registered in the app's prom-client Registry as ordinary metrics
// (same names, types and labels as before), so the exposition is prom-client's own.
import type { Registry } from 'prom-client';

export const REQUESTS_METRIC = 'gazette_http_requests_total';
export const LATENCY_METRIC = 'gazette_http_request_duration_seconds';

/** From 1 ms to 10 s: a cached page answers in about a millisecond, a slow database query in seconds. */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Counted {
  labels: { method: string; route: string; status: string };
  count: number;
}

interface Timed {
  labels: { method: string; route: string };
  /** Per bucket, observations at or below its bound (not cumulative; summed when scraped). */
  buckets: number[];
  sum: number;
  count: number;
}

type Sample = { value: number; labels: Record<string, string | number>; metricName?: string };

export interface RequestMetrics {
  finished(method: string, route: string, status: number, seconds: number | null): void;
}

export function registerRequestMetrics(registry: Registry): RequestMetrics {
  const counted = new Map<string, Counted>();
  const timed = new Map<string, Timed>();

  registry.registerMetric({
    name: REQUESTS_METRIC,
    help: 'HTTP requests answered, by method, route pattern and status.',
    type: 'counter',
    get: async () => ({
      name: REQUESTS_METRIC,
      help: 'HTTP requests answered, by method, route pattern and status.',
      type: 'counter',
      aggregator: 'sum',
      values: [...counted.values()].map(({ labels, count }) => ({ labels, value: count })),
    }),
    reset: () => counted.clear(),
  } as unknown as Parameters<Registry['registerMetric']>[0]);

  registry.registerMetric({
    name: LATENCY_METRIC,
    help: 'Time from receiving a request to finishing its response (live streams excluded), by method and route pattern.',
    type: 'histogram',
    get: async () => ({
      name: LATENCY_METRIC,
      help: 'Time from receiving a request to finishing its response (live streams excluded), by method and route pattern.',
      type: 'histogram',
      aggregator: 'sum',
      values: [...timed.values()].flatMap(histogramSamples),
    }),
    reset: () => timed.clear(),
  } as unknown as Parameters<Registry['registerMetric']>[0]);

  return {
    finished(method, route, status, seconds) {
      const countKey = `${method} ${status} ${route}`;
      let entry = counted.get(countKey);
      if (!entry) counted.set(countKey, (entry = { labels: { method, route, status: String(status) }, count: 0 }));
      entry.count++;
      if (seconds === null) return;
      const timeKey = `${method} ${route}`;
      let times = timed.get(timeKey);
      if (!times) timed.set(timeKey, (times = { labels: { method, route }, buckets: LATENCY_BUCKETS.map(() => 0), sum: 0, count: 0 }));
      const bucket = LATENCY_BUCKETS.findIndex((bound) => seconds <= bound);
      if (bucket >= 0) times.buckets[bucket]!++;
      times.sum += seconds;
      times.count++;
    },
  };
}

/** A histogram's samples as Prometheus has them: cumulative buckets (le), +Inf, sum and count. */
function histogramSamples({ labels, buckets, sum, count }: Timed): Sample[] {
  let cumulative = 0;
  const samples: Sample[] = LATENCY_BUCKETS.map((bound, i) => {
    cumulative += buckets[i]!;
    return { metricName: `${LATENCY_METRIC}_bucket`, labels: { ...labels, le: bound }, value: cumulative };
  });
  samples.push({ metricName: `${LATENCY_METRIC}_bucket`, labels: { ...labels, le: '+Inf' }, value: count });
  samples.push({ metricName: `${LATENCY_METRIC}_sum`, labels, value: sum });
  samples.push({ metricName: `${LATENCY_METRIC}_count`, labels, value: count });
  return samples;
}
