// Cached counts are answered before Fastify (src/http/fast-lane.ts) with exactly the answer the
// full path gives: the same bytes, status and headers (but the request id), 304 included, and
// counted in /metrics the same way. Over a real socket: inject() never reaches the server factory.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerSite, requireSite } from '../../src/domain/sites/sites.ts';
import { resolveEmbedThread } from '../../src/domain/sites/embed-thread.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { seedComment } from '../helpers/held-comments.ts';

const ORIGIN = 'https://lane.example';

describe.each(testEngines())('counts fast lane (%s)', (engine) => {
  let t: TestApp;
  let base = '';
  beforeAll(async () => {
    t = await buildTestApp(engine);
    const site = await registerSite(t.ctx, { name: 'lane', origins: [ORIGIN] });
    for (let i = 0; i < 60; i++) {
      const thread = await resolveEmbedThread(t.ctx, site, ORIGIN, { pageId: `page-${i}`, url: null, title: `Page ${i}` });
      if (i % 3 === 0) await seedComment(t.ctx, { threadId: thread!.threadId, status: 'published' });
    }
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => t?.close());

  // 60 pages: an answer over 1 KB, so compressed copies are made and negotiated too.
  const url = () => `${base}/api/v1/sites/lane/counts?${Array.from({ length: 60 }, (_, i) => `page=page-${i}`).join('&')}`;
  const headersOf = (response: Response) => {
    const headers = Object.fromEntries(response.headers);
    delete headers['x-request-id'];
    delete headers.date;
    delete headers['keep-alive'];
    delete headers.connection;
    return headers;
  };

  it('answers a cached question itself, with the full path’s bytes and headers', async () => {
    for (const encoding of ['identity', 'gzip', 'br']) {
      const ask = () => fetch(url(), { headers: { 'accept-encoding': encoding } });
      // Forget the answer, so the first request of each coding takes the full path.
      t.ctx.events.publish({ type: 'content.changed' });
      const before = t.fastLane.answered;
      const full = await ask();
      const fullBody = Buffer.from(await full.arrayBuffer());
      const fast = await ask();
      const fastBody = Buffer.from(await fast.arrayBuffer());
      expect([encoding, t.fastLane.answered - before]).toEqual([encoding, 1]);
      expect(fast.status).toBe(200);
      expect(headersOf(fast)).toEqual(headersOf(full));
      expect(fastBody.equals(fullBody)).toBe(true);
      expect(fast.headers.get('x-request-id')).toMatch(/^[\w-]{8,}$/);
      expect(fast.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(fast.headers.get('x-content-type-options')).toBe('nosniff');
      const again = await fetch(url(), { headers: { 'accept-encoding': encoding, 'if-none-match': fast.headers.get('etag')! } });
      expect(again.status).toBe(304);
    }
  });

  it('counts what it answers in /metrics under the route, and steps aside once a comment changes counts', async () => {
    const routeCount = async () => {
      const text = await (await t.app.inject({ url: '/metrics', remoteAddress: '127.0.0.1' })).body;
      const line = text
        .split('\n')
        .find(
          (l) =>
            l.startsWith('gazette_http_requests_total{') && l.includes('route="/api/v1/sites/:site/counts"') && l.includes('status="200"'),
        );
      return Number(line?.split(' ').pop() ?? 0);
    };
    const before = await routeCount();
    await fetch(url());
    await fetch(url());
    expect(await routeCount()).toBe(before + 2);

    const thread = await resolveEmbedThread(t.ctx, await requireSite(t.ctx, 'lane'), ORIGIN, {
      pageId: 'page-1',
      url: null,
      title: 'Page 1',
    });
    await seedComment(t.ctx, { threadId: thread!.threadId, status: 'published' });
    // seedComment writes the row directly; posting would announce it like this.
    t.ctx.events.publish({ type: 'comment.created', threadId: thread!.threadId, postId: null, commentId: 'x' });
    const lane = t.fastLane.answered;
    const body = (await (await fetch(url(), { headers: { 'accept-encoding': 'identity' } })).json()) as {
      pages: Record<string, { count: number }>;
    };
    expect(t.fastLane.answered).toBe(lane);
    expect(body.pages['page-1']!.count).toBe(1);
  });
});
