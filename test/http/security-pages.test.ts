// Issue 11, finding 5: pages are bounded by comments (a conversation with 3,000 replies shows its
// first replies and a working "more replies" path), and a cookie alone never skips the page
// cache: only a reader the page shows something of their own gets a render of their own.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makePost, makeStaffWithToken } from '../helpers/factories.ts';
import { guestReader, seedComment } from '../helpers/readers.ts';
import { testEngines } from '../helpers/engines.ts';
import { seedLongConversation } from '../helpers/long-conversation.ts';
import { csrfTokenFor } from '../../src/http/plugins/csrf.ts';
import { REPLIES_PAGE_SIZE, REPLIES_PER_ROOT } from '../../src/domain/comments/types.ts';

const REPLIES = 3000;

interface Page {
  comments: { id: string; parentId: string | null; moreReplies?: { count: number; cursor: string } }[];
  nextCursor: string | null;
  remaining?: number;
}

describe.each(testEngines())('a conversation with 3,000 replies on %s', (engine) => {
  let t: TestApp;
  let slug: string;
  let threadId: string;
  let rootId: string;
  const replyIds: string[] = [];
  beforeAll(async () => {
    t = await buildTestApp(engine);
    const { user } = await makeStaffWithToken(t.ctx, 'editor');
    const post = await makePost(t.ctx, user);
    slug = post.slug;
    threadId = (await t.app.inject(`/api/v1/posts/${slug}`)).json().threadId as string;
    const seeded = await seedLongConversation(t.ctx, threadId, REPLIES, '2026-01-01T00:00:00.000Z');
    rootId = seeded.rootId;
    replyIds.push(...seeded.replyIds);
    // Another conversation, younger than every reply.
    await seedComment(t.ctx, { threadId, by: guestReader('Other'), body: 'another conversation', createdAt: '2026-02-01T00:00:00.000Z' });
  }, 120_000);
  afterAll(async () => t?.close());

  it('bounds the first page by comments in every order, and says how many replies are left', async () => {
    for (const sort of ['best', 'newest', 'oldest']) {
      const page = (await t.app.inject(`/api/v1/threads/${threadId}/comments?sort=${sort}`)).json() as Page;
      expect(page.comments.length).toBeLessThanOrEqual(2 + REPLIES_PER_ROOT);
      const root = page.comments.find((c) => c.id === rootId)!;
      expect(root.moreReplies?.count).toBe(REPLIES - REPLIES_PER_ROOT);
      expect(page.comments.filter((c) => c.id !== rootId && c.parentId !== null).map((c) => c.id)).toEqual(
        replyIds.slice(0, REPLIES_PER_ROOT),
      );
    }
  });

  it('returns the rest through "more replies", a bounded page at a time, each reply once', async () => {
    const first = (await t.app.inject(`/api/v1/threads/${threadId}/comments?sort=oldest`)).json() as Page;
    const seen = first.comments.filter((c) => c.parentId !== null).map((c) => c.id);
    let cursor: string | null = first.comments.find((c) => c.id === rootId)!.moreReplies!.cursor;
    let pages = 0;
    while (cursor) {
      const response = await t.app.inject(`/api/v1/comments/${rootId}/replies?cursor=${encodeURIComponent(cursor)}`);
      expect(response.statusCode).toBe(200);
      const page = response.json() as Page;
      expect(page.comments.length).toBeLessThanOrEqual(REPLIES_PAGE_SIZE);
      seen.push(...page.comments.map((c) => c.id));
      expect(page.remaining).toBe(REPLIES - seen.length);
      cursor = page.nextCursor;
      pages++;
    }
    expect(pages).toBe(Math.ceil((REPLIES - REPLIES_PER_ROOT) / REPLIES_PAGE_SIZE));
    expect([...seen].sort()).toEqual([...replyIds].sort());
  });

  it('shows a no-JavaScript "more replies" link on the article that leads to the next replies', async () => {
    const article = await t.app.inject(`/articles/${slug}`);
    const href = /<a class="more-replies" href="([^"]+)"/.exec(article.body)?.[1]?.replace(/&amp;/g, '&');
    expect(article.body).toContain('2,950 more replies');
    expect(href).toMatch(new RegExp(`^/comments/${rootId}/replies\\?after=`));
    expect(article.body.split('class="comment-item"').length - 1).toBeLessThanOrEqual(2 + REPLIES_PER_ROOT);

    const more = await t.app.inject(href!);
    expect(more.statusCode).toBe(200);
    expect(more.body).toContain(`reply ${REPLIES_PER_ROOT}<`);
    expect(more.body).not.toContain(`reply ${REPLIES_PER_ROOT - 1}<`);
    expect(more.body).toContain('2,900 more replies');
    expect(more.body).toContain(`href="/articles/${slug}#comment-${rootId}"`);
  });

  it('answers a clear 400 for a forged cursor and 404 for a comment that starts no conversation', async () => {
    const forged = await t.app.inject(`/api/v1/comments/${rootId}/replies?cursor=nonsense`);
    expect(forged.statusCode).toBe(400);
    expect(forged.json().error.field).toBe('cursor');
    expect((await t.app.inject(`/api/v1/comments/${replyIds[0]}/replies`)).statusCode).toBe(404);
  });
});

describe.each(testEngines())('the page cache and cookies on %s', (engine) => {
  let t: TestApp;
  let path: string;
  let threadId: string;
  let commentId: string;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    const { user } = await makeStaffWithToken(t.ctx, 'editor');
    const post = await makePost(t.ctx, user);
    path = `/articles/${post.slug}`;
    threadId = (await t.app.inject(`/api/v1/posts/${post.slug}`)).json().threadId as string;
    commentId = (await seedComment(t.ctx, { threadId, by: guestReader('Someone'), body: 'as first rendered' })).id;
  });
  afterAll(async () => t?.close());

  /** Changes the comment behind the cache's back (no event): a cached answer still shows the old text, a fresh render the new. */
  const changeQuietly = (body: string) =>
    t.ctx.db
      .updateTable('comments')
      .set({ body_html: `<p>${body}</p>\n` })
      .where('id', '=', commentId)
      .execute();

  it('serves a reader with a made-up guest cookie from the cache, with their own token in its forms', async () => {
    await changeQuietly('as first rendered');
    t.pageCache.clear();
    const anonymous = await t.app.inject(path);
    expect(anonymous.body).toContain('as first rendered');
    const renders = t.pageCache.renders;
    await changeQuietly('rendered again');

    const key = randomBytes(24).toString('base64url');
    const withCookie = await t.app.inject({ url: path, headers: { cookie: `gz_guest=${key}` } });
    expect(withCookie.statusCode).toBe(200);
    expect(withCookie.body).toContain('as first rendered');
    expect(withCookie.body).not.toContain('rendered again');
    expect(t.pageCache.renders).toBe(renders);
    // Their forms carry their token, and the shared page's forms none; nothing else differs.
    expect(withCookie.body).toContain(`name="csrf" value="${csrfTokenFor(key)}"`);
    expect(withCookie.body.replaceAll(csrfTokenFor(key), '')).toBe(anonymous.body);
    expect(withCookie.headers['cache-control']).toBe('private, no-store');
    expect(anonymous.body).not.toContain('data-personal');

    // A cookie that is no guest key at all is simply anonymous.
    const garbage = await t.app.inject({ url: path, headers: { cookie: 'gz_guest=%%%not-a-key' } });
    expect(garbage.headers.etag).toBe(anonymous.headers.etag);
    expect(t.pageCache.renders).toBe(renders);
  });

  it('accepts a no-JavaScript comment from the cached page with the token filled in', async () => {
    const key = randomBytes(24).toString('base64url');
    const page = await t.app.inject({ url: path, headers: { cookie: `gz_guest=${key}` } });
    const token = /name="csrf" value="([^"]+)"/.exec(page.body)?.[1];
    expect(token).toBe(csrfTokenFor(key));
    const posted = await t.app.inject({
      method: 'POST',
      url: `${path}/comments`,
      headers: { cookie: `gz_guest=${key}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        body: 'from the cached page',
        name: 'Cached Guest',
        email: 'cached@example.com',
        csrf: token!,
      }).toString(),
    });
    expect(posted.statusCode).toBe(303);
  });

  it('renders the page for a guest alone when it holds their own held comment', async () => {
    const author = guestReader('Waiting');
    await seedComment(t.ctx, { threadId, by: author, body: 'awaiting review', status: 'pending' });
    await t.app.inject(path);
    const renders = t.pageCache.renders;
    const own = await t.app.inject({ url: path, headers: { cookie: author.cookie } });
    expect(own.body).toContain('awaiting review');
    expect(own.body).toContain('data-personal="true"');
    expect(own.headers['cache-control']).toBe('private, no-store');
    expect(t.pageCache.renders).toBe(renders);
    expect((await t.app.inject(path)).body).not.toContain('awaiting review');
  });
});
