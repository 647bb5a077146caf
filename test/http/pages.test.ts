import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makeCategory, makePost, makeStaffWithToken } from '../helpers/factories.ts';
import { testEngines } from '../helpers/engines.ts';

describe.each(testEngines())('reader pages on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(engine);
  });
  afterAll(async () => t?.close());

  it('renders a published article with its byline, category and body', async () => {
    const { user } = await makeStaffWithToken(t.ctx, 'editor');
    const category = await makeCategory(t.ctx, user, 'News');
    const post = await makePost(t.ctx, user, {
      title: 'Phones & <tablets>',
      categorySlug: category.slug,
      publishedAt: '2026-01-10T08:00:00Z',
    });
    const response = await t.app.inject({ method: 'GET', url: `/articles/${post.slug}` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).toContain('<h1>Phones &amp; &lt;tablets&gt;</h1>');
    expect(response.body).toContain(`href="/author/${user.slug}"`);
    expect(response.body).toContain('<time datetime="2026-01-10T08:00:00.000Z">10 January 2026</time>');
    expect(response.body).toContain('<strong>bold</strong>');
    expect(response.body).toContain('id="comments"');
  });

  it('hides drafts and future posts, and shows a scheduled post once its time comes', async () => {
    const { user } = await makeStaffWithToken(t.ctx, 'editor');
    const draft = await makePost(t.ctx, user, { status: 'draft' });
    const scheduled = await makePost(t.ctx, user, { status: 'scheduled', publishedAt: '2026-01-15T13:00:00Z' });
    expect((await t.app.inject(`/articles/${draft.slug}`)).statusCode).toBe(404);
    expect((await t.app.inject(`/articles/${scheduled.slug}`)).statusCode).toBe(404);
    t.clock.set('2026-01-15T13:00:01Z');
    expect((await t.app.inject(`/articles/${scheduled.slug}`)).statusCode).toBe(200);
    t.clock.set('2026-01-15T12:00:00Z');
  });

  it('answers a nonsense page number with a 400 naming the field', async () => {
    const response = await t.app.inject('/?page=abc');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('querystring.page');
  });
});
