import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// xml-js is the feed library's own dependency; its parser (sax in strict mode) rejects malformed XML.
import { xml2js, type ElementCompact } from 'xml-js';
import { buildTestApp, TEST_NOW, type TestApp } from '../helpers/app.ts';
import { makeCategory, makePost, makeStaffWithToken, makeUser } from '../helpers/factories.ts';
import { testEngines } from '../helpers/engines.ts';
import { insertMedia } from '../../src/storage/repos/media.ts';
import { createPost } from '../../src/domain/posts/write.ts';
import type { DomainContext } from '../../src/domain/context.ts';
import type { User } from '../../src/storage/schema.ts';

const HOST = 'news.example:8080';
const BASE = `http://${HOST}`;

/** Parses strictly, and also refuses `<` inside attribute values, which sax lets through. */
function parseXml(xml: string): ElementCompact {
  const outsideCdata = xml.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
  expect(outsideCdata).not.toMatch(/="[^"]*</);
  return xml2js(xml, { compact: true }) as ElementCompact;
}

const list = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const textOf = (node: ElementCompact | undefined): string => String(node?._cdata ?? node?._text ?? '');

function rssItems(xml: string): ElementCompact[] {
  return list<ElementCompact>(parseXml(xml).rss.channel.item);
}

function atomEntries(xml: string): ElementCompact[] {
  return list<ElementCompact>(parseXml(xml).feed.entry);
}

async function makeLeadImage(ctx: DomainContext, user: User) {
  const id = `img${randomBytes(6).toString('hex')}`;
  await insertMedia(ctx.db, {
    id,
    original_name: 'desk.jpg',
    mime: 'image/jpeg',
    width: 2000,
    height: 1000,
    bytes: 1234,
    sha256: randomBytes(32).toString('hex'),
    alt: 'A phone on a desk',
    variant_widths: JSON.stringify([320, 640, 1280]),
    uploaded_by: user.id,
    created_at: TEST_NOW,
  });
  return id;
}

describe.each(testEngines())('feeds, sitemap and robots.txt on %s', (engine) => {
  let t: TestApp;
  let editor: User;
  const get = (url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers: { host: HOST, ...headers } });

  beforeAll(async () => {
    // No recorded site address: links follow the Host header (an app that has never listened).
    t = await buildTestApp(engine, {}, { siteUrl: null });
    editor = (await makeStaffWithToken(t.ctx, 'editor')).user;
  });
  afterAll(async () => t?.close());

  it('serves the site RSS with published posts only, absolute links on the request host and full content', async () => {
    const media = await makeLeadImage(t.ctx, editor);
    const category = await makeCategory(t.ctx, editor, 'Phones');
    const published = await makePost(t.ctx, editor, {
      title: 'Rss visible story',
      categorySlug: category.slug,
      tags: ['Batteries'],
      leadMediaId: media,
      publishedAt: '2026-01-10T08:00:00Z',
      bodyMarkdown: `Read [the other story](/articles/elsewhere).\n\n![A chart](media:${media})`,
    });
    const draft = await makePost(t.ctx, editor, { title: 'Rss draft story', status: 'draft' });
    const future = await makePost(t.ctx, editor, { title: 'Rss future story', status: 'scheduled', publishedAt: '2026-02-01T00:00:00Z' });

    const response = await get('/feed.xml');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
    const items = rssItems(response.body);
    const titles = items.map((i) => textOf(i.title));
    expect(titles).toContain(published.title);
    expect(titles).not.toContain(draft.title);
    expect(titles).not.toContain(future.title);

    const item = items.find((i) => textOf(i.title) === published.title)!;
    expect(textOf(item.link)).toBe(`${BASE}/articles/${published.slug}`);
    expect(textOf(item.guid)).toBe(`urn:gazette:post:${published.id}`);
    expect(textOf(item.pubDate)).toBe(new Date('2026-01-10T08:00:00Z').toUTCString());
    expect(textOf(item['dc:creator'])).toBe(editor.display_name);
    const categories = list<ElementCompact>(item.category);
    expect(categories.map(textOf)).toEqual(['Phones', 'Batteries']);
    expect(categories[0]!._attributes?.domain).toBe(`${BASE}/category/${category.slug}`);
    expect(item.enclosure._attributes).toMatchObject({ url: `${BASE}/media/${media}/w1280.jpg`, type: 'image/jpeg' });

    const content = textOf(item['content:encoded']);
    expect(content).toContain(`<img src="${BASE}/media/${media}/w1280.jpg" alt="A phone on a desk">`);
    expect(content).toContain(`href="${BASE}/articles/elsewhere"`);
    expect(content).toContain(`srcset="${BASE}/media/${media}/w320.webp 320w, ${BASE}/media/${media}/w640.webp 640w`);
    expect(content).not.toMatch(/(src|href|srcset)="\//);

    const channel = parseXml(response.body).rss.channel as ElementCompact;
    expect(textOf(channel.link)).toBe(`${BASE}/`);
    expect(channel['atom:link']._attributes.href).toBe(`${BASE}/feed.xml`);
  });

  it('serves the site Atom feed with both dates, the author and absolute links', async () => {
    const author = await makeUser(t.ctx, 'author', 'Atom Writer');
    const post = await makePost(t.ctx, author, { title: 'Atom story', publishedAt: '2026-01-11T09:30:00Z' });
    const response = await get('/atom.xml');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    const entry = atomEntries(response.body).find((e) => textOf(e.title) === 'Atom story')!;
    expect(entry).toBeDefined();
    expect(textOf(entry.id)).toBe(`urn:gazette:post:${post.id}`);
    expect(list<ElementCompact>(entry.link)[0]!._attributes?.href).toBe(`${BASE}/articles/${post.slug}`);
    expect(textOf(entry.published)).toBe('2026-01-11T09:30:00.000Z');
    expect(textOf(entry.updated)).toBe(TEST_NOW);
    expect(textOf(entry.author.name)).toBe('Atom Writer');
    expect(textOf(entry.author.uri)).toBe(`${BASE}/author/${author.slug}`);
    expect(textOf(entry.content)).toContain('<strong>bold</strong>');
    expect(atomEntries(response.body).map((e) => textOf(e.title))).not.toContain('Rss draft story');
  });

  it('keeps feeds well-formed whatever the titles and names contain', async () => {
    const category = await makeCategory(t.ctx, editor, 'Tom & <Jerry>');
    const title = 'Odd ]]> title ]]> with <b> & "quotes"';
    await makePost(t.ctx, editor, { title, categorySlug: category.slug, tags: ['R&D'], excerpt: 'Less < more & ]]> twice ]]>' });
    const rss = await get(`/category/${category.slug}/feed.xml`);
    const [item] = rssItems(rss.body);
    expect(textOf(item!.title)).toBe('Odd ]]&gt; title ]]&gt; with <b> & "quotes"');
    expect(list<ElementCompact>(item!.category).map(textOf)).toEqual(['Tom & <Jerry>', 'R&D']);
    const atom = await get(`/category/${category.slug}/atom.xml`);
    const [entry] = atomEntries(atom.body);
    // Atom titles are HTML: the escaped title reads back as the original text.
    expect(textOf(entry!.title)).toBe('Odd ]]&gt; title ]]&gt; with &lt;b&gt; &amp; &quot;quotes&quot;');
    const atomCategories = list<ElementCompact>(entry!.category).map((c) => c._attributes);
    expect(atomCategories.map((c) => c?.term)).toEqual([category.slug, 'r-d']);
    // A label with `<` cannot be written safely by the feed library, so only the term remains.
    expect(atomCategories.map((c) => c?.label)).toEqual([undefined, 'R&D']);
    expect(textOf(parseXml(atom.body).feed.title)).toBe('Tom & <Jerry> – Gazette Mobile');
  });

  it('gives a category feed the posts of its sub-categories, and 404 for an unknown category', async () => {
    const parent = await makeCategory(t.ctx, editor);
    const child = await makeCategory(t.ctx, editor, undefined, parent.slug);
    const other = await makeCategory(t.ctx, editor);
    const inParent = await makePost(t.ctx, editor, { categorySlug: parent.slug });
    const inChild = await makePost(t.ctx, editor, { categorySlug: child.slug });
    const elsewhere = await makePost(t.ctx, editor, { categorySlug: other.slug });
    for (const file of ['feed.xml', 'atom.xml']) {
      const response = await get(`/category/${parent.slug}/${file}`);
      expect(response.statusCode).toBe(200);
      const titles = (file === 'feed.xml' ? rssItems(response.body) : atomEntries(response.body)).map((i) => textOf(i.title));
      expect(titles.sort()).toEqual([inParent.title, inChild.title].sort());
      expect(titles).not.toContain(elsewhere.title);
    }
    expect((await get('/category/no-such-section/feed.xml')).statusCode).toBe(404);
    expect((await get('/category/no-such-section/atom.xml')).statusCode).toBe(404);
  });

  it("serves an author's feed with only their posts, and 404 for an unknown author", async () => {
    const writer = await makeUser(t.ctx, 'author');
    const mine = await makePost(t.ctx, writer);
    const theirs = await makePost(t.ctx, editor);
    const rss = await get(`/author/${writer.slug}/feed.xml`);
    expect(rss.statusCode).toBe(200);
    expect(rssItems(rss.body).map((i) => textOf(i.title))).toEqual([mine.title]);
    expect(textOf(parseXml(rss.body).rss.channel.link)).toBe(`${BASE}/author/${writer.slug}`);
    const atom = await get(`/author/${writer.slug}/atom.xml`);
    expect(atomEntries(atom.body).map((e) => textOf(e.title))).toEqual([mine.title]);
    expect(atom.body).not.toContain(theirs.title);
    expect((await get('/author/nobody-here/feed.xml')).statusCode).toBe(404);
  });

  it("serves a tag's feeds with only its posts, linked from the tag's page, and 404 for an unknown tag", async () => {
    const tagged = await makePost(t.ctx, editor, { tags: ['Foldables'] });
    const other = await makePost(t.ctx, editor, { tags: ['Batteries'] });
    const rss = await get('/tag/foldables/feed.xml');
    expect(rss.statusCode).toBe(200);
    expect(rssItems(rss.body).map((i) => textOf(i.title))).toEqual([tagged.title]);
    expect(textOf(parseXml(rss.body).rss.channel.link)).toBe(`${BASE}/tag/foldables`);
    expect(textOf(parseXml(rss.body).rss.channel.title)).toBe('Tagged “Foldables” – Gazette Mobile');
    const atom = await get('/tag/foldables/atom.xml');
    expect(atomEntries(atom.body).map((e) => textOf(e.title))).toEqual([tagged.title]);
    expect(atom.body).not.toContain(other.title);
    const page = await get('/tag/foldables');
    expect(page.body).toContain(
      `<link rel="alternate" type="application/rss+xml" title="Tagged “Foldables” (RSS)" href="${BASE}/tag/foldables/feed.xml">`,
    );
    expect(page.body).toContain(`href="${BASE}/tag/foldables/atom.xml"`);
    expect((await get('/tag/no-such-tag/feed.xml')).statusCode).toBe(404);
    expect((await get('/tag/no-such-tag/atom.xml')).statusCode).toBe(404);
  });

  it('shows a newly published post on the next request, and answers a matching ETag with 304', async () => {
    const first = await get('/feed.xml');
    const etag = String(first.headers.etag);
    expect(t.pageCache.size).toBeGreaterThan(0);
    expect((await get('/feed.xml', { 'if-none-match': etag })).statusCode).toBe(304);
    const fresh = await createPost(t.ctx, editor, { title: 'Fresh off the press', bodyMarkdown: 'News.', status: 'published' });
    const second = await get('/feed.xml', { 'if-none-match': etag });
    expect(second.statusCode).toBe(200);
    expect(rssItems(second.body).map((i) => textOf(i.title))).toContain(fresh.title);
    expect(atomEntries((await get('/atom.xml')).body).map((e) => textOf(e.title))).toContain(fresh.title);
  });

  it('lists articles, pages, categories, tags and authors in the sitemap with absolute URLs', async () => {
    const category = await makeCategory(t.ctx, editor);
    const post = await makePost(t.ctx, editor, { categorySlug: category.slug, tags: ['Sitemapped'], publishedAt: '2026-01-12T10:00:00Z' });
    const page = await makePost(t.ctx, editor, { type: 'page', title: 'About the sitemap' });
    const draft = await makePost(t.ctx, editor, { status: 'draft' });
    const response = await get('/sitemap.xml');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/xml; charset=utf-8');
    const urls = list<ElementCompact>(parseXml(response.body).urlset.url);
    const locs = urls.map((u) => textOf(u.loc));
    expect(locs).toContain(`${BASE}/`);
    expect(locs).toContain(`${BASE}/articles/${post.slug}`);
    expect(locs).toContain(`${BASE}/${page.slug}`);
    expect(locs).toContain(`${BASE}/category/${category.slug}`);
    expect(locs).toContain(`${BASE}/tag/sitemapped`);
    expect(locs).toContain(`${BASE}/author/${editor.slug}`);
    expect(locs).not.toContain(`${BASE}/articles/${draft.slug}`);
    const entry = urls.find((u) => textOf(u.loc) === `${BASE}/articles/${post.slug}`)!;
    expect(textOf(entry.lastmod)).toBe(TEST_NOW);
  });

  it('refuses a Host header that cannot make a URL instead of writing broken links', async () => {
    const response = await get('/feed.xml', { host: 'bad host"<' });
    expect(response.statusCode).toBe(400);
    expect(response.body).not.toContain('bad host');
  });

  it('points robots.txt at the absolute sitemap and keeps crawlers out of the API', async () => {
    const response = await get('/robots.txt');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(response.body).toMatch(/^User-agent: \*$/m);
    expect(response.body).toMatch(/^Disallow: \/api\/$/m);
    expect(response.body).toMatch(/^Disallow: \/search$/m);
    expect(response.body).not.toMatch(/^Disallow: \/$/m);
    expect(response.body).toMatch(new RegExp(`^Sitemap: ${BASE}/sitemap\\.xml$`, 'm'));
  });
});

describe.each(testEngines())('feeds of a site that knows its address on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(engine, {}, { siteUrl: 'https://first.example' });
  });
  afterAll(async () => t?.close());

  it('builds every link on the recorded address, whatever the Host header, and shares one cache entry', async () => {
    const { user } = await makeStaffWithToken(t.ctx, 'editor');
    const post = await makePost(t.ctx, user);
    const rss = await t.app.inject({ url: '/feed.xml', headers: { host: 'evil.example' } });
    expect(textOf(rssItems(rss.body)[0]!.link)).toBe(`https://first.example/articles/${post.slug}`);
    expect(rss.body).not.toContain('evil.example');
    const again = await t.app.inject({ url: '/feed.xml', headers: { host: 'other.example' } });
    expect(again.headers.etag).toBe(rss.headers.etag);
    expect(again.body).toBe(rss.body);
  });
});

describe.each(testEngines())('feeds with a configured public URL on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(engine, { publicUrl: 'https://gazette.example/news&views' });
  });
  afterAll(async () => t?.close());

  it('builds every absolute link on the public URL, whatever the Host header, and escapes it in the sitemap', async () => {
    const { user } = await makeStaffWithToken(t.ctx, 'editor');
    const post = await makePost(t.ctx, user);
    const base = 'https://gazette.example/news&views';
    const headers = { host: 'internal:3000' };
    const rss = await t.app.inject({ url: '/feed.xml', headers });
    expect(textOf(rssItems(rss.body)[0]!.link)).toBe(`${base}/articles/${post.slug}`);
    expect(rss.body).not.toContain('internal:3000');
    const atom = await t.app.inject({ url: '/atom.xml', headers });
    expect(list<ElementCompact>(atomEntries(atom.body)[0]!.link)[0]!._attributes?.href).toBe(`${base}/articles/${post.slug}`);
    const sitemap = await t.app.inject({ url: '/sitemap.xml', headers });
    expect(sitemap.body).toContain(`<loc>https://gazette.example/news&amp;views/articles/${post.slug}</loc>`);
    expect(list<ElementCompact>(parseXml(sitemap.body).urlset.url).map((u) => textOf(u.loc))).toContain(`${base}/articles/${post.slug}`);
    const robots = await t.app.inject({ url: '/robots.txt', headers });
    expect(robots.body).toContain(`Sitemap: ${base}/sitemap.xml`);
  });
});
