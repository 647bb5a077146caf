// /readyz (issue 16): ready when the database and, with REDIS_URL, Redis answer; a 503 that names
// which one failed, without error text. /healthz keeps its contract (database only).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { freePort } from '../helpers/servers.ts';

const REDIS_URL = process.env.GAZETTE_TEST_REDIS_URL || 'redis://127.0.0.1:6379';
const redisAvailable = inject('redisAvailable');

describe.each(testEngines())('/readyz on %s', (engine) => {
  describe('without Redis configured', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(engine);
    });
    afterAll(async () => t?.close());

    it('is ready when the database answers', async () => {
      const response = await t.app.inject('/readyz');
      expect(response.statusCode).toBe(200);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.json()).toEqual({ status: 'ok', failed: [], checks: { database: 'ok', redis: 'not configured' } });
    });
  });

  describe.skipIf(!redisAvailable)('with a reachable Redis', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(engine, { redisUrl: REDIS_URL });
    });
    afterAll(async () => t?.close());

    it('is ready when both answer', async () => {
      const response = await t.app.inject('/readyz');
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ status: 'ok', failed: [], checks: { database: 'ok', redis: 'ok' } });
    });
  });

  describe('with Redis unreachable (a closed port)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(engine, { redisUrl: `redis://127.0.0.1:${await freePort()}` });
    });
    afterAll(async () => t?.close());

    it('answers 503 naming Redis, while /healthz (database only) stays 200', async () => {
      const response = await t.app.inject('/readyz');
      expect(response.statusCode).toBe(503);
      expect(response.json()).toEqual({ status: 'unavailable', failed: ['redis'], checks: { database: 'ok', redis: 'unreachable' } });
      expect(response.body).not.toMatch(/ECONNREFUSED|stack/i);
      expect((await t.app.inject('/healthz')).statusCode).toBe(200);
    });
  });
});

describe('/readyz when the database is gone', () => {
  it('answers 503 naming the database', async () => {
    const t = await buildTestApp('sqlite');
    await t.storage.close();
    const response = await t.app.inject('/readyz');
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ status: 'unavailable', failed: ['database'], checks: { database: 'unreachable' } });
    expect(response.body).not.toMatch(/sqlite|stack/i);
    await t.app.close();
  });
});
