// The hand-kept request metrics must read in Prometheus exactly as prom-client's own would:
// cumulative buckets with +Inf, sum and count per label set, and streams counted but not timed.
import { describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import { registerRequestMetrics } from './request-metrics.ts';

describe('request metrics', () => {
  it('counts by method, route and status, and times into cumulative buckets', async () => {
    const registry = new Registry();
    const metrics = registerRequestMetrics(registry);
    metrics.finished('GET', '/a', 200, 0.0005);
    metrics.finished('GET', '/a', 200, 0.003);
    metrics.finished('GET', '/a', 404, 20);
    metrics.finished('GET', '/events', 200, null);
    const text = await registry.metrics();
    const line = (start: string) =>
      text
        .split('\n')
        .find((l) => l.startsWith(start))
        ?.split(' ')
        .at(-1);
    expect(line('gazette_http_requests_total{method="GET",route="/a",status="200"}')).toBe('2');
    expect(line('gazette_http_requests_total{method="GET",route="/a",status="404"}')).toBe('1');
    expect(line('gazette_http_requests_total{method="GET",route="/events",status="200"}')).toBe('1');
    const bucket = (le: string) => line(`gazette_http_request_duration_seconds_bucket{method="GET",route="/a",le="${le}"}`);
    expect([bucket('0.001'), bucket('0.0025'), bucket('0.005'), bucket('10'), bucket('+Inf')]).toEqual(['1', '1', '2', '2', '3']);
    expect(Number(line('gazette_http_request_duration_seconds_sum{method="GET",route="/a"}'))).toBeCloseTo(20.0035, 6);
    expect(line('gazette_http_request_duration_seconds_count{method="GET",route="/a"}')).toBe('3');
    // A live stream is counted, never timed.
    expect(text).not.toContain('route="/events",le=');
  });
});
