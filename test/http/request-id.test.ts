// Request ids and access logs (issue 16): every answer carries X-Request-ID (a proxy's own when it
// is short and safe, else a new one), and the one JSON access line of each request carries it too.
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { openTestStorage, testEngines, type TestStorage } from '../helpers/engines.ts';
import { buildApp, type GazetteApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { fixedClock } from '../../src/clock.ts';
import { createInProcessBus } from '../../src/events/bus.ts';
import { createLocalMediaFiles } from '../../src/domain/media/files.ts';
import { createUnlimitedLimiter } from '../../src/limits/memory.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe.each(testEngines())('X-Request-ID on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(engine);
  });
  afterAll(async () => t?.close());

  it('gives every answer an id of its own, errors included', async () => {
    const ok = await t.app.inject('/api/v1/posts');
    const again = await t.app.inject('/api/v1/posts');
    const missing = await t.app.inject('/api/v1/nothing');
    const invalid = await t.app.inject('/?page=abc');
    const page404 = await t.app.inject('/no-such-page');
    expect([ok.statusCode, missing.statusCode, invalid.statusCode, page404.statusCode]).toEqual([200, 404, 400, 404]);
    const ids = [ok, again, missing, invalid, page404].map((response) => response.headers['x-request-id']);
    for (const id of ids) expect(id).toMatch(UUID);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("keeps a proxy's id when it is short and safe", async () => {
    for (const id of ['abc-123', 'req_7.Z', 'x'.repeat(64)]) {
      expect((await t.app.inject({ url: '/healthz', headers: { 'x-request-id': id } })).headers['x-request-id']).toBe(id);
    }
  });

  it('replaces an id that is too long or could break a log line', async () => {
    for (const id of ['x'.repeat(65), 'has space', 'quote"d', 'semi;colon', 'new\\nline', '']) {
      const response = await t.app.inject({ url: '/api/v1/nothing', headers: { 'x-request-id': id } });
      expect(response.headers['x-request-id'], JSON.stringify(id)).toMatch(UUID);
    }
  });
});

describe('access log', () => {
  const lines: Record<string, unknown>[] = [];
  let built: GazetteApp;
  let storage: TestStorage;
  const dataDir = path.join(os.tmpdir(), `gazette-access-log-${process.pid}`);
  beforeAll(async () => {
    storage = await openTestStorage('sqlite');
    const stream = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    const clock = fixedClock('2026-01-15T12:00:00.000Z');
    built = await buildApp({
      config: { ...loadConfig({ GAZETTE_DATA_DIR: dataDir, GAZETTE_MAX_EVENT_LOOP_DELAY_MS: '0', GAZETTE_MAX_HEAP_MB: '0' }) },
      storage,
      clock,
      events: createInProcessBus(),
      mediaFiles: createLocalMediaFiles(path.join(dataDir, 'media')),
      limiter: createUnlimitedLimiter(),
      logger: { level: 'info', stream },
    });
    await built.app.ready();
  });
  afterAll(async () => {
    await built?.app.close();
    await storage?.dispose();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes one JSON line per request with its id, route and status, and no query string', async () => {
    lines.length = 0;
    const response = await built.app.inject({ url: '/api/v1/search?q=secret-value', headers: { 'x-request-id': 'trace-42' } });
    expect(response.statusCode).toBe(200);
    const mine = lines.filter((line) => line.requestId === 'trace-42');
    expect(mine).toEqual([
      expect.objectContaining({ level: 30, msg: 'request', method: 'GET', path: '/api/v1/search', route: '/api/v1/search', status: 200 }),
    ]);
    expect(mine[0]!.ms).toEqual(expect.any(Number));
    expect(JSON.stringify(lines)).not.toContain('secret-value');
  });

  it('logs the route, not the path, of a secret link', async () => {
    lines.length = 0;
    await built.app.inject({ url: '/preview/a-secret-preview-token', headers: { 'x-request-id': 'trace-43' } });
    const line = lines.find((entry) => entry.requestId === 'trace-43');
    expect(line).toMatchObject({ path: '/preview/:token', route: '/preview/:token' });
    expect(JSON.stringify(lines)).not.toContain('a-secret-preview-token');
  });
});
