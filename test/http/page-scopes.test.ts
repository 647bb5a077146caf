// A comment drops what shows its own discussion and nothing else (issue 16), with the defaults a
// site runs with: article B's cached page keeps its ETag and is not rendered again; article A is
// served up to GAZETTE_PAGE_STALE_MS stale and then rendered once; the home page's counts follow
// within GAZETTE_LIST_LAG_SECONDS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postComment } from '../../src/domain/comments/write.ts';
import { findThreadByPostId } from '../../src/storage/repos/threads.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { makePost, makeUser } from '../helpers/factories.ts';
import { guestReader } from '../helpers/readers.ts';

describe.each(testEngines())('page cache scopes on %s', (engine) => {
  let t: TestApp;
  const paths = { a: '', b: '' };
  let threadA = '';
  beforeAll(async () => {
    t = await buildTestApp(engine, { pageStaleMs: 1000, listLagSeconds: 10 });
    const editor = await makeUser(t.ctx);
    const a = await makePost(t.ctx, editor, { title: 'Hot article' });
    const b = await makePost(t.ctx, editor, { title: 'Quiet article' });
    paths.a = `/articles/${a.slug}`;
    paths.b = `/articles/${b.slug}`;
    threadA = (await findThreadByPostId(t.ctx.db, a.id))!.id;
  });
  afterAll(async () => t?.close());

  const get = async (url: string) => {
    const response = await t.app.inject(url);
    expect([url, response.statusCode]).toEqual([url, 200]);
    return { etag: response.headers.etag as string, body: response.body };
  };
  const comment = async (body: string) => {
    const reader = guestReader();
    await postComment(t.ctx, reader.commenter, {
      threadId: threadA,
      body,
      guest: { name: reader.name, email: `${reader.name.replace(/\W/g, '')}@example.com` },
      ip: '198.51.100.20',
    });
  };

  it("leaves another article's page in place and lets lists lag behind by at most the lag", async () => {
    const [a, b, home, json] = [await get(paths.a), await get(paths.b), await get('/'), await get(`/api/v1/threads/${threadA}/comments`)];
    const renders = t.pageCache.renders;
    await comment('The first comment on the hot article, about the battery results in the review.');

    // B and the home page come from the cache: same ETag, no render.
    expect((await get(paths.b)).etag).toBe(b.etag);
    expect((await get('/')).etag).toBe(home.etag);
    expect(t.pageCache.renders).toBe(renders);
    // The article page and its thread's JSON may be a second behind (open pages get the comment
    // live); then one request renders each again.
    expect((await get(paths.a)).etag).toBe(a.etag);
    expect((await get(`/api/v1/threads/${threadA}/comments`)).etag).toBe(json.etag);
    t.clock.advance(1000);
    const fresh = await get(paths.a);
    expect(fresh.etag).not.toBe(a.etag);
    expect(fresh.body).toContain('battery results');
    expect((await get(`/api/v1/threads/${threadA}/comments`)).body).toContain('battery results');
    expect(json.body).not.toContain('battery results');
    expect((await get(paths.b)).etag).toBe(b.etag);

    // Ten seconds after the comment, the lists are rendered again (their counts moved).
    t.clock.advance(9000);
    expect((await get('/')).etag).not.toBe(home.etag);
    expect((await get(paths.b)).etag).toBe(b.etag);
  });
});
