// The server side of issue 13's reader items: the comment form's preview endpoint (the same
// renderer as a posted comment; validation; rate limit), an edit announced to open pages, the
// unread count the masthead badge polls, a notification marked read when opened from the inbox,
// and "Add a comment" plus the formatting help in the thread's markup.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makePost, makeStaffWithToken } from '../helpers/factories.ts';
import { testEngines } from '../helpers/engines.ts';
import { createAccount } from '../../src/domain/users/accounts.ts';
import { createSession } from '../../src/domain/users/sessions.ts';
import { RATE_RULES } from '../../src/limits/rules.ts';
import type { GazetteEvent } from '../../src/events/bus.ts';
import type { User } from '../../src/storage/schema.ts';

let seq = 0;

describe.each(testEngines())('reader form and live extras (%s)', (engine) => {
  let t: TestApp;
  let staff: User;
  let slug: string;
  let threadId: string;

  beforeAll(async () => {
    t = await buildTestApp(engine);
    staff = (await makeStaffWithToken(t.ctx, 'editor')).user;
    const post = await makePost(t.ctx, staff);
    slug = post.slug;
    threadId = (await t.app.inject(`/api/v1/posts/${post.slug}`)).json().threadId;
  });
  afterAll(async () => t?.close());

  async function person(name: string): Promise<{ user: User; cookie: string }> {
    seq++;
    const user = await createAccount(t.ctx, { email: `r${seq}-${engine}@example.test`, displayName: `${name} ${seq}`, role: 'reader' });
    return { user, cookie: `gz_session=${await createSession(t.ctx, user.id, { userAgent: null, ip: null })}` };
  }

  const preview = (payload: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/comment-preview',
      headers: { 'content-type': 'application/json', ...headers },
      payload: JSON.stringify(payload),
    });

  it('previews comment text with the comment renderer, and says what is wrong with a bad request', async () => {
    const ok = await preview({ body: 'Some **bold**, a [link](https://example.com) and <script>alert(1)</script>' });
    expect(ok.statusCode).toBe(200);
    const { html } = ok.json() as { html: string };
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<a href="https://example.com" rel="nofollow ugc noopener">link</a>');
    expect(html).not.toContain('<script>');

    const empty = await preview({ body: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'body' });
    expect(empty.json().error.message).toMatch(/must not be empty/);

    const long = await preview({ body: 'x'.repeat(10_001) });
    expect(long.statusCode).toBe(400);
    expect(long.json().error.message).toBe('must be at most 10000 characters (this one has 10001)');

    const missing = await preview({});
    expect(missing.statusCode).toBe(400);
    // Schema errors name the path in the request, as everywhere in the API.
    expect(missing.json().error.field).toBe('body.body');
    expect((await preview({ body: 'hi', extra: 1 })).statusCode).toBe(400);

    const crossSite = await preview({ body: 'hi' }, { origin: 'https://evil.example' });
    expect(crossSite.statusCode).toBe(403);
    const form = await t.app.inject({
      method: 'POST',
      url: '/api/v1/comment-preview',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'body=hi',
    });
    expect(form.statusCode).toBe(415);
  });

  it('limits previews per address', async () => {
    const headers = { 'x-forwarded-for': '203.0.113.9' };
    // inject() answers from 127.0.0.1 whatever the header says (no trusted proxy): spend the rest of that budget.
    let last = await preview({ body: 'again' }, headers);
    for (let i = 1; i < RATE_RULES.commentPreviewPerIp.limit + 5 && last.statusCode === 200; i++)
      last = await preview({ body: 'again' }, headers);
    expect(last.statusCode).toBe(429);
    expect(last.json().error.code).toBe('RATE_LIMITED');
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
    // A new window: previews again.
    t.clock.set(new Date(t.clock.now().getTime() + RATE_RULES.commentPreviewPerIp.windowSeconds * 1000));
    expect((await preview({ body: 'again' })).statusCode).toBe(200);
  });

  it('announces an edit to open pages (comment.updated) once it is saved', async () => {
    const cookie = `gz_guest=${'e'.repeat(32)}`;
    const created = await t.app.inject({
      method: 'POST',
      url: `/api/v1/threads/${threadId}/comments`,
      headers: { 'content-type': 'application/json', cookie },
      payload: { body: 'Before the edit.', guest: { name: 'Edie Tor', email: 'edie@example.test' } },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    const heard: GazetteEvent[] = [];
    const stop = t.ctx.events.subscribe((event) => heard.push(event));
    try {
      const edited = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/comments/${id}`,
        headers: { 'content-type': 'application/json', cookie },
        payload: { body: 'After the edit.' },
      });
      expect(edited.statusCode).toBe(200);
    } finally {
      stop();
    }
    expect(heard).toContainEqual({ type: 'comment.updated', threadId, postId: expect.any(String), commentId: id, id: expect.any(String) });
  });

  it('counts unread notifications for the badge, and marks one read when it is opened from the inbox', async () => {
    const alice = await person('Alice');
    const bob = await person('Bob');
    const say = async (who: { cookie: string }, body: string, parentId?: string) => {
      const response = await t.app.inject({
        method: 'POST',
        url: `/api/v1/threads/${threadId}/comments`,
        headers: { 'content-type': 'application/json', cookie: who.cookie },
        payload: { body, ...(parentId ? { parentId } : {}) },
      });
      expect(response.statusCode).toBe(201);
      return response.json().id as string;
    };
    const unread = async (who: { cookie: string }) => {
      const response = await t.app.inject({ url: '/api/v1/notifications/unread', headers: { cookie: who.cookie } });
      expect(response.statusCode).toBe(200);
      expect(response.headers['cache-control']).toBe('private, no-store');
      return response.json().unreadCount as number;
    };
    expect(await unread(alice)).toBe(0);
    expect((await t.app.inject({ url: '/api/v1/notifications/unread' })).statusCode).toBe(401);

    const parent = await say(alice, 'A point worth answering about the battery.');
    const reply = await say(bob, 'Here is my answer about the battery.', parent);
    await say(bob, 'And another answer, a second one.', parent);
    expect(await unread(alice)).toBe(2);

    const page = await t.app.inject({ url: '/inbox', headers: { cookie: alice.cookie } });
    const links = [...page.body.matchAll(/href="(\/inbox\/open\/[^"]+)"/g)].map((m) => m[1]!);
    expect(links).toHaveLength(2);
    // The masthead of a personal page loads the badge script.
    expect(page.body).toMatch(/<script type="module" src="\/assets\/unread-badge\.js\?v=[0-9a-f]+"><\/script>/);

    const items = (await t.app.inject({ url: '/api/v1/notifications', headers: { cookie: alice.cookie } })).json().items as {
      id: string;
      commentId: string;
    }[];
    const aboutReply = items.find((item) => item.commentId === reply)!;
    expect(links).toContain(`/inbox/open/${aboutReply.id}`);

    // Someone else's notification, signed out, or an id that is no id: nothing is marked.
    expect((await t.app.inject({ url: `/inbox/open/${aboutReply.id}`, headers: { cookie: bob.cookie } })).statusCode).toBe(404);
    const signedOut = await t.app.inject({ url: `/inbox/open/${aboutReply.id}` });
    expect(signedOut.statusCode).toBe(303);
    expect(signedOut.headers.location).toBe(`/signin?next=${encodeURIComponent(`/inbox/open/${aboutReply.id}`)}`);
    expect((await t.app.inject({ url: '/inbox/open/not%20an%20id', headers: { cookie: alice.cookie } })).statusCode).toBe(400);
    expect(await unread(alice)).toBe(2);

    const opened = await t.app.inject({ url: `/inbox/open/${aboutReply.id}`, headers: { cookie: alice.cookie } });
    expect(opened.statusCode).toBe(303);
    expect(opened.headers.location).toBe(`/comments/${reply}`);
    expect(await unread(alice)).toBe(1);
    const after = (await t.app.inject({ url: '/api/v1/notifications', headers: { cookie: alice.cookie } })).json().items as {
      id: string;
      read: boolean;
    }[];
    expect(after.find((item) => item.id === aboutReply.id)!.read).toBe(true);
    expect(after.filter((item) => !item.read)).toHaveLength(1);
  });

  it('puts "Add a comment" at the top of the discussion and formatting help under the text box', async () => {
    const page = await t.app.inject(`/articles/${slug}`);
    expect(page.statusCode).toBe(200);
    const section = page.body.slice(page.body.indexOf('<section id="comments"'));
    const heading = section.indexOf('id="comments-heading"');
    const jump = section.indexOf('<a class="add-comment" href="#comment-form">Add a comment</a>');
    expect(jump).toBeGreaterThan(heading);
    // Before anything else the reader could tab to in the discussion.
    expect(jump).toBeLessThan(section.indexOf('<form id="comment-form"'));
    expect(section).toMatch(/<\/textarea>\s*<details class="formatting-help">\s*<summary>Formatting help<\/summary>/);
    // The article header's count lands at the top of the discussion, where the jump is.
    expect(page.body).toMatch(/<a class="comment-count" href="#comments">/);
  });
});
