// The edges a newcomer hits (issue 13): a page past the end of a list is a 404, not "Page 99 of
// 2"; error pages carry the site's masthead, search and footer; the favicon exists.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makeCategory, makePost, makeUser } from '../helpers/factories.ts';
import { testEngines } from '../helpers/engines.ts';

describe.each(testEngines())('pages past the end, error pages and the favicon on %s', (engine) => {
  let t: TestApp;
  let category: string;

  beforeAll(async () => {
    t = await buildTestApp(engine);
    const editor = await makeUser(t.ctx, 'editor', 'Ed Itor');
    category = (await makeCategory(t.ctx, editor, 'Phones')).slug;
    for (let i = 0; i < 3; i++) {
      await makePost(t.ctx, editor, {
        title: `Handset review ${i}`,
        bodyMarkdown: 'A handset.',
        status: 'published',
        categorySlug: category,
        tags: ['Handsets'],
      });
    }
  });
  afterAll(async () => t?.close());

  it.each([
    ['/?page=99', 'there is no page 99: this list has one page'],
    ['/?page=2', 'there is no page 2: this list has one page'],
    ['/category/phones?page=5', 'there is no page 5'],
    ['/tag/handsets?page=3', 'there is no page 3'],
    ['/author/ed-itor?page=2', 'there is no page 2'],
    ['/search?q=handset&page=4', 'there is no page 4'],
  ])('%s is a 404 that says why', async (url, why) => {
    const res = await t.app.inject(url);
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain(why);
  });

  it('the first page of an empty list is still a page', async () => {
    expect((await t.app.inject('/search?q=nothingmatchesthis')).statusCode).toBe(200);
    expect((await t.app.inject('/?page=1')).statusCode).toBe(200);
  });

  it('a 404 has the masthead, the search form, the sections and the footer, and is not indexed or cached', async () => {
    const res = await t.app.inject('/no/such/page');
    expect(res.statusCode).toBe(404);
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.body).toContain('<header class="masthead">');
    expect(res.body).toContain('role="search"');
    expect(res.body).toContain(`<a href="/category/${category}">Phones</a>`);
    expect(res.body).toContain('<footer class="site-footer">');
    expect(res.body).toContain('<meta name="robots" content="noindex">');
    expect(res.body).toContain('<h1 id="error-heading">Page not found</h1>');
  });

  it('API errors stay JSON', async () => {
    const res = await t.app.inject('/api/v1/nothing-here');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('every page links a favicon, and /favicon.ico leads to it', async () => {
    const home = await t.app.inject('/');
    const icon = /<link rel="icon" href="([^"]+)" type="image\/svg\+xml">/.exec(home.body)?.[1];
    expect(icon).toMatch(/^\/assets\/favicon\.svg\?v=/);
    const ico = await t.app.inject('/favicon.ico');
    expect([ico.statusCode, ico.headers.location]).toEqual([301, icon]);
    const svg = await t.app.inject(icon!);
    expect([svg.statusCode, svg.headers['content-type']]).toEqual([200, 'image/svg+xml']);
  });
});
