// GET /metrics (issue 16): Prometheus text that a strict parser accepts, counters that move by
// exactly what the test did, and who may read it (a Bearer token, or only this machine).
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makePost, makeStaffWithToken } from '../helpers/factories.ts';
import { testEngines } from '../helpers/engines.ts';
import { parsePrometheus, type Scrape } from '../helpers/prometheus.ts';
import { insertOutboxMessage } from '../../src/storage/repos/outbox.ts';

async function scrape(t: TestApp): Promise<Scrape> {
  const response = await t.app.inject('/metrics');
  expect(response.statusCode).toBe(200);
  return parsePrometheus(response.body);
}

describe.each(testEngines())('/metrics on %s', (engine) => {
  let t: TestApp;
  let slug: string;
  let threadId: string;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    const { user } = await makeStaffWithToken(t.ctx, 'editor');
    slug = (await makePost(t.ctx, user, { publishedAt: '2026-01-10T08:00:00Z' })).slug;
    threadId = (await t.app.inject(`/api/v1/posts/${slug}`)).json().threadId;
  });
  afterAll(async () => t?.close());

  it('answers Prometheus text with every family the operations guide lists', async () => {
    const response = await t.app.inject('/metrics');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.headers['cache-control']).toBe('no-store');
    const { types } = parsePrometheus(response.body);
    expect(Object.fromEntries(types)).toMatchObject({
      gazette_http_requests_total: 'counter',
      gazette_http_request_duration_seconds: 'histogram',
      gazette_live_streams_open: 'gauge',
      gazette_events_total: 'counter',
      gazette_stream_event_loads_total: 'counter',
      gazette_live_streams_dropped_total: 'counter',
      gazette_page_cache_lookups_total: 'counter',
      gazette_outbox_unsent: 'gauge',
      gazette_notifications_awaiting_mail: 'gauge',
      gazette_db_pool_connections: 'gauge',
      gazette_db_pool_connections_in_use: 'gauge',
      gazette_db_pool_waiting: 'gauge',
      gazette_comment_posts_total: 'counter',
      gazette_comment_screenings_total: 'counter',
      gazette_overload_refusals_total: 'counter',
      gazette_event_loop_delay_seconds: 'gauge',
      process_resident_memory_bytes: 'gauge',
      process_cpu_seconds_total: 'counter',
      nodejs_heap_size_used_bytes: 'gauge',
    });
  });

  it('counts requests by route pattern and status, exactly as many as were made', async () => {
    const before = await scrape(t);
    const labels = { method: 'GET', route: '/articles/:slug', status: '200' };
    for (let i = 0; i < 3; i++) expect((await t.app.inject(`/articles/${slug}`)).statusCode).toBe(200);
    expect((await t.app.inject('/articles/no-such-article')).statusCode).toBe(404);
    expect((await t.app.inject('/no/route/here')).statusCode).toBe(404);
    const after = await scrape(t);
    expect(after.value('gazette_http_requests_total', labels) - before.value('gazette_http_requests_total', labels)).toBe(3);
    const missing = { ...labels, status: '404' };
    expect(after.value('gazette_http_requests_total', missing) - before.value('gazette_http_requests_total', missing)).toBe(1);
    const unmatched = { method: 'GET', route: 'unmatched', status: '404' };
    expect(after.value('gazette_http_requests_total', unmatched) - before.value('gazette_http_requests_total', unmatched)).toBe(1);
    // The latency histogram saw the same four article requests (200s and the 404).
    const route = { method: 'GET', route: '/articles/:slug' };
    expect(
      after.value('gazette_http_request_duration_seconds_count', route) -
        before.value('gazette_http_request_duration_seconds_count', route),
    ).toBe(4);
    // Patterns, never URLs: no series names the article.
    expect(after.series.filter((series) => series.includes(slug))).toEqual([]);
    expect(after.series.filter((series) => series.includes('no-such-article'))).toEqual([]);
  });

  it('counts a page cache miss on the first render of a page and a hit on the next request', async () => {
    const { user } = await makeStaffWithToken(t.ctx, 'editor');
    const fresh = await makePost(t.ctx, user, { publishedAt: '2026-01-11T08:00:00Z' });
    const lookups = async () => {
      const now = await scrape(t);
      return {
        hit: now.value('gazette_page_cache_lookups_total', { result: 'hit' }),
        miss: now.value('gazette_page_cache_lookups_total', { result: 'miss' }),
      };
    };
    const start = await lookups();
    await t.app.inject(`/articles/${fresh.slug}`);
    const first = await lookups();
    expect(first).toEqual({ hit: start.hit, miss: start.miss + 1 });
    await t.app.inject(`/articles/${fresh.slug}`);
    expect(await lookups()).toEqual({ hit: first.hit + 1, miss: first.miss });
  });

  it('counts a posted comment, its screening verdict and its event', async () => {
    const before = await scrape(t);
    const posted = await t.app.inject({
      method: 'POST',
      url: `/api/v1/threads/${threadId}/comments`,
      payload: { body: 'Counted once, published at once.', guest: { name: 'Metric Reader', email: 'metric@example.com' } },
    });
    expect(posted.statusCode).toBe(201);
    const after = await scrape(t);
    const moved = (name: string, labels: Record<string, string>) => after.value(name, labels) - before.value(name, labels);
    expect(moved('gazette_comment_posts_total', { status: 'published' })).toBe(1);
    expect(moved('gazette_comment_screenings_total', { mode: 'post', verdict: 'published' })).toBe(1);
    expect(moved('gazette_events_total', { type: 'comment.created' })).toBe(1);
  });

  it('reads queue sizes and pool use from the database when scraped', async () => {
    const before = await scrape(t);
    await insertOutboxMessage(t.storage.db, {
      id: `metrics-${engine}`,
      to_address: 'someone@example.com',
      subject: 'Waiting',
      text_body: 'text',
      html_body: '<p>html</p>',
      headers: '{}',
      created_at: '2026-01-15T12:00:00.000Z',
      sent_at: null,
      attempts: 0,
      claimed_until: null,
      last_error: null,
    });
    const after = await scrape(t);
    expect(after.value('gazette_outbox_unsent') - before.value('gazette_outbox_unsent')).toBe(1);
    expect(after.value('gazette_notifications_awaiting_mail')).toBeGreaterThanOrEqual(0);
    expect(after.value('gazette_db_pool_connections')).toBeGreaterThanOrEqual(1);
    expect(after.value('gazette_live_streams_open')).toBe(0);
    expect(after.value('process_resident_memory_bytes')).toBeGreaterThan(1024 * 1024);
  });

  it('shows an open live stream in the gauge until it closes', async () => {
    const gauge = async () => (await scrape(t)).value('gazette_live_streams_open');
    expect(await gauge()).toBe(0);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as { port: number };
    const request = http.get(`http://127.0.0.1:${port}/api/v1/threads/${threadId}/events`);
    const response = await new Promise<http.IncomingMessage>((resolve, reject) => request.on('response', resolve).on('error', reject));
    expect(response.headers['content-type']).toContain('text/event-stream');
    expect(response.headers['x-request-id']).toEqual(expect.any(String));
    await vi.waitFor(async () => expect(await gauge()).toBe(1));
    request.destroy();
    await vi.waitFor(async () => expect(await gauge()).toBe(0));
  });

  it('counts a live stream that the server ended, but leaves it out of the latency histogram', async () => {
    const own = await buildTestApp(engine);
    try {
      const { user } = await makeStaffWithToken(own.ctx, 'editor');
      const post = await makePost(own.ctx, user, { publishedAt: '2026-01-10T08:00:00Z' });
      const thread = (await own.app.inject(`/api/v1/posts/${post.slug}`)).json().threadId;
      await own.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = own.app.server.address() as { port: number };
      const request = http.get(`http://127.0.0.1:${port}/api/v1/threads/${thread}/events`);
      const response = await new Promise<http.IncomingMessage>((resolve, reject) => request.on('response', resolve).on('error', reject));
      response.resume();
      const ended = new Promise((resolve) => response.on('end', resolve));
      own.streams.close(); // what a graceful stop does first
      await ended;
      const route = { method: 'GET', route: '/api/v1/threads/:threadId/events' };
      await vi.waitFor(async () => expect((await scrape(own)).value('gazette_http_requests_total', { ...route, status: '200' })).toBe(1));
      expect((await scrape(own)).value('gazette_http_request_duration_seconds_count', route)).toBe(0);
    } finally {
      await own.close();
    }
  });

  it('answers only this machine, directly, when no token is set', async () => {
    expect((await t.app.inject({ url: '/metrics', remoteAddress: '127.0.0.1' })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/metrics', remoteAddress: '::1' })).statusCode).toBe(200);
    const remote = await t.app.inject({ url: '/metrics', remoteAddress: '203.0.113.9' });
    expect(remote.statusCode).toBe(403);
    expect(remote.json().error.code).toBe('METRICS_LOCAL_ONLY');
    // A proxy on this machine would make every visitor look local: its forwarding header gives it away.
    const proxied = await t.app.inject({ url: '/metrics', remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(proxied.statusCode).toBe(403);
    expect(proxied.body).not.toContain('gazette_');
  });
});

describe('/metrics with GAZETTE_METRICS_TOKEN', () => {
  let t: TestApp;
  const token = 'a-metrics-token-of-some-length';
  beforeAll(async () => {
    t = await buildTestApp('sqlite', { metricsToken: token });
  });
  afterAll(async () => t?.close());

  it('needs the token as a Bearer credential, from anywhere', async () => {
    const none = await t.app.inject({ url: '/metrics' });
    expect(none.statusCode).toBe(401);
    expect(none.json().error).toMatchObject({ code: 'METRICS_TOKEN_REQUIRED', field: 'authorization' });
    const wrong = await t.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${token}x` } });
    expect(wrong.statusCode).toBe(401);
    const bare = await t.app.inject({ url: '/metrics', headers: { authorization: token } });
    expect(bare.statusCode).toBe(401);
    const right = await t.app.inject({ url: '/metrics', remoteAddress: '203.0.113.9', headers: { authorization: `Bearer ${token}` } });
    expect(right.statusCode).toBe(200);
    expect(parsePrometheus(right.body).types.get('gazette_http_requests_total')).toBe('counter');
  });
});
