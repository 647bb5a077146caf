import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makePost, makeStaffWithToken } from '../helpers/factories.ts';
import { testEngines } from '../helpers/engines.ts';
import { guestReader } from '../helpers/readers.ts';

type Json = Record<string, unknown>;

describe.each(testEngines())('discussion API on %s', (engine) => {
  let t: TestApp;
  let threadId: string;
  let slug: string;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    const { user } = await makeStaffWithToken(t.ctx, 'editor');
    const post = await makePost(t.ctx, user, { title: 'Thread host' });
    slug = post.slug;
    threadId = (await t.app.inject(`/api/v1/posts/${slug}`)).json().threadId;
  });
  afterAll(async () => t?.close());

  /** A browser: keeps its guest cookie between requests. */
  function browser() {
    let cookie = '';
    return async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: Json, headers: Record<string, string> = {}) => {
      const response = await t.app.inject({ method, url, payload, headers: { ...(cookie ? { cookie } : {}), ...headers } });
      const set = response.headers['set-cookie'];
      if (typeof set === 'string') cookie = set.split(';')[0]!;
      return response;
    };
  }
  const guest = { name: 'Gary Ohanian', email: 'gary@example.com' };
  const list = async (query = '') => (await t.app.inject(`/api/v1/threads/${threadId}/comments${query}`)).json();

  it('gives every post a thread and its comment count', async () => {
    const post = (await t.app.inject(`/api/v1/posts/${slug}`)).json();
    expect(post.threadId).toEqual(expect.any(String));
    expect(post.commentCount).toBe(0);
  });

  it('posts a guest comment and a reply, never exposing the email, and counts them', async () => {
    const gary = browser();
    const first = await gary('POST', `/api/v1/threads/${threadId}/comments`, { body: 'Most likely **licensing**.', guest });
    expect(first.statusCode).toBe(201);
    expect(first.headers['set-cookie']).toMatch(/^gz_guest=[A-Za-z0-9_-]+; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Lax$/);
    const comment = first.json();
    expect(comment).toMatchObject({
      parentId: null,
      depth: 0,
      status: 'published',
      score: 0,
      author: { name: 'Gary Ohanian', isGuest: true, profileUrl: null },
    });
    expect(comment.bodyHtml).toBe('<p>Most likely <strong>licensing</strong>.</p>\n');

    const other = browser();
    const reply = await other('POST', `/api/v1/threads/${threadId}/comments`, {
      body: '@Gary Ohanian agreed',
      parentId: comment.id,
      guest: { name: 'QBerto', email: 'q@example.com' },
    });
    expect(reply.statusCode).toBe(201);
    expect(reply.json()).toMatchObject({ parentId: comment.id, depth: 1 });
    expect(reply.json().bodyHtml).toContain('<span class="mention">@Gary Ohanian</span>');

    const thread = await list();
    expect(thread.commentCount).toBe(2);
    expect(thread.comments.map((c: Json) => c.id)).toEqual([comment.id, reply.json().id]);
    expect(JSON.stringify(thread)).not.toContain('gary@example.com');
    expect((await t.app.inject(`/api/v1/posts/${slug}`)).json().commentCount).toBe(2);
  });

  it("points @Name at the member, not at a guest who typed the member's name", async () => {
    const member = await makeStaffWithToken(t.ctx, 'moderator');
    const name = member.user.display_name;
    const say = (body: string, headers: Record<string, string> = {}, as?: { name: string; email: string }) =>
      browser()('POST', `/api/v1/threads/${threadId}/comments`, { body, ...(as ? { guest: as } : {}) }, headers);
    expect((await say('I moderate here.', member.auth)).statusCode).toBe(201);
    // Both orders, so the answer does not hang on which row the database returns first.
    for (const n of [1, 2]) {
      expect((await say(`Me too, number ${n}.`, {}, { name, email: `lookalike${n}@example.com` })).statusCode).toBe(201);
      const mention = await say(`@${name} thanks ${n}`, {}, { name: 'Thankful', email: `thanks${n}@example.com` });
      expect(mention.json().bodyHtml).toContain(`<a href="/people/${member.user.slug}" class="mention"`);
    }
  });

  it('names the field at fault and stores nothing for bad input', async () => {
    const before = (await list()).commentCount;
    const post = (payload: Json) => browser()('POST', `/api/v1/threads/${threadId}/comments`, payload);
    expect((await post({ body: '   ', guest })).json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'body' });
    expect((await post({ body: 'x'.repeat(10_001), guest })).json().error.field).toBe('body');
    expect((await post({ body: 'hi' })).json().error.field).toBe('guest');
    expect((await post({ body: 'hi', guest: { name: '', email: 'a@b.co' } })).json().error.field).toBe('guest.name');
    expect((await post({ body: 'hi', guest: { name: 'A', email: 'nope' } })).json().error.field).toBe('guest.email');
    expect((await post({ body: 'hi', guest, parentId: 'missing' })).json().error.field).toBe('parentId');
    expect((await post({ body: 'hi', guest, colour: 'red' })).json().error.field).toBe('body.colour');
    expect((await browser()('POST', '/api/v1/threads/nothread/comments', { body: 'hi', guest })).statusCode).toBe(404);
    expect((await list()).commentCount).toBe(before);
  });

  it('refuses cross-site writes and form-encoded bodies', async () => {
    const crossSite = await t.app.inject({
      method: 'POST',
      url: `/api/v1/threads/${threadId}/comments`,
      headers: { origin: 'https://evil.example' },
      payload: { body: 'hi', guest },
    });
    expect(crossSite.statusCode).toBe(403);
    expect(crossSite.json().error.field).toBe('origin');
    const form = await t.app.inject({
      method: 'POST',
      url: `/api/v1/threads/${threadId}/comments`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'body=hi&guest[name]=x',
    });
    expect(form.statusCode).toBe(415);
    const sameSite = await t.app.inject({
      method: 'POST',
      url: `/api/v1/threads/${threadId}/comments`,
      headers: { origin: 'http://localhost:80', host: 'localhost:80' },
      payload: { body: 'same site', guest },
    });
    expect(sameSite.statusCode).toBe(201);
  });

  it('lets the same browser edit within the window, and no one else', async () => {
    const author = browser();
    const created = (await author('POST', `/api/v1/threads/${threadId}/comments`, { body: 'typo', guest })).json();
    const hijack = await browser()('PATCH', `/api/v1/comments/${created.id}`, { body: 'hijack' });
    expect(hijack.statusCode).toBe(403);
    expect(hijack.json().error.code).toBe('NOT_THE_OWNER');
    const edited = await author('PATCH', `/api/v1/comments/${created.id}`, { body: 'fixed' });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ bodyHtml: '<p>fixed</p>\n', editedAt: '2026-01-15T12:00:00.000Z' });
    t.clock.advance(16 * 60 * 1000);
    const late = await author('PATCH', `/api/v1/comments/${created.id}`, { body: 'too late' });
    expect(late.statusCode).toBe(403);
    expect(late.json().error).toMatchObject({ code: 'EDIT_WINDOW_PASSED', message: expect.stringContaining('15 minutes') });
    t.clock.set('2026-01-15T12:00:00Z');
  });

  it('deletes: a comment with replies leaves a placeholder, one without disappears', async () => {
    const author = browser();
    const parent = (await author('POST', `/api/v1/threads/${threadId}/comments`, { body: 'parent', guest })).json();
    const lonely = (await author('POST', `/api/v1/threads/${threadId}/comments`, { body: 'lonely', guest })).json();
    await browser()('POST', `/api/v1/threads/${threadId}/comments`, { body: 'child', parentId: parent.id, guest });
    const before = (await list()).commentCount;
    expect((await browser()('DELETE', `/api/v1/comments/${parent.id}`)).statusCode).toBe(403);
    expect((await author('DELETE', `/api/v1/comments/${parent.id}`)).statusCode).toBe(204);
    expect((await author('DELETE', `/api/v1/comments/${lonely.id}`)).statusCode).toBe(204);
    const thread = await list('?sort=oldest');
    const placeholder = thread.comments.find((c: Json) => c.id === parent.id);
    expect(placeholder).toMatchObject({ status: 'deleted', bodyHtml: '', author: { name: '' } });
    expect(thread.comments.some((c: Json) => c.id === lonely.id)).toBe(false);
    expect(thread.commentCount).toBe(before - 2);
    expect((await author('DELETE', `/api/v1/comments/${parent.id}`)).statusCode).toBe(404);
  });

  it('counts one vote per browser, changeable, and never on your own comment', async () => {
    const author = browser();
    const target = (await author('POST', `/api/v1/threads/${threadId}/comments`, { body: 'vote on me', guest })).json();
    const voter = browser();
    const url = `/api/v1/comments/${target.id}/vote`;
    // A browser's first request without a cookie only gets it one (issue 11, vote stuffing): the repeat counts.
    expect((await voter('POST', url, { value: 1 })).json().error.code).toBe('VOTE_NEEDS_COOKIE');
    expect((await voter('POST', url, { value: 1 })).json()).toEqual({ upvotes: 1, downvotes: 0, score: 1, myVote: 1 });
    expect((await voter('POST', url, { value: 1 })).json()).toMatchObject({ upvotes: 1, score: 1 });
    expect((await voter('POST', url, { value: -1 })).json()).toEqual({ upvotes: 0, downvotes: 1, score: -1, myVote: -1 });
    expect((await voter('POST', url, { value: 0 })).json()).toEqual({ upvotes: 0, downvotes: 0, score: 0, myVote: 0 });
    expect((await voter('POST', url, { value: 2 })).json().error.field).toBe('body.value');
    const own = await author('POST', url, { value: 1 });
    expect(own.statusCode).toBe(403);
    expect(own.json().error.code).toBe('OWN_COMMENT');
  });

  it('accepts an API token as an account commenter with a staff badge and profile link', async () => {
    const { auth, user } = await makeStaffWithToken(t.ctx, 'editor');
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/v1/threads/${threadId}/comments`,
      headers: auth,
      payload: { body: 'From the desk' },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().author).toEqual({
      name: user.display_name,
      profileUrl: `/people/${user.slug}`,
      isGuest: false,
      badge: 'Editor',
      avatarUrl: null,
    });
  });
});

describe.each(testEngines())('thread paging and order on %s', (engine) => {
  let t: TestApp;
  let threadId: string;
  const ids: string[] = [];
  beforeAll(async () => {
    t = await buildTestApp(engine);
    const { user } = await makeStaffWithToken(t.ctx, 'editor');
    const post = await makePost(t.ctx, user);
    threadId = (await t.app.inject(`/api/v1/posts/${post.slug}`)).json().threadId;
    // 30 top-level comments a minute apart, each with one reply; comment 5 gets votes.
    for (let i = 0; i < 30; i++) {
      t.clock.set(new Date(Date.parse('2026-01-15T12:00:00Z') + i * 60_000));
      const top = await t.app.inject({
        method: 'POST',
        url: `/api/v1/threads/${threadId}/comments`,
        payload: { body: `top ${i}`, guest: { name: `G${i}`, email: `g${i}@example.com` } },
      });
      ids.push(top.json().id);
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/threads/${threadId}/comments`,
        payload: { body: `reply ${i}`, parentId: top.json().id, guest: { name: `R${i}`, email: `r${i}@example.com` } },
      });
    }
    // Three guests with their cookies, from three addresses (a guest vote counts once per address).
    for (let v = 0; v < 3; v++) {
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/comments/${ids[5]}/vote`,
        remoteAddress: `192.0.2.${10 + v}`,
        headers: { cookie: guestReader().cookie },
        payload: { value: 1 },
      });
    }
  }, 120_000);
  afterAll(async () => t?.close());

  const page = async (query: string) => (await t.app.inject(`/api/v1/threads/${threadId}/comments?${query}`)).json();

  it('pages 25 top-level comments with their replies, then the rest by cursor, without overlap', async () => {
    for (const sort of ['best', 'newest', 'oldest']) {
      const first = await page(`sort=${sort}`);
      const tops = first.comments.filter((c: Json) => c.parentId === null);
      expect(tops).toHaveLength(25);
      expect(first.comments).toHaveLength(50);
      // Every reply follows its parent directly.
      first.comments.forEach((c: Json, i: number) => c.parentId !== null && expect(first.comments[i - 1].id).toBe(c.parentId));
      const second = await page(`sort=${sort}&cursor=${first.nextCursor}`);
      expect(second.nextCursor).toBeNull();
      const all = [...tops, ...second.comments.filter((c: Json) => c.parentId === null)].map((c: Json) => c.id);
      expect(new Set(all).size).toBe(30);
    }
  });

  it('revalidates a thread page by ETag until a comment changes it', async () => {
    const first = await t.app.inject(`/api/v1/threads/${threadId}/comments`);
    const etag = String(first.headers.etag);
    expect((await t.app.inject({ url: `/api/v1/threads/${threadId}/comments`, headers: { 'if-none-match': etag } })).statusCode).toBe(304);
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/comments/${ids[7]}/vote`,
      headers: { cookie: guestReader().cookie },
      payload: { value: -1 },
    });
    const after = await t.app.inject({ url: `/api/v1/threads/${threadId}/comments`, headers: { 'if-none-match': etag } });
    expect(after.statusCode).toBe(200);
    // A downvote moves the comment down the "best" order (off this page); in time order it stays put.
    expect((await page('sort=oldest')).comments.find((c: Json) => c.id === ids[7])).toMatchObject({ score: -1 });
  });

  it('orders best by votes, newest and oldest by time', async () => {
    expect((await page('sort=best')).comments[0].id).toBe(ids[5]);
    expect((await page('sort=newest')).comments[0].id).toBe(ids[29]);
    expect((await page('sort=oldest')).comments[0].id).toBe(ids[0]);
  });

  it('refuses a cursor from another order or a forged one, naming the field', async () => {
    const newest = await page('sort=newest');
    expect((await page(`sort=oldest&cursor=${newest.nextCursor}`)).error.field).toBe('cursor');
    expect((await page('sort=best&cursor=bm9wZQ')).error.field).toBe('cursor');
    expect((await page('sort=sideways')).error.field).toBe('querystring.sort');
  });

  it('refuses a forged cursor whose time or id the database could not read with 400, never 500', async () => {
    const forge = (body: object) => Buffer.from(JSON.stringify(body)).toString('base64url');
    const forged = [
      { c: 'x', i: 'x' },
      { c: '\u0000', i: 'x' },
      { c: '2026-02-30T12:00:00.000Z', i: 'x' },
      { c: '0000-01-01T00:00:00.000Z', i: 'x' },
      { c: '2026-01-15T12:00:00.000Z', i: 'a\u0000b' },
      { c: '2026-01-15T12:00:00.000Z', i: "x' or 1=1" },
    ];
    for (const body of forged) {
      for (const url of [
        `/api/v1/threads/${threadId}/comments?sort=newest&cursor=${forge({ s: 'newest', ...body })}`,
        `/api/v1/comments/${ids[0]}/replies?cursor=${forge({ s: 'oldest', ...body })}`,
      ]) {
        const response = await t.app.inject(url);
        expect(response.statusCode, `${url} ${JSON.stringify(body)}`).toBe(400);
        expect(response.json().error).toMatchObject({ field: 'cursor', message: 'is not a cursor this server issued' });
      }
    }
    // A time with an offset (kept by a restore on SQLite) is still a time the database reads.
    const offset = await t.app.inject(
      `/api/v1/threads/${threadId}/comments?sort=newest&cursor=${forge({ s: 'newest', c: '2026-01-15T13:10:00+01:00', i: '' })}`,
    );
    expect(offset.statusCode).toBe(200);
  });
});
