// GAZETTE_TRUST_PROXY=on trusts one hop, counted from the right: the client address is the one our
// proxy appended to X-Forwarded-For, never a value the client wrote there itself. A spoofed
// leftmost entry must not buy a fresh rate-limit budget.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { loadConfig } from '../../src/config.ts';
import type { Clock } from '../../src/clock.ts';
import type { RateLimiter, RateRule } from '../../src/limits/limiter.ts';
import { createMemoryLimiter } from '../../src/limits/memory.ts';

const BUDGET = 3;

/** The real limiter with every budget cut to BUDGET, recording which subjects were counted. */
function recordingLimiter(clock: Clock, seen: string[]): RateLimiter {
  const inner = createMemoryLimiter(clock);
  return {
    consume: (subject: string, rule: RateRule) => {
      seen.push(subject);
      return inner.consume(subject, { ...rule, limit: Math.min(rule.limit, BUDGET) });
    },
    close: () => inner.close(),
  };
}

describe.each(testEngines())('trusted proxy hops on %s', (engine) => {
  let t: TestApp;
  const seen: string[] = [];
  let n = 0;
  beforeAll(async () => {
    t = await buildTestApp(
      engine,
      { trustProxy: loadConfig({ GAZETTE_TRUST_PROXY: 'on' }).trustProxy },
      { limiter: (clock) => recordingLimiter(clock, seen) },
    );
  });
  afterAll(async () => t?.close());

  // Each attempt names a new (unknown) address, so only the per-IP budget is shared between them.
  const login = (forwardedFor: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: '10.0.0.2', // the proxy
      headers: { 'x-forwarded-for': forwardedFor },
      payload: { email: `nobody${++n}@example.com`, password: 'not the password at all' },
    });

  it('keys on the rightmost X-Forwarded-For address and ignores what the client wrote to its left', async () => {
    for (let i = 0; i < BUDGET; i++) expect((await login(`6.6.6.${i}, 203.0.113.7`)).statusCode).toBe(401);
    // A new spoofed leftmost value is the same client: no fresh budget.
    const refused = await login('6.6.6.99, 203.0.113.7');
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('RATE_LIMITED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);

    expect(seen).toContain('203.0.113.7');
    expect(seen.some((subject) => subject.startsWith('6.6.6.'))).toBe(false);
    // Another client behind the same proxy has its own budget.
    expect((await login('203.0.113.8')).statusCode).toBe(401);
  });
});
