import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, TEST_NOW, type TestApp } from '../helpers/app.ts';
import { makeCategory, makePost, makeStaffWithToken, makeUser } from '../helpers/factories.ts';
import { testEngines } from '../helpers/engines.ts';
import { insertMedia } from '../../src/storage/repos/media.ts';
import type { User } from '../../src/storage/schema.ts';

const HOST = 'news.example:8080';
const BASE = `http://${HOST}`;

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const unescape = (text: string) => text.replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]!);

/** Every value of `<meta property|name="key" content="...">`, unescaped. */
function metaValues(page: string, key: string): string[] {
  const pattern = new RegExp(`<meta (?:property|name)="${key.replace(/[.:]/g, '\\$&')}" content="([^"]*)">`, 'g');
  return [...page.matchAll(pattern)].map((m) => unescape(m[1]!));
}
const metaValue = (page: string, key: string) => metaValues(page, key)[0];

type LdNode = Record<string, unknown> & { '@type': string };

function jsonLd(page: string): LdNode[] {
  return [...page.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1]!) as LdNode);
}

function alternates(page: string): { type: string; href: string }[] {
  return [...page.matchAll(/<link rel="alternate" type="([^"]+)" title="[^"]*" href="([^"]+)">/g)].map((m) => ({
    type: m[1]!,
    href: unescape(m[2]!),
  }));
}

describe.each(testEngines())('discovery metadata on %s', (engine) => {
  let t: TestApp;
  let editor: User;
  const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { host: HOST } });

  beforeAll(async () => {
    t = await buildTestApp(engine);
    editor = (await makeStaffWithToken(t.ctx, 'editor')).user;
  });
  afterAll(async () => t?.close());

  it('gives an article OpenGraph and Twitter tags, a canonical URL and NewsArticle + BreadcrumbList JSON-LD', async () => {
    const media = `img${randomBytes(6).toString('hex')}`;
    await insertMedia(t.ctx.db, {
      id: media,
      original_name: 'lead.jpg',
      mime: 'image/jpeg',
      width: 2000,
      height: 1000,
      bytes: 1000,
      sha256: randomBytes(32).toString('hex'),
      alt: 'Lead',
      variant_widths: JSON.stringify([320, 640, 1280]),
      uploaded_by: editor.id,
      created_at: TEST_NOW,
    });
    const section = await makeCategory(t.ctx, editor, 'Technology');
    const sub = await makeCategory(t.ctx, editor, 'Phones & Tablets', section.slug);
    const post = await makePost(t.ctx, editor, {
      title: 'The "best" phone',
      excerpt: 'Which one to buy.',
      categorySlug: sub.slug,
      tags: ['Android', 'Reviews'],
      leadMediaId: media,
      publishedAt: '2026-01-10T08:00:00Z',
    });
    const url = `${BASE}/articles/${post.slug}`;
    const response = await get(`/articles/${post.slug}`);
    expect(response.statusCode).toBe(200);
    const page = response.body;

    expect(page).toContain(`<link rel="canonical" href="${url}">`);
    expect(metaValue(page, 'og:type')).toBe('article');
    expect(metaValue(page, 'og:title')).toBe('The "best" phone');
    expect(metaValue(page, 'og:description')).toBe('Which one to buy.');
    expect(metaValue(page, 'og:url')).toBe(url);
    expect(metaValue(page, 'og:site_name')).toBe('Gazette Mobile');
    // The lead image is shared as its 1200×630 crop around the focal point (the middle, unless set).
    expect(metaValue(page, 'og:image')).toBe(`${BASE}/media/${media}/social/x50-y50.jpg`);
    expect(metaValue(page, 'og:image:width')).toBe('1200');
    expect(metaValue(page, 'og:image:height')).toBe('630');
    expect(metaValue(page, 'article:published_time')).toBe('2026-01-10T08:00:00.000Z');
    expect(metaValue(page, 'article:modified_time')).toBe(TEST_NOW);
    expect(metaValue(page, 'article:section')).toBe('Phones & Tablets');
    expect(metaValues(page, 'article:tag')).toEqual(['Android', 'Reviews']);
    expect(metaValue(page, 'twitter:card')).toBe('summary_large_image');
    expect(metaValue(page, 'twitter:image')).toBe(`${BASE}/media/${media}/social/x50-y50.jpg`);

    const ld = jsonLd(page);
    const article = ld.find((node) => node['@type'] === 'NewsArticle')!;
    expect(article).toMatchObject({
      '@context': 'https://schema.org',
      headline: 'The "best" phone',
      description: 'Which one to buy.',
      datePublished: '2026-01-10T08:00:00.000Z',
      dateModified: TEST_NOW,
      author: [{ '@type': 'Person', name: editor.display_name, url: `${BASE}/author/${editor.slug}` }],
      publisher: { '@type': 'Organization', name: 'Gazette Mobile' },
      image: [`${BASE}/media/${media}/social/x50-y50.jpg`],
      mainEntityOfPage: { '@type': 'WebPage', '@id': url },
    });
    const breadcrumbs = ld.find((node) => node['@type'] === 'BreadcrumbList')!;
    expect(breadcrumbs.itemListElement).toEqual([
      { '@type': 'ListItem', position: 1, name: 'Home', item: `${BASE}/` },
      { '@type': 'ListItem', position: 2, name: 'Technology', item: `${BASE}/category/${section.slug}` },
      { '@type': 'ListItem', position: 3, name: 'Phones & Tablets', item: `${BASE}/category/${sub.slug}` },
      { '@type': 'ListItem', position: 4, name: 'The "best" phone', item: url },
    ]);
  });

  it('uses a plain summary card and a body-text description for an article without image or excerpt', async () => {
    const post = await makePost(t.ctx, editor, { bodyMarkdown: 'Just **words** here.' });
    const page = (await get(`/articles/${post.slug}`)).body;
    expect(metaValue(page, 'twitter:card')).toBe('summary');
    expect(metaValue(page, 'og:image')).toBeUndefined();
    expect(metaValue(page, 'og:description')).toBe('Just words here.');
    const article = jsonLd(page).find((node) => node['@type'] === 'NewsArticle')!;
    expect(article.image).toBeUndefined();
    expect((jsonLd(page).find((node) => node['@type'] === 'BreadcrumbList')!.itemListElement as unknown[]).length).toBe(2);
  });

  it('keeps a hostile title inside the JSON-LD script', async () => {
    const title = '</script><script>alert(1)</script> & <!-- more';
    const post = await makePost(t.ctx, editor, { title });
    const page = (await get(`/articles/${post.slug}`)).body;
    expect(page).not.toContain('<script>alert(1)');
    expect(page).not.toContain('<!-- more');
    // Only our own scripts (two JSON-LD blocks, asset modules): none was opened by the title.
    const scripts = page.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.filter((tag) => tag.includes('application/ld+json'))).toHaveLength(2);
    expect(scripts.every((tag) => tag.includes('application/ld+json') || /src="\/assets\/[a-z]+\.js\?v=[0-9a-f]+"/.test(tag))).toBe(true);
    const ld = jsonLd(page);
    expect(ld.find((node) => node['@type'] === 'NewsArticle')!.headline).toBe(title);
    expect(metaValue(page, 'og:title')).toBe(title);
  });

  it('advertises each category and author archive feed with absolute alternate links that resolve', async () => {
    const category = await makeCategory(t.ctx, editor, 'World');
    const author = await makeUser(t.ctx, 'author', 'Feed Author');
    await makePost(t.ctx, author, { categorySlug: category.slug });

    const categoryPage = (await get(`/category/${category.slug}`)).body;
    expect(alternates(categoryPage)).toEqual(
      expect.arrayContaining([
        { type: 'application/rss+xml', href: `${BASE}/feed.xml` },
        { type: 'application/rss+xml', href: `${BASE}/category/${category.slug}/feed.xml` },
        { type: 'application/atom+xml', href: `${BASE}/category/${category.slug}/atom.xml` },
      ]),
    );
    expect(metaValue(categoryPage, 'og:url')).toBe(`${BASE}/category/${category.slug}`);

    const authorPage = (await get(`/author/${author.slug}`)).body;
    const authorFeeds = alternates(authorPage).filter((link) => link.href.includes('/author/'));
    expect(authorFeeds).toEqual([
      { type: 'application/rss+xml', href: `${BASE}/author/${author.slug}/feed.xml` },
      { type: 'application/atom+xml', href: `${BASE}/author/${author.slug}/atom.xml` },
    ]);
    for (const { href, type } of [...authorFeeds, ...alternates(categoryPage)]) {
      const feed = await get(new URL(href).pathname);
      expect(feed.statusCode).toBe(200);
      expect(feed.headers['content-type']).toBe(`${type}; charset=utf-8`);
    }
  });

  it('makes a later archive page its own canonical URL', async () => {
    const category = await makeCategory(t.ctx, editor);
    for (let i = 0; i < 11; i++) await makePost(t.ctx, editor, { categorySlug: category.slug });
    const page = (await get(`/category/${category.slug}?page=2`)).body;
    expect(page).toContain(`<link rel="canonical" href="${BASE}/category/${category.slug}?page=2">`);
    expect(metaValue(page, 'og:url')).toBe(`${BASE}/category/${category.slug}?page=2`);
  });
});

describe.each(testEngines())('discovery metadata with a configured public URL on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(engine, { publicUrl: 'https://gazette.example' });
  });
  afterAll(async () => t?.close());

  it('builds canonical, og:url and JSON-LD URLs on the public URL, not the Host header', async () => {
    const { user } = await makeStaffWithToken(t.ctx, 'editor');
    const post = await makePost(t.ctx, user);
    const page = (await t.app.inject({ url: `/articles/${post.slug}`, headers: { host: 'internal:3000' } })).body;
    const url = `https://gazette.example/articles/${post.slug}`;
    expect(page).toContain(`<link rel="canonical" href="${url}">`);
    expect(metaValue(page, 'og:url')).toBe(url);
    expect(jsonLd(page).find((node) => node['@type'] === 'NewsArticle')!.mainEntityOfPage).toEqual({ '@type': 'WebPage', '@id': url });
    expect(page).not.toContain('internal:3000');
  });
});
