import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makePost, makeStaffWithToken } from '../helpers/factories.ts';
import { testEngines } from '../helpers/engines.ts';

describe.each(testEngines())('site search on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    const { user } = await makeStaffWithToken(t.ctx, 'editor');
    await makePost(t.ctx, user, {
      title: 'Xperia battery test',
      slug: 'xperia-battery',
      bodyMarkdown: 'We ran the phone until it died. The batteries lasted two days.',
      publishedAt: '2026-01-02T00:00:00Z',
    });
    await makePost(t.ctx, user, {
      title: 'Camera shootout',
      slug: 'camera-shootout',
      bodyMarkdown: 'Low light photos. Battery drain while filming was modest.',
      publishedAt: '2026-01-03T00:00:00Z',
    });
    await makePost(t.ctx, user, {
      title: 'Galaxy <review> & more',
      slug: 'galaxy-review',
      bodyMarkdown: 'Samsung makes a fine screen.',
      publishedAt: '2026-01-04T00:00:00Z',
    });
    await makePost(t.ctx, user, { title: 'Secret battery leak', slug: 'draft-battery', bodyMarkdown: 'battery', status: 'draft' });
    await makePost(t.ctx, user, {
      title: 'Future battery news',
      slug: 'future-battery',
      bodyMarkdown: 'battery',
      status: 'scheduled',
      publishedAt: '2026-02-01T00:00:00Z',
    });
  });
  afterAll(async () => t?.close());

  const api = async (q: string) => (await t.app.inject({ url: '/api/v1/search', query: { q } })).json();

  it('ranks a title match above a body match, stems words, and hides drafts and future posts', async () => {
    const found = await api('battery');
    expect(found.results.map((r: { slug: string }) => r.slug)).toEqual(['xperia-battery', 'camera-shootout']);
    expect(found.total).toBe(2);
    expect(found.results[0].titleHtml).toBe('Xperia <mark>battery</mark> test');
    expect(found.results[0].snippetHtml).toContain('<mark>batteries</mark>');
  });

  it('supports phrases, exclusions and OR', async () => {
    expect((await api('"battery drain"')).results.map((r: { slug: string }) => r.slug)).toEqual(['camera-shootout']);
    expect((await api('battery -xperia')).results.map((r: { slug: string }) => r.slug)).toEqual(['camera-shootout']);
    expect((await api('samsung OR filming')).total).toBe(2);
  });

  it('escapes titles in results', async () => {
    const found = await api('galaxy');
    expect(found.results[0].titleHtml).toBe('<mark>Galaxy</mark> &lt;review&gt; &amp; more');
  });

  it('survives hostile input on the page and in the API', async () => {
    for (const q of [
      'title:battery',
      'NEAR(battery phone)',
      'batt*',
      '"unbalanced',
      "'; DROP TABLE posts; --",
      '<script>alert(1)</script>',
      '(((',
    ]) {
      const page = await t.app.inject({ url: '/search', query: { q } });
      expect(page.statusCode, q).toBe(200);
      expect(page.body).not.toContain('<script>alert(1)</script>');
      expect((await t.app.inject({ url: '/api/v1/search', query: { q } })).statusCode, q).toBe(200);
    }
    // Control characters (the snippet markers among them) never reach the query: a 400 naming it.
    const markers = await t.app.inject({ url: '/api/v1/search', query: { q: '\u0001\u0002' } });
    expect(markers.statusCode).toBe(400);
    expect(markers.json().error.field).toBe('query.q');
    expect((await t.app.inject({ url: '/search', query: { q: '\u0001\u0002' } })).statusCode).toBe(400);
    expect((await api('battery')).total).toBe(2);
  });

  it('renders a results page with highlighted snippets, a count, and noindex', async () => {
    const page = await t.app.inject('/search?q=battery');
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('private, no-store');
    expect(page.body).toContain('2 articles match “battery”.');
    expect(page.body).toContain('<a href="/articles/xperia-battery">Xperia <mark>battery</mark> test</a>');
    expect(page.body).toContain('<meta name="robots" content="noindex">');
    expect(page.body).toContain('value="battery"');
    expect((await t.app.inject('/search')).body).toContain('Type a few words');
    expect((await t.app.inject('/search?q=zzzqqq')).body).toContain('No articles match “zzzqqq”.');
  });

  it('finds an edited title on the next search and forgets a deleted post', async () => {
    const { user } = await makeStaffWithToken(t.ctx, 'editor');
    const post = await makePost(t.ctx, user, { title: 'Kumquat phone', bodyMarkdown: 'text' });
    expect((await api('kumquat')).total).toBe(1);
    const { updatePost, deletePost } = await import('../../src/domain/posts/write.ts');
    await updatePost(t.ctx, user, post.id, { title: 'Persimmon phone', baseVersion: post.version });
    expect((await api('kumquat')).total).toBe(0);
    expect((await api('persimmon')).total).toBe(1);
    await deletePost(t.ctx, user, post.id);
    expect((await api('persimmon')).total).toBe(0);
  });

  it('names the field at fault for a missing or overlong query', async () => {
    const missing = await t.app.inject('/api/v1/search');
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.field).toBe('querystring.q');
    const long = await t.app.inject({ url: '/api/v1/search', query: { q: 'x'.repeat(201) } });
    expect(long.json().error.field).toBe('querystring.q');
    expect((await t.app.inject({ url: '/search', query: { q: 'x'.repeat(201) } })).statusCode).toBe(400);
  });
});
