// Editor's picks and pinned comments: picks listed above the first page (render and JSON),
// pinned comments first on the first page of every order and on no other page, so paging
// through the whole thread shows each conversation exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makePost, makeStaffWithToken } from '../helpers/factories.ts';
import { testEngines } from '../helpers/engines.ts';
import { guestReader, seedComment } from '../helpers/readers.ts';
import type { Comment } from '../../src/storage/schema.ts';
import { THREAD_SORTS } from '../../src/domain/comments/types.ts';

type Json = Record<string, unknown>;

describe.each(testEngines())('featured and pinned comments on %s', (engine) => {
  let t: TestApp;
  let slug: string;
  let threadId: string;
  const top: Comment[] = [];
  let pinnedOld: Comment;
  let pinnedNew: Comment;
  let pinnedReply: Comment;
  let pickedReply: Comment;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    const { user } = await makeStaffWithToken(t.ctx, 'editor');
    const post = await makePost(t.ctx, user, { title: 'Picks and pins' });
    slug = post.slug;
    threadId = (await t.app.inject(`/api/v1/posts/${slug}`)).json().threadId;
    const at = (minute: number) => new Date(Date.parse('2026-01-10T10:00:00Z') + minute * 60_000).toISOString();
    for (let i = 0; i < 30; i++) {
      const pin = i === 19 ? at(100) : i === 4 ? at(200) : null;
      top.push(
        await seedComment(t.ctx, {
          threadId,
          by: guestReader(`Reader ${i}`),
          body: `top ${i}`,
          createdAt: at(i),
          pinnedAt: pin,
          featuredAt: i === 2 ? at(300) : null,
        }),
      );
    }
    pinnedOld = top[19]!;
    pinnedNew = top[4]!;
    pinnedReply = await seedComment(t.ctx, {
      threadId,
      by: guestReader('Replier'),
      parentId: pinnedOld.id,
      body: 'reply under a pin',
      createdAt: at(40),
    });
    pickedReply = await seedComment(t.ctx, {
      threadId,
      by: guestReader('Sharp Mind'),
      parentId: top[1]!.id,
      body: 'a picked reply',
      createdAt: at(41),
      featuredAt: at(400),
    });
    // A pick that was later held is no longer shown anywhere public.
    await seedComment(t.ctx, {
      threadId,
      by: guestReader('Gone'),
      body: 'held pick',
      createdAt: at(42),
      status: 'pending',
      featuredAt: at(500),
    });
  });
  afterAll(async () => t?.close());

  const pageJson = async (sort: string, cursor: string | null, limit = 10) =>
    (
      await t.app.inject(
        `/api/v1/threads/${threadId}/comments?sort=${sort}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      )
    ).json();
  const topLevelIds = (page: { comments: Json[] }) => page.comments.filter((c) => c.parentId === null).map((c) => c.id as string);

  it.each(THREAD_SORTS)('puts the pinned first on the first page of %s, and never again on later pages', async (sort) => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await pageJson(sort, cursor);
      const ids = topLevelIds(page);
      if (pages === 0) {
        expect(ids.slice(0, 2)).toEqual([pinnedNew.id, pinnedOld.id]);
        expect(page.comments.filter((c: Json) => c.pinned === true).map((c: Json) => c.id)).toEqual([pinnedNew.id, pinnedOld.id]);
        // The pinned conversation comes with its reply.
        expect(page.comments[page.comments.findIndex((c: Json) => c.id === pinnedOld.id) + 1]).toMatchObject({
          id: pinnedReply.id,
          parentId: pinnedOld.id,
        });
      } else {
        expect(ids).not.toContain(pinnedNew.id);
        expect(ids).not.toContain(pinnedOld.id);
        expect(page.featured).toEqual([]);
      }
      seen.push(...ids);
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(30);
    expect(new Set(seen).size).toBe(30);
    expect(new Set(seen)).toEqual(new Set(top.map((c) => c.id)));
  });

  it('lists the editor’s picks in the first page’s JSON, newest pick first, and flags them in place', async () => {
    const page = await pageJson('oldest', null, 25);
    expect(page.featured.map((c: Json) => c.id)).toEqual([pickedReply.id, top[2]!.id]);
    expect(page.featured[0]).toMatchObject({ bodyHtml: '<p>a picked reply</p>\n', featured: true, author: { name: 'Sharp Mind' } });
    expect(page.comments.find((c: Json) => c.id === top[2]!.id)).toMatchObject({ featured: true, pinned: false });
    expect(page.comments.find((c: Json) => c.id === top[3]!.id)).toMatchObject({ featured: false, pinned: false });
    expect(JSON.stringify(page)).not.toContain('held pick');
  });

  it('renders the picks above the first page only, and pinned comments first with a mark', async () => {
    const first = (await t.app.inject(`/articles/${slug}?sort=oldest`)).body;
    const section = first.slice(
      first.indexOf('<section class="featured-comments"'),
      first.indexOf('</section>', first.indexOf('featured-comments')),
    );
    expect(section).toContain(`<h3 id="featured-heading">Editor's picks</h3>`);
    expect(section).toContain(`href="/comments/${pickedReply.id}"`);
    expect(section.indexOf(pickedReply.id)).toBeLessThan(section.indexOf(top[2]!.id));
    expect(section).not.toContain('id="comment-');
    expect(first.indexOf('featured-comments')).toBeLessThan(first.indexOf('class="comment-list"'));
    // Every id on the page once, though a pick is also in the list.
    const ids = [...first.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBe(new Set(ids).size);

    const list = first.slice(first.indexOf('class="comment-list"'));
    const firstArticles = [...list.matchAll(/<article id="comment-([^"]+)"/g)].map((m) => m[1]);
    expect(firstArticles.slice(0, 3)).toEqual([pinnedNew.id, pinnedOld.id, pinnedReply.id]);
    expect(
      list.slice(list.indexOf(`comment-${pinnedNew.id}`), list.indexOf('</header>', list.indexOf(`comment-${pinnedNew.id}`))),
    ).toContain('<span class="comment-mark comment-pinned">Pinned</span>');
    expect(list).toContain(`<span class="comment-mark comment-pick">Editor's pick</span>`);

    const more = /<a class="load-more" href="([^"]+)"/.exec(first)![1]!.replaceAll('&amp;', '&');
    const second = (await t.app.inject(more.split('#')[0]!)).body;
    expect(second).not.toContain('featured-comments');
    expect(second).not.toContain(`comment-${pinnedNew.id}"`);
    expect(second).not.toContain('comment-pinned');
  });

  it('links a pinned conversation to the first page, others to the page that starts with them', async () => {
    const pinned = await t.app.inject(`/comments/${pinnedReply.id}`);
    expect(pinned.statusCode).toBe(302);
    expect(pinned.headers.location).toBe(`/articles/${slug}?sort=oldest#comment-${pinnedReply.id}`);
    const page = (await t.app.inject(String(pinned.headers.location).split('#')[0]!)).body;
    expect(page).toContain(`id="comment-${pinnedReply.id}"`);
    const plain = await t.app.inject(`/comments/${top[25]!.id}`);
    expect(plain.headers.location).toMatch(/&after=/);
    expect((await t.app.inject(String(plain.headers.location).split('#')[0]!)).body).toContain(`id="comment-${top[25]!.id}"`);
  });
});
