// GET /api/v1/sites/:site/counts: published comments of a site's pages by page id and by URL,
// labelled in the site's language, public (CORS *) and cacheable (30 s, ETag, 304).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { makeUser } from '../helpers/factories.ts';
import { seedComment } from '../helpers/held-comments.ts';
import { registerSite } from '../../src/domain/sites/sites.ts';
import { resolveEmbedThread } from '../../src/domain/sites/embed-thread.ts';
import { moderateComment } from '../../src/domain/moderation/actions.ts';
import { insertThread } from '../../src/storage/repos/threads.ts';
import type { Site } from '../../src/domain/sites/types.ts';

const ORIGIN = 'https://blog.example';

interface CountsBody {
  pages: Record<string, { count: number; label: string }>;
  urls: Record<string, { count: number; label: string }>;
}

describe.each(testEngines())('site comment counts (%s)', (engine) => {
  let t: TestApp;
  let site: Site;

  async function pageThread(page: { pageId?: string; url?: string }, published: number, others: ('pending' | 'spam')[] = []) {
    const thread = await resolveEmbedThread(t.ctx, site, ORIGIN, { pageId: page.pageId ?? null, url: page.url ?? null, title: 'A page' });
    if (!thread) throw new Error('no thread made');
    for (let i = 0; i < published; i++) await seedComment(t.ctx, { threadId: thread.threadId, status: 'published' });
    for (const status of others) await seedComment(t.ctx, { threadId: thread.threadId, status });
    return thread.threadId;
  }

  const get = (query: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url: `/api/v1/sites/blog/counts?${query}`, headers });

  beforeAll(async () => {
    t = await buildTestApp(engine);
    site = await registerSite(t.ctx, { name: 'blog', title: 'A blog', origins: [ORIGIN] });
    await pageThread({ pageId: 'first-post' }, 3, ['pending', 'spam']);
    await pageThread({ pageId: 'lonely' }, 1);
    await pageThread({ url: `${ORIGIN}/2024/hello` }, 2, ['pending']);
    // A page of another site with the same id must not leak into this one's counts.
    const other = await registerSite(t.ctx, { name: 'elsewhere', origins: ['https://elsewhere.example'] });
    const foreign = await resolveEmbedThread(t.ctx, other, 'https://elsewhere.example', { pageId: 'quiet', url: null, title: 'Q' });
    for (let i = 0; i < 4; i++) await seedComment(t.ctx, { threadId: foreign!.threadId, status: 'published' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('counts published comments by page id and labels them; unknown pages count 0', async () => {
    const response = await get('page=first-post&page=lonely&page=quiet&page=never-seen');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.json<CountsBody>()).toEqual({
      pages: {
        'first-post': { count: 3, label: '3 comments' },
        lonely: { count: 1, label: '1 comment' },
        quiet: { count: 0, label: '0 comments' },
        'never-seen': { count: 0, label: '0 comments' },
      },
      urls: {},
    });
  });

  it('finds a page by URL through its canonical form, keyed by the URL as asked', async () => {
    const asked = [
      `${ORIGIN}/2024/hello`,
      'HTTPS://Blog.Example:443/2024/hello/?utm_source=feed#comments',
      `${ORIGIN}/2024/hello?fbclid=x`,
      `${ORIGIN}/2024/Hello`,
    ];
    const response = await get(asked.map((url) => `url=${encodeURIComponent(url)}`).join('&'));
    expect(response.statusCode).toBe(200);
    const urls = response.json<CountsBody>().urls;
    expect(Object.keys(urls).sort()).toEqual([...asked].sort());
    expect(urls[asked[0]!]).toEqual({ count: 2, label: '2 comments' });
    expect(urls[asked[1]!]!.count).toBe(2);
    expect(urls[asked[2]!]!.count).toBe(2);
    // The path's case is part of the page.
    expect(urls[asked[3]!]!.count).toBe(0);
  });

  it('counts a Disqus-imported thread still filed under the origin, with the link as Disqus gave it', async () => {
    const id = `imported-${engine}`;
    await insertThread(t.ctx.db, {
      id,
      post_id: null,
      site: ORIGIN,
      url: `${ORIGIN}/2016/old-post/`,
      page_id: null,
      title: 'Old post',
      comment_count: 0,
      closed_at: null,
      policy: null,
      created_at: t.clock.now().toISOString(),
    });
    for (let i = 0; i < 5; i++) await seedComment(t.ctx, { threadId: id, status: 'published' });
    t.clock.advance(31_000);
    const response = await get(`url=${encodeURIComponent(`${ORIGIN}/2016/old-post`)}`);
    expect(response.json<CountsBody>().urls[`${ORIGIN}/2016/old-post`]!.count).toBe(5);
  });

  it('stops counting a comment a moderator marks as spam, at once', async () => {
    const threadId = await pageThread({ pageId: 'moderated' }, 2);
    const first = await get('page=moderated');
    expect(first.json<CountsBody>().pages.moderated!.count).toBe(2);
    const comment = await seedComment(t.ctx, { threadId, status: 'published' });
    // Written straight to the database, unannounced: the kept answer stands until it is 30 s old.
    expect((await get('page=moderated')).json<CountsBody>().pages.moderated!.count).toBe(2);
    t.clock.advance(30_000);
    expect((await get('page=moderated')).json<CountsBody>().pages.moderated!.count).toBe(3);
    const moderator = await makeUser(t.ctx, 'moderator');
    // The moderation announces the change: the kept answer is dropped without waiting.
    await moderateComment(t.ctx, moderator, comment.id, 'spam');
    expect((await get('page=moderated')).json<CountsBody>().pages.moderated!.count).toBe(2);
    await moderateComment(t.ctx, moderator, comment.id, 'not-spam');
    expect((await get('page=moderated')).json<CountsBody>().pages.moderated!.count).toBe(3);
  });

  it('is public: readable from any origin, no cookie set, cacheable for 30 s, and 304 with its ETag', async () => {
    const response = await get('page=first-post', { origin: 'https://anywhere.example', cookie: 'gz_session=whatever' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.headers['cache-control']).toBe('public, max-age=30');
    expect(response.headers['set-cookie']).toBeUndefined();
    const etag = String(response.headers.etag);
    expect(etag).toMatch(/^"[\w-]+"$/);
    // The same question in another order is the same answer.
    const again = await get('page=first-post', { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers['access-control-allow-origin']).toBe('*');
    expect(again.headers.etag).toBe(etag);
    const reordered = await get('page=lonely&page=first-post');
    const sameOrder = await get('page=first-post&page=lonely');
    expect(reordered.headers.etag).toBe(sameOrder.headers.etag);
    // A new comment changes the answer and its ETag.
    await seedComment(t.ctx, {
      threadId: (await resolveEmbedThread(t.ctx, site, ORIGIN, { pageId: 'first-post', url: null, title: null }))!.threadId,
      status: 'published',
    });
    t.clock.advance(31_000);
    const changed = await get('page=first-post', { 'if-none-match': etag });
    expect(changed.statusCode).toBe(200);
    expect(changed.json<CountsBody>().pages['first-post']!.count).toBe(4);
  });

  it('answers a long list compressed, with its own ETag per coding', async () => {
    const pages = Array.from({ length: 100 }, (_, i) => `page=list-entry-${i}`).join('&');
    const plain = await get(pages);
    const gzip = await get(pages, { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.headers.vary).toMatch(/accept-encoding/i);
    expect(gzip.headers.etag).not.toBe(plain.headers.etag);
    expect((await get(pages, { 'accept-encoding': 'gzip', 'if-none-match': String(gzip.headers.etag) })).statusCode).toBe(304);
  });

  it('labels counts in the site language, or the one asked for', async () => {
    await registerSite(t.ctx, { name: 'blog-de', origins: ['https://de.example'], lang: 'de' });
    const german = await t.app.inject({ method: 'GET', url: '/api/v1/sites/blog-de/counts?page=a' });
    expect(german.json<CountsBody>().pages.a!.label).toBe('0 Kommentare');
    const pt = await get('page=lonely&page=first-post&lang=pt-BR');
    expect(pt.json<CountsBody>().pages.lonely!.label).toBe('1 comentário');
    expect(pt.json<CountsBody>().pages['first-post']!.label).toBe('4 comentários');
    const ar = await get('page=lonely&lang=ar');
    expect(ar.json<CountsBody>().pages.lonely!.label).toBe('تعليق واحد');
    const ja = await get('page=first-post&lang=ja');
    expect(ja.json<CountsBody>().pages['first-post']!.label).toBe('コメント4件');
  });

  it('refuses more than 100 page ids or URLs, empty and overlong values and bad URLs, naming the field', async () => {
    const many = (kind: string, n: number, value: (i: number) => string) =>
      Array.from({ length: n }, (_, i) => `${kind}=${encodeURIComponent(value(i))}`).join('&');
    expect((await get(many('page', 100, (i) => `p${i}`))).statusCode).toBe(200);
    const cases: [string, string][] = [
      [many('page', 101, (i) => `p${i}`), 'page'],
      [many('url', 101, (i) => `${ORIGIN}/p${i}`), 'url'],
      ['page=', 'page'],
      [`page=${'x'.repeat(201)}`, 'page'],
      [`url=${encodeURIComponent(`${ORIGIN}/${'x'.repeat(2000)}`)}`, 'url'],
      ['url=not-a-url', 'url'],
      [`url=${encodeURIComponent('javascript:alert(1)')}`, 'url'],
    ];
    for (const [query, field] of cases) {
      const response = await get(query);
      expect(response.statusCode, query.slice(0, 60)).toBe(400);
      expect(response.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', field } });
      expect(response.headers['access-control-allow-origin']).toBe('*');
    }
    expect((await get('other=1')).statusCode).toBe(400);
  });

  it('answers 404 SITE_NOT_FOUND for a site nobody registered', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/sites/nobody/counts?page=a' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { code: 'SITE_NOT_FOUND' } });
    expect(response.headers['access-control-allow-origin']).toBe('*');
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<{ paths: Record<string, unknown> }>();
    expect(doc.paths['/api/v1/sites/{site}/counts']).toBeDefined();
  });
});
