import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { loadDemoIfEmpty, seedBodyWithGallery, type DemoSummary } from '../../src/demo/load.ts';

const SEED = '/articles/sony-mobile-to-defocus-on-india-and-usa';

describe('seed body conversion', () => {
  it('gathers the seed slides into one gallery block, keeping their order and captions', () => {
    const body = 'Text.\n\n![Slide 1](slides/a-1.png)\n\n![Slide 11](slides/a-11.png)\n\n![Slide 2](slides/a-2.png)';
    expect(seedBodyWithGallery(body, (name) => `id-${name}`)).toBe(
      'Text.\n\n:::gallery\n![Slide 1](media:id-a-1)\n![Slide 11](media:id-a-11)\n![Slide 2](media:id-a-2)\n:::\n',
    );
  });
});

describe.each(testEngines())('demo content on %s', (engine) => {
  let t: TestApp;
  let summary: DemoSummary | null;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    summary = await loadDemoIfEmpty(t.ctx);
  }, 120_000);
  afterAll(async () => t?.close());

  it('loads the seed article and at least eight more, once', async () => {
    expect(summary?.articles).toBeGreaterThanOrEqual(9);
    expect(await loadDemoIfEmpty(t.ctx)).toBeNull();
  });

  it('renders the seed article as on the original page', async () => {
    const response = await t.app.inject(SEED);
    expect(response.statusCode).toBe(200);
    const html = response.body;
    expect(html).toContain('<h1>Sony Mobile to “defocus” on India and USA</h1>');
    expect(html).toMatch(/By <a rel="author" href="\/author\/[a-z0-9-]+">XB<\/a>/);
    expect(html).toContain('<time datetime="2016-06-30T09:30:00.000Z">30 June 2016</time>');
    expect(html).toContain('<a class="category" href="/category/news">News</a>');
    const captions = [...html.matchAll(/<figcaption>([^<]*)<\/figcaption>/g)].map((m) => m[1]);
    expect(captions).toHaveLength(11);
    expect(captions[0]).toBe('Sony Mobile IR Day 2016_1');
    expect(captions[5]).toBe('Sony Mobile IR Day 2016_11');
    expect(html).toMatch(/rel="(prev|next)"/);
  });

  it('serves every generated slide as WebP and JPEG', async () => {
    const html = (await t.app.inject(SEED)).body;
    const firstWebp = /srcset="(\/media\/[^ ]+\.webp)/.exec(html)![1]!;
    const image = await t.app.inject(firstWebp);
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/webp');
  });

  it('fills the home page, archives and pages', async () => {
    const home = await t.app.inject('/');
    // The seed article leads (the demo's editors' choice), then ten more by date.
    expect(home.body.match(/<article class="card">/g)!.length).toBe(11);
    const firstCard = home.body.slice(home.body.indexOf('<article class="card">'));
    expect(firstCard.slice(0, firstCard.indexOf('</article>'))).toContain('Sony Mobile to “defocus” on India and USA');
    expect(home.body).toContain('rel="next" href="/?page=2"');
    const page2 = (await t.app.inject('/?page=2')).body;
    expect(page2).toContain('<article class="card">');
    // Chosen once, never repeated in the run by date.
    expect(page2).not.toContain('Sony Mobile to “defocus”');
    expect((await t.app.inject('/category/news')).body).toContain('Sony Mobile to “defocus”');
    expect((await t.app.inject('/about')).statusCode).toBe(200);
    const categories = (await t.app.inject('/api/v1/categories')).json().categories as { parentSlug: string | null }[];
    expect(categories.some((c) => c.parentSlug !== null)).toBe(true);
  });

  it('carries the seed thread: 129 visible comments, replies after their parents, bot posts hidden', async () => {
    const post = (await t.app.inject('/api/v1/posts/sony-mobile-to-defocus-on-india-and-usa')).json();
    expect(post.commentCount).toBe(129);
    const seen: { id: string; parentId: string | null; author: { name: string }; bodyHtml: string; createdAt: string }[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?sort=oldest&cursor=${cursor}` : '?sort=oldest';
      const page = (await t.app.inject(`/api/v1/threads/${post.threadId}/comments${query}`)).json();
      seen.push(...page.comments);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(129);
    expect(seen.filter((c) => c.parentId === null)).toHaveLength(72);
    expect(seen.every((c) => c.bodyHtml !== '')).toBe(true);
    expect(seen[0]).toMatchObject({ author: { name: 'QBerto' }, createdAt: '2016-06-30T10:00:00.000Z' });
    expect(seen[1]).toMatchObject({ author: { name: 'Gary Ohanian' }, parentId: seen[0]!.id });
    expect(seen.some((c) => c.author.name === 'Jorgie Llanos')).toBe(false);
  });
});
