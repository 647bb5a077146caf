// Back-pressure (issue 16): over a load limit the server answers 503 with Retry-After at once
// instead of queueing, while health, readiness and metrics keep answering. The limit is made
// impossible to meet (resident memory above 1 MiB), so the outcome does not depend on timing:
// the test waits until the first load sample (once a second after a short warm-up) has been taken.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { parsePrometheus } from '../helpers/prometheus.ts';

describe.each(testEngines())('back-pressure on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(engine, { overload: { maxEventLoopDelayMs: 0, maxHeapUsedMb: 0, maxRssMb: 1, retryAfterSeconds: 7 } });
  });
  afterAll(async () => t?.close());

  it('refuses work with 503 and Retry-After once over a limit, and still answers health, readiness and metrics', async () => {
    await vi.waitFor(async () => expect((await t.app.inject('/api/v1/posts')).statusCode).toBe(503), { timeout: 15_000, interval: 100 });

    const api = await t.app.inject('/api/v1/posts');
    expect(api.statusCode).toBe(503);
    expect(api.headers['retry-after']).toBe('7');
    expect(api.headers['x-request-id']).toEqual(expect.any(String));
    expect(api.json().error.code).toBe('OVERLOADED');
    const page = await t.app.inject('/');
    expect(page.statusCode).toBe(503);
    expect(page.headers['retry-after']).toBe('7');
    expect(page.headers['content-type']).toContain('text/html');
    // Refused after the security headers are set: the error page has its CSP like any other.
    expect(page.headers['content-security-policy']).toEqual(expect.any(String));

    expect((await t.app.inject('/healthz')).statusCode).toBe(200);
    expect((await t.app.inject('/readyz')).statusCode).toBe(200);
    const metrics = await t.app.inject('/metrics');
    expect(metrics.statusCode).toBe(200);
    expect(parsePrometheus(metrics.body).value('gazette_overload_refusals_total', { reason: 'rssBytes' })).toBeGreaterThanOrEqual(3);
  });
});

describe('back-pressure limits within reach', () => {
  it('serves normally while under the limits', async () => {
    // The defaults a server starts with (1 s event-loop delay, 90% of the heap limit), not the test harness's "off".
    const t = await buildTestApp('sqlite', {
      overload: { maxEventLoopDelayMs: 1000, maxHeapUsedMb: null, maxRssMb: 0, retryAfterSeconds: 5 },
    });
    try {
      const response = await t.app.inject('/api/v1/posts');
      expect(response.statusCode).toBe(200);
      expect(response.headers['retry-after']).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});
