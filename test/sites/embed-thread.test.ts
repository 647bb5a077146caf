// Which thread an embedded page shows (issue 15): found by page id or canonical URL, created
// only from one of the site's origins for a page on them, Disqus-imported threads joining their
// site, and one thread however many first loads race.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { disqusXml, importText, importedComments } from '../import/helpers.ts';
import { registerSite, requireSite, updateSite } from '../../src/domain/sites/sites.ts';
import { attachThreadToPage, resolveEmbedThread, type EmbedPage } from '../../src/domain/sites/embed-thread.ts';
import { threadForPost } from '../../src/domain/comments/threads.ts';
import { insertThread } from '../../src/storage/repos/threads.ts';
import type { Site } from '../../src/domain/sites/types.ts';
import { AppError } from '../../src/errors.ts';
import { makePost, makeUser } from '../helpers/factories.ts';

const BLOG = 'https://blog.example';
const page = (p: Partial<EmbedPage>): EmbedPage => ({ pageId: null, url: null, title: null, ...p });

describe.each(testEngines())('embedded page threads (%s)', (engine) => {
  let t: TestApp;
  let site: Site;
  const threadCount = async () =>
    Number(
      (
        await t.storage.db
          .selectFrom('threads')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const thread = (id: string) => t.storage.db.selectFrom('threads').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  beforeAll(async () => {
    t = await buildTestApp(engine);
    site = await registerSite(t.ctx, { name: 'blog', origins: ['https://Blog.Example/', 'http://localhost:8080'], defaultPolicy: 'all' });
  });
  afterAll(async () => t?.close());

  it('creates a page thread on the first load from an allowed origin, with its title and the site default policy', async () => {
    const first = await resolveEmbedThread(t.ctx, site, BLOG, page({ pageId: 'post-1', url: `${BLOG}/post-1`, title: 'First post' }));
    expect(first).toMatchObject({ title: 'First post', created: true });
    const row = await thread(first!.threadId);
    expect(row).toMatchObject({ site: 'blog', page_id: 'post-1', url: `${BLOG}/post-1`, policy: 'all', post_id: null });
    const again = await resolveEmbedThread(t.ctx, site, BLOG, page({ pageId: 'post-1', url: `${BLOG}/moved`, title: 'Renamed' }));
    expect(again).toEqual({ threadId: first!.threadId, title: 'First post', created: false });
  });

  it('finds a page without an id by its canonical URL, whatever tracking, case or slash', async () => {
    const made = await resolveEmbedThread(t.ctx, site, BLOG, page({ url: `${BLOG}/notes/a?b=2&a=1`, title: 'Notes' }));
    expect(made?.created).toBe(true);
    for (const url of [`HTTPS://BLOG.EXAMPLE:443/notes/a/?a=1&utm_source=x&b=2#comment-3`, `${BLOG}/notes/a?fbclid=1&b=2&a=1`]) {
      expect(await resolveEmbedThread(t.ctx, site, null, page({ url }))).toMatchObject({ threadId: made!.threadId, created: false });
    }
    // A load from elsewhere naming a page id records nothing.
    await resolveEmbedThread(t.ctx, site, 'https://evil.example', page({ pageId: 'stolen', url: `${BLOG}/notes/a?a=1&b=2` }));
    expect((await thread(made!.threadId)).page_id).toBeNull();
    // A later load that gives the page an id keeps the same thread and records the id.
    expect((await resolveEmbedThread(t.ctx, site, BLOG, page({ pageId: 'notes-a', url: `${BLOG}/notes/a?a=1&b=2` })))?.threadId).toBe(
      made!.threadId,
    );
    expect((await thread(made!.threadId)).page_id).toBe('notes-a');
  });

  it('creates nothing for an unregistered origin, a missing origin, or a page URL on another origin', async () => {
    const before = await threadCount();
    expect(await resolveEmbedThread(t.ctx, site, 'https://evil.example', page({ pageId: 'x1', title: 'Nope' }))).toBeNull();
    expect(await resolveEmbedThread(t.ctx, site, null, page({ pageId: 'x2' }))).toBeNull();
    expect(await resolveEmbedThread(t.ctx, site, 'null', page({ pageId: 'x3' }))).toBeNull();
    expect(await resolveEmbedThread(t.ctx, site, BLOG, page({ pageId: 'x4', url: 'https://evil.example/x4' }))).toBeNull();
    expect(await resolveEmbedThread(t.ctx, site, BLOG, page({ url: 'https://blog.example.evil.example/x5' }))).toBeNull();
    expect(await threadCount()).toBe(before);
    // The second registered origin (a non-default port) may create.
    expect((await resolveEmbedThread(t.ctx, site, 'http://localhost:8080', page({ pageId: 'local-1' })))?.created).toBe(true);
  });

  it('refuses over-long or empty page details with a field error', async () => {
    const refusal = async (p: Partial<EmbedPage>) => {
      const error = await resolveEmbedThread(t.ctx, site, BLOG, page(p)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      return { code: (error as AppError).code, field: (error as AppError).field };
    };
    expect(await refusal({ pageId: 'p'.repeat(201) })).toEqual({ code: 'VALIDATION_FAILED', field: 'pageId' });
    expect(await refusal({ url: `${BLOG}/${'u'.repeat(2000)}` })).toEqual({ code: 'VALIDATION_FAILED', field: 'url' });
    expect(await refusal({ pageId: 'ok', title: 't'.repeat(301) })).toEqual({ code: 'VALIDATION_FAILED', field: 'title' });
    expect(await refusal({ url: 'javascript:alert(1)' })).toEqual({ code: 'VALIDATION_FAILED', field: 'url' });
    expect(await refusal({ pageId: 'a\u0000b' })).toEqual({ code: 'VALIDATION_FAILED', field: 'pageId' });
    expect(await refusal({})).toEqual({ code: 'VALIDATION_FAILED', field: 'pageId' });
  });

  it('makes one thread however many first loads of a page race', async () => {
    const before = await threadCount();
    const byId = await Promise.all(
      Array.from({ length: 6 }, () => resolveEmbedThread(t.ctx, site, BLOG, page({ pageId: 'race', title: 'Race' }))),
    );
    const byUrl = await Promise.all(
      Array.from({ length: 6 }, () => resolveEmbedThread(t.ctx, site, BLOG, page({ url: `${BLOG}/race-url` }))),
    );
    for (const results of [byId, byUrl]) {
      expect(new Set(results.map((r) => r!.threadId)).size).toBe(1);
      expect(results.filter((r) => r!.created).length).toBe(1);
    }
    expect(await threadCount()).toBe(before + 2);
  });

  it('brings a Disqus-imported page thread into its site when the site is registered, and adopts one by URL', async () => {
    const xml = disqusXml(
      [
        { id: 'd1', link: 'https://docs.example/guide/start/' },
        { id: 'd2', link: 'https://other.example/kept' },
      ],
      [
        { id: 'c1', thread: 'd1' },
        { id: 'c2', thread: 'd2' },
      ],
    );
    await importText(t.ctx, 'disqus', xml);
    const imported = (await importedComments(t.storage.db, 'disqus')).get('c1')!.thread_id;
    expect((await thread(imported)).site).toBe('https://docs.example');

    const docs = await registerSite(t.ctx, { name: 'docs', origins: ['https://docs.example'] });
    expect(await thread(imported)).toMatchObject({ site: 'docs', url: 'https://docs.example/guide/start' });
    const other = (await importedComments(t.storage.db, 'disqus')).get('c2')!.thread_id;
    expect((await thread(other)).site).toBe('https://other.example');

    // Resolved by URL even from a request without an origin: it already exists.
    const found = await resolveEmbedThread(t.ctx, docs, null, page({ url: 'https://docs.example/guide/start?utm_medium=x' }));
    expect(found).toEqual({ threadId: imported, title: 'Thread d1', created: false });

    // A thread left under an origin (added to the site later) is adopted on its first load.
    await insertThread(t.storage.db, {
      id: 'left-under-origin',
      post_id: null,
      site: 'https://www.docs.example',
      url: 'https://www.docs.example/old/',
      title: 'Old page',
      comment_count: 0,
      closed_at: null,
      policy: null,
      page_id: null,
      created_at: t.clock.now().toISOString(),
    });
    const withWww = { ...docs, origins: [...docs.origins, 'https://www.docs.example'] };
    // Seen from elsewhere it is shown, not taken.
    const seen = await resolveEmbedThread(
      t.ctx,
      withWww,
      'https://evil.example',
      page({ pageId: 'old', url: 'https://www.docs.example/old' }),
    );
    expect(seen).toEqual({ threadId: 'left-under-origin', title: 'Old page', created: false });
    expect((await thread('left-under-origin')).site).toBe('https://www.docs.example');
    const adopted = await resolveEmbedThread(
      t.ctx,
      withWww,
      'https://docs.example',
      page({ pageId: 'old', url: 'https://www.docs.example/old' }),
    );
    expect(adopted).toEqual({ threadId: 'left-under-origin', title: 'Old page', created: false });
    expect(await thread('left-under-origin')).toMatchObject({ site: 'docs', page_id: 'old', url: 'https://www.docs.example/old' });

    // Adding an origin to a site brings in that origin's imported threads.
    await updateSite(t.ctx, 'docs', { origins: ['https://docs.example', 'https://other.example'] });
    expect(await thread(other)).toMatchObject({ site: 'docs', url: 'https://other.example/kept' });
  });

  it('files a Disqus import for a registered site under its name, with the canonical URL', async () => {
    await importText(
      t.ctx,
      'disqus',
      disqusXml([{ id: 'd3', link: 'https://blog.example/imported/?utm_source=feed' }], [{ id: 'c3', thread: 'd3' }]),
    );
    const id = (await importedComments(t.storage.db, 'disqus')).get('c3')!.thread_id;
    expect(await thread(id)).toMatchObject({ site: 'blog', url: 'https://blog.example/imported' });
    expect((await resolveEmbedThread(t.ctx, site, BLOG, page({ url: `${BLOG}/imported` })))?.threadId).toBe(id);
  });

  it("attaches an article's thread to a site's page", async () => {
    const post = await makePost(t.ctx, await makeUser(t.ctx, 'editor'));
    const own = await threadForPost(t.storage.db, t.clock, post);
    await attachThreadToPage(t.ctx, own.id, 'blog', 'seed-article');
    await attachThreadToPage(t.ctx, own.id, 'blog', 'seed-article');
    expect((await resolveEmbedThread(t.ctx, await requireSite(t.ctx, 'blog'), null, page({ pageId: 'seed-article' })))?.threadId).toBe(
      own.id,
    );
    const other = await resolveEmbedThread(t.ctx, site, BLOG, page({ pageId: 'another' }));
    await expect(attachThreadToPage(t.ctx, other!.threadId, 'blog', 'seed-article')).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(attachThreadToPage(t.ctx, own.id, 'nosuch', 'x')).rejects.toMatchObject({ code: 'SITE_NOT_FOUND' });
  });
});
