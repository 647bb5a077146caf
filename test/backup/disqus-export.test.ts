// Leaving for Disqus: the comments exported as Disqus XML and imported into an empty Gazette
// give the same threads, the same comments and the same reply links.
import fs from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import { xml2js, type Element } from 'xml-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../helpers/engines.ts';
import { exportDisqus } from '../../src/domain/backup/disqus-export.ts';
import { tableRows } from '../../src/domain/backup/export.ts';
import { runImport } from '../../src/domain/import/run.ts';
import { createPost } from '../../src/domain/posts/write.ts';
import { createAccount } from '../../src/domain/users/accounts.ts';
import { describeTable, type Row } from '../../src/storage/repos/backup.ts';
import { closeThread } from '../../src/storage/repos/import-sources.ts';
import { cdata, escapeAttribute, escapeText } from '../../src/domain/backup/xml-writer.ts';
import { fillRichSite, openTestSite, type TestSite } from './fixture.ts';

const BASE_URL = 'https://news.example.test';
const SEED = '../shared/fixtures/seed-disqus.xml';

async function disqusOf(site: TestSite): Promise<string> {
  const chunks: Buffer[] = [];
  const out = new PassThrough();
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  await exportDisqus(site.ctx, out, { baseUrl: BASE_URL, forum: 'gazette' });
  out.end();
  return Buffer.concat(chunks).toString('utf8');
}

async function rowsOf(site: TestSite, table: string): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const row of tableRows(site.storage.db, (await describeTable(site.storage.db, table))!)) rows.push(row);
  return rows;
}

interface Discussion {
  /** By thread page URL: title, closed, and each comment as "author @ time" → its parent's key and status. */
  threads: Map<string, { title: string; closed: boolean; comments: Map<string, { parent: string | null; status: string }> }>;
}

/** The discussions of a site, in terms that survive an export: page URL, author name, time. */
async function discussionOf(site: TestSite): Promise<Discussion> {
  const users = new Map((await rowsOf(site, 'users')).map((u) => [u.id, u]));
  const posts = new Map((await rowsOf(site, 'posts')).map((p) => [p.id, p]));
  const comments = await rowsOf(site, 'comments');
  const keyOf = new Map(
    comments.map((c) => [
      c.id,
      `${String(c.author_id ? users.get(c.author_id)!.display_name : (c.guest_name ?? 'Guest'))} @ ${String(c.created_at)}`,
    ]),
  );
  const threads: Discussion['threads'] = new Map();
  for (const thread of await rowsOf(site, 'threads')) {
    const own = comments.filter((c) => c.thread_id === thread.id);
    if (own.length === 0) continue;
    const post = thread.post_id ? posts.get(thread.post_id) : undefined;
    const url = post ? `${BASE_URL}/articles/${String(post.slug)}` : String(thread.url);
    const byKey = new Map(
      own.map((c) => [
        keyOf.get(c.id as string)!,
        { parent: c.parent_id ? keyOf.get(c.parent_id as string)! : null, status: c.body_markdown === '' ? 'spam' : String(c.status) },
      ]),
    );
    expect(byKey.size, `comment keys of ${url} are unique`).toBe(own.length);
    threads.set(url, { title: String(post?.title ?? thread.title), closed: thread.closed_at !== null, comments: byKey });
  }
  return { threads };
}

describe('xml writer', () => {
  it('escapes text and attributes, keeps CDATA whole and drops characters XML cannot hold', () => {
    expect(escapeText('a < b & c > d')).toBe('a &lt; b &amp; c &gt; d');
    expect(escapeAttribute(`"it's"\n`)).toBe('&quot;it&apos;s&quot;&#10;');
    expect(cdata('x ]]> y\u0001')).toBe('<![CDATA[x ]]]]><![CDATA[> y]]>');
  });
});

describe.each(testEngines())('Disqus export (%s)', (engine) => {
  let site: TestSite;
  let xml: string;
  beforeAll(async () => {
    site = await openTestSite(engine);
    await fillRichSite(site);
    await runImport(site.ctx, { format: 'disqus', input: fs.createReadStream(SEED) });
    // The imported seed thread: the one under no article and no registered site (the fixture's embedded page has one).
    const seedThread = (await rowsOf(site, 'threads')).find((t) => t.post_id === null && t.site !== 'blog')!;
    await closeThread(site.storage.db, String(seedThread.id), '2016-07-06T00:00:00.000Z');
    xml = await disqusOf(site);
  }, 60_000);
  afterAll(() => site?.dispose());

  it('writes the shape of a Disqus export: a category, the threads, then the posts', () => {
    const root = xml2js(xml, { compact: false }) as Element;
    const disqus = root.elements!.find((e) => e.name === 'disqus')!;
    const names = disqus.elements!.map((e) => e.name);
    expect(names[0]).toBe('category');
    expect(names.lastIndexOf('thread')).toBeLessThan(names.indexOf('post'));
    // The article's thread, the embedded page's and the seed thread; the seed's comments and the fixture's.
    expect(names.filter((n) => n === 'thread')).toHaveLength(3);
    expect(names.filter((n) => n === 'post')).toHaveLength(135 + 6 + 1);
    const article = disqus.elements!.find((e) => e.name === 'thread' && JSON.stringify(e).includes('/articles/'))!;
    const text = (name: string) => (article.elements!.find((e) => e.name === name)!.elements?.[0]?.text ?? '') as string;
    expect(text('link')).toMatch(/^https:\/\/news\.example\.test\/articles\/phones-/);
    expect(text('title')).toBe('Phones & "tablets" <2016>');
  });

  it('imports into an empty Gazette with the same threads, comments and reply links', async () => {
    const target = await openTestSite(engine);
    try {
      await runImport(target.ctx, { format: 'disqus', input: Readable.from([xml]) });
      const before = await discussionOf(site);
      const after = await discussionOf(target);
      expect([...after.threads.keys()].sort()).toEqual([...before.threads.keys()].sort());
      for (const [url, thread] of before.threads) {
        const copy = after.threads.get(url)!;
        expect(copy.title).toBe(thread.title);
        expect(copy.closed, url).toBe(thread.closed);
        expect(copy.comments.size, url).toBe(thread.comments.size);
        expect(Object.fromEntries(copy.comments)).toEqual(Object.fromEntries(thread.comments));
      }
      const seed = [...after.threads.values()].find((t) => t.comments.size === 135)!;
      expect([...seed.comments.values()].filter((c) => c.parent !== null)).toHaveLength(57);
      expect([...seed.comments.values()].filter((c) => c.status === 'spam')).toHaveLength(6);
    } finally {
      await target.dispose();
    }
  });

  it('attaches a thread to the article with the same slug when the new site has it', async () => {
    const target = await openTestSite(engine);
    try {
      const source = (await rowsOf(site, 'posts')).find((p) => String(p.title).startsWith('Phones'))!;
      const editor = await createAccount(target.ctx, { email: 'ed@example.test', displayName: 'Ed', role: 'editor' });
      const post = await createPost(target.ctx, editor, {
        title: 'Same article',
        slug: String(source.slug),
        bodyMarkdown: 'Text.',
        status: 'published',
      });
      await runImport(target.ctx, {
        format: 'disqus',
        input: Readable.from([xml]),
        mapUrl: [{ from: BASE_URL, to: 'https://new.example.test' }],
      });
      const thread = (await rowsOf(target, 'threads')).find((t) => t.post_id === post.id)!;
      const sourceThread = (await rowsOf(site, 'threads')).find((t) => t.post_id === source.id)!;
      const sourceComments = (await rowsOf(site, 'comments')).filter((c) => c.thread_id === sourceThread.id);
      expect(thread.comment_count).toBe(sourceComments.filter((c) => c.status === 'published').length);
      expect((await rowsOf(target, 'comments')).filter((c) => c.thread_id === thread.id)).toHaveLength(sourceComments.length);
    } finally {
      await target.dispose();
    }
  });
});
