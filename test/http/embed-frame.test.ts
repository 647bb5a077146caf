// The embed's frame document and loader over HTTP: who may have a frame (the site's origins, a
// matching Referer), what it may be framed by (frame-ancestors = the site's origins), what
// every query parameter may be, and that a refused request creates nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { RATE_RULES } from '../../src/limits/rules.ts';
import { findSite, registerSite } from '../../src/domain/sites/sites.ts';
import { resolveEmbedThread } from '../../src/domain/sites/embed-thread.ts';
import { seedComment } from '../helpers/held-comments.ts';
import { embedLoaderBundle } from '../../src/http/web/embed-bundle.ts';

const BLOG = 'https://blog.example';
const frameUrl = (params: Record<string, string>) => `/embed/thread?${new URLSearchParams(params)}`;

function directives(header: unknown): Map<string, string> {
  return new Map(
    String(header ?? '')
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name = '', ...values]) => [name, values.join(' ')]),
  );
}

describe.each(testEngines())('embed frame (%s)', (engine) => {
  let t: TestApp;
  const threads = async () =>
    Number(
      (
        await t.ctx.db
          .selectFrom('threads')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    t = await buildTestApp(engine);
    await registerSite(t.ctx, { name: 'blog', origins: [BLOG, 'https://www.blog.example'], theme: { accent: '#1a5fb4', radius: '6px' } });
  });
  afterAll(async () => t?.close());

  it('limits how many new threads one address makes; pages that have one still load', async () => {
    const load = (page: string) =>
      t.app.inject({ url: frameUrl({ site: 'blog', origin: BLOG, page, title: 'Claimed early' }), remoteAddress: '198.51.100.77' });
    for (let i = 0; i < RATE_RULES.embedThreadPerIp.limit; i++) expect((await load(`future-${i}`)).statusCode).toBe(200);
    const before = await threads();
    const refused = await load('future-one-too-many');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    expect(await threads()).toBe(before);
    expect((await load('future-0')).statusCode).toBe(200);
  });

  it('serves the thread to an allowed origin, framable only by the site’s origins', async () => {
    const before = await threads();
    const response = await t.app.inject({
      url: frameUrl({ site: 'blog', page: 'hello', url: `${BLOG}/hello`, title: 'Hello', origin: BLOG, theme: 'dark' }),
      headers: { referer: `${BLOG}/` },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['x-frame-options']).toBeUndefined();
    const csp = directives(response.headers['content-security-policy']);
    expect(csp.get('frame-ancestors')).toBe(`${BLOG} https://www.blog.example`);
    expect(csp.get('script-src')).toBe("'self'");
    expect(csp.get('style-src')).toBe("'self'");
    const body = response.body;
    expect(body).toContain('class="discussion"');
    expect(body).toMatch(/data-thread-id="[^"]+"/);
    expect(body).toContain(`data-host-origin="${BLOG}"`);
    expect(body).toContain('data-theme="dark"');
    expect(body).toMatch(/\/assets\/comments\.js\?v=/);
    expect(body).toMatch(/\/assets\/embed-frame\.js\?v=/);
    expect(body).not.toMatch(/<script>|style="/);
    expect(await threads()).toBe(before + 1);

    // The same page again: the same thread, nothing more created.
    const again = await t.app.inject(frameUrl({ site: 'blog', page: 'hello', origin: BLOG }));
    expect(again.statusCode).toBe(200);
    expect(again.body.match(/data-thread-id="([^"]+)"/)![1]).toBe(body.match(/data-thread-id="([^"]+)"/)![1]);
    expect(await threads()).toBe(before + 1);

    // The frame's no-JS links lead to the page the thread belongs to.
    const id = body.match(/data-thread-id="([^"]+)"/)![1]!;
    const fallback = await t.app.inject(`/embed/threads/${id}?sort=newest`);
    expect(fallback.statusCode).toBe(302);
    expect(fallback.headers.location).toBe(`${BLOG}/hello`);
  });

  it('opens on the page of the comment a host link names (#comment-ID), beyond the first page too', async () => {
    const open = (params: Record<string, string>) =>
      t.app.inject({
        url: frameUrl({ site: 'blog', page: 'long', origin: BLOG, title: 'Long', ...params }),
        headers: { referer: `${BLOG}/` },
      });
    expect((await open({})).statusCode).toBe(200);
    const { threadId } = (await resolveEmbedThread(t.ctx, (await findSite(t.ctx, 'blog'))!, BLOG, {
      pageId: 'long',
      url: null,
      title: 'Long',
    }))!;
    const ids: string[] = [];
    for (let i = 0; i < 60; i++) {
      t.clock.advance(60_000);
      ids.push((await seedComment(t.ctx, { threadId, status: 'published', body: `Comment number ${i} of a long thread.` })).id);
    }
    const first = ids[0]!;
    // "Best" opens on other comments; the link opens the frame where the first one is.
    expect((await open({})).body).not.toContain(`id="comment-${first}"`);
    const linked = await open({ comment: first });
    expect(linked.statusCode).toBe(200);
    expect(linked.body).toContain(`id="comment-${first}"`);
    // A comment of another thread, or none, leaves the frame on its first page.
    expect((await open({ comment: 'nosuchcomment1' })).body).not.toContain(`id="comment-${first}"`);
  });

  it('refuses an unregistered site or origin, or a Referer from elsewhere, with a 403 that cannot be framed, creating nothing', async () => {
    const before = await threads();
    const cases = [
      { url: frameUrl({ site: 'nosuch', page: 'p1', origin: BLOG }) },
      { url: frameUrl({ site: 'blog', page: 'p2', url: 'https://evil.example/p2', origin: 'https://evil.example' }) },
      { url: frameUrl({ site: 'blog', page: 'p3', origin: BLOG }), headers: { referer: 'https://evil.example/page' } },
      // An allowed origin asking for a page on another host.
      { url: frameUrl({ site: 'blog', url: 'https://evil.example/p4', origin: BLOG }) },
    ];
    for (const request of cases) {
      const response = await t.app.inject(request);
      expect(response.statusCode, request.url).toBe(403);
      expect(directives(response.headers['content-security-policy']).get('frame-ancestors')).toBe("'none'");
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.body).not.toContain('data-thread-id');
    }
    expect(await threads()).toBe(before);
  });

  it('validates every parameter, naming it', async () => {
    const base = { site: 'blog', page: 'v', origin: BLOG };
    const bad: [Record<string, string>, string][] = [
      [{ ...base, site: 'Not A Site' }, 'site'],
      [{ ...base, page: 'x'.repeat(201) }, 'page'],
      [{ ...base, url: 'javascript:alert(1)' }, 'url'],
      [{ ...base, url: `${BLOG}/${'x'.repeat(2001)}` }, 'url'],
      [{ ...base, title: 't'.repeat(301) }, 'title'],
      // Any language tag is read (one we do not ship falls back, embed-lang.test.ts); only a huge value is refused.
      [{ ...base, lang: 'x'.repeat(201) }, 'lang'],
      [{ ...base, theme: 'pink' }, 'theme'],
      [{ ...base, origin: 'https://blog.example/path' }, 'origin'],
      [{ ...base, comment: 'no spaces allowed' }, 'comment'],
      [{ ...base, sort: 'random' }, 'sort'],
      [{ ...base, extra: '1' }, 'extra'],
      [{ site: 'blog', origin: BLOG }, 'page'],
      [{ site: 'blog', page: 'v' }, 'origin'],
    ];
    for (const [params, field] of bad) {
      // A page route answers with an HTML error page that names the parameter.
      const response = await t.app.inject(frameUrl(params));
      expect(response.statusCode, JSON.stringify(params)).toBe(400);
      const message = /<section class="error-page"[\s\S]*?<p>([\s\S]*?)<\/p>/.exec(response.body)?.[1] ?? '';
      expect(message, JSON.stringify(params)).toContain(field);
      expect(response.body).not.toContain('data-thread-id');
    }
  });

  it('serves the loader small, cacheable and revalidated by ETag', async () => {
    const response = await t.app.inject({ url: '/embed.js', headers: { 'accept-encoding': 'gzip' } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(response.headers['cache-control']).toMatch(/^public, max-age=86400/);
    expect(gunzipSync(response.rawPayload).equals(embedLoaderBundle())).toBe(true);
    const etag = String(response.headers.etag);
    const revalidated = await t.app.inject({ url: '/embed.js', headers: { 'accept-encoding': 'gzip', 'if-none-match': etag } });
    expect(revalidated.statusCode).toBe(304);
  });

  it('serves the site’s theme as a stylesheet, linked from the frame', async () => {
    const frame = await t.app.inject(frameUrl({ site: 'blog', page: 'hello', origin: BLOG }));
    const href = /href="(\/embed\/theme\/blog\.css\?v=[0-9a-f]+)"/.exec(frame.body)?.[1];
    expect(href).toBeDefined();
    const css = await t.app.inject(href!);
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.body).toContain('--accent: #1a5fb4;');
    expect(css.body).toContain('--radius: 6px;');
    expect((await t.app.inject('/embed/theme/nosuch.css')).statusCode).toBe(404);
  });
});
