// Posting through the pipeline over HTTP: held comments answer 202 and stay out of the thread;
// banned commenters are refused with why; shadow-banned ones see 201 and nobody else sees the
// comment; closed and auto-closed threads refuse; slow mode answers 429 with Retry-After;
// listed words show masked; edits are screened again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveModerationSettings } from '../../src/domain/moderation/settings.ts';
import { parseModeration } from '../../src/domain/moderation/types.ts';
import { findComment } from '../../src/storage/repos/comments.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { makeStaffWithToken, makeUser } from '../helpers/factories.ts';
import { makeThread, sanction, unique } from './helpers.ts';

type Json = Record<string, unknown>;

describe.each(testEngines())('posting through the moderation pipeline (%s)', (engine) => {
  let t: TestApp;
  let moderatorId: string;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    moderatorId = (await makeUser(t.ctx, 'moderator')).id;
  });
  afterAll(async () => t?.close());

  const newThread = async () => (await makeThread(t.ctx)).thread.id;
  /** A browser keeping its guest cookie, posting as one guest. */
  function guestBrowser(email = `${unique()}@example.com`, ip = '192.0.2.44') {
    let cookie = '';
    const send = async (method: 'POST' | 'PATCH', url: string, payload: Json) => {
      const response = await t.app.inject({ method, url, remoteAddress: ip, payload, headers: cookie ? { cookie } : {} });
      const set = response.headers['set-cookie'];
      if (typeof set === 'string') cookie = set.split(';')[0]!;
      return response;
    };
    return {
      email,
      post: (threadId: string, body: string) =>
        send('POST', `/api/v1/threads/${threadId}/comments`, { body, guest: { name: 'Quinn', email } }),
      edit: (id: string, body: string) => send('PATCH', `/api/v1/comments/${id}`, { body }),
    };
  }
  const thread = async (threadId: string) => (await t.app.inject(`/api/v1/threads/${threadId}/comments`)).json();
  const moderationNotices = (commentId: string) =>
    t.storage.db
      .selectFrom('notifications')
      .select('user_id')
      .where('comment_id', '=', commentId)
      .where('kind', '=', 'moderation')
      .execute();

  it('holds a comment under an all-reviewed thread: 202, pending, out of the thread and its count, moderators told', async () => {
    const threadId = await newThread();
    await t.storage.db.updateTable('threads').set({ policy: 'all' }).where('id', '=', threadId).execute();
    const response = await guestBrowser().post(threadId, 'Waiting for a moderator.');
    expect(response.statusCode).toBe(202);
    expect(response.json().status).toBe('pending');
    const listed = await thread(threadId);
    expect(listed.comments).toEqual([]);
    expect(listed.commentCount).toBe(0);
    const row = await findComment(t.storage.db, response.json().id);
    // The shipped base spam model speaks on every comment: here it lets the text through.
    expect(parseModeration(row!.moderation)).toEqual([
      { step: 'policy', verdict: 'hold', reason: 'every comment on this thread is reviewed before it appears' },
      expect.objectContaining({ step: 'model', verdict: 'publish' }),
    ]);
    expect(row!.ip_hash).toMatch(/^[0-9a-f]{64}$/);
    expect((await moderationNotices(row!.id)).map((n) => n.user_id)).toContain(moderatorId);
  });

  // Posting reads screening's history with the thread itself, before the thread's own policy is
  // known: the site's policy decides what is read then, and the thread's still decides the outcome.
  it("follows a thread's own first-comment policy on an open site, and an open thread on a first-comment site", async () => {
    const strict = await newThread();
    await t.storage.db.updateTable('threads').set({ policy: 'first-comment' }).where('id', '=', strict).execute();
    const newcomer = guestBrowser();
    const first = await newcomer.post(strict, 'My first words here.');
    expect(first.statusCode).toBe(202);
    expect(parseModeration((await findComment(t.storage.db, first.json().id))!.moderation)[0]).toEqual({
      step: 'policy',
      verdict: 'hold',
      reason: 'first comment from this commenter; this thread reviews first comments',
    });
    await t.storage.db.updateTable('comments').set({ status: 'published' }).where('id', '=', first.json().id).execute();
    expect((await newcomer.post(strict, 'Known here now, so straight through.')).statusCode).toBe(201);

    const open = await newThread();
    await t.storage.db.updateTable('threads').set({ policy: 'open' }).where('id', '=', open).execute();
    await saveModerationSettings(t.ctx, { policy: 'first-comment' });
    try {
      expect((await guestBrowser().post(open, 'A newcomer on an open thread.')).statusCode).toBe(201);
      expect((await guestBrowser().post(await newThread(), 'A newcomer where the site decides.')).statusCode).toBe(202);
    } finally {
      await saveModerationSettings(t.ctx, { policy: 'open' });
    }
  });

  it('refuses a banned commenter with 403 saying until when and why', async () => {
    const threadId = await newThread();
    const browser = guestBrowser();
    await sanction(t.ctx, `email:${browser.email}`, 'ban', { reason: 'repeated insults', expiresAt: '2026-02-01T00:00:00.000Z' });
    const response = await browser.post(threadId, 'Let me back in.');
    expect(response.statusCode).toBe(403);
    expect(response.json().error).toMatchObject({
      code: 'BANNED',
      message: 'you are banned from commenting until 2026-02-01 00:00:00 UTC: repeated insults',
    });
    expect((await thread(threadId)).commentCount).toBe(0);
  });

  it('answers a shadow-banned commenter 201 as if published; the public thread never shows it and nobody is told', async () => {
    const threadId = await newThread();
    const browser = guestBrowser();
    await sanction(t.ctx, `email:${browser.email}`, 'shadow', { reason: 'trolling' });
    const response = await browser.post(threadId, 'Nobody can hear me.');
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ status: 'published', bodyHtml: '<p>Nobody can hear me.</p>\n' });
    expect((await findComment(t.storage.db, response.json().id))?.status).toBe('shadow');
    const listed = await thread(threadId);
    expect(JSON.stringify(listed)).not.toContain(response.json().id);
    expect(listed.commentCount).toBe(0);
    expect(await t.storage.db.selectFrom('notifications').select('id').where('comment_id', '=', response.json().id).execute()).toEqual([]);
  });

  it('marks blocked-domain links as spam without telling the poster, and notifies nobody', async () => {
    const threadId = await newThread();
    await saveModerationSettings(t.ctx, { blockedDomains: ['pills.example'] });
    try {
      const response = await guestBrowser().post(threadId, 'Great deals at https://shop.pills.example');
      expect(response.statusCode).toBe(201);
      expect(response.json().status).toBe('published');
      const row = await findComment(t.storage.db, response.json().id);
      expect(row?.status).toBe('spam');
      expect(await t.storage.db.selectFrom('notifications').select('id').where('comment_id', '=', row!.id).execute()).toEqual([]);
      expect((await thread(threadId)).commentCount).toBe(0);
    } finally {
      await saveModerationSettings(t.ctx, { blockedDomains: [] });
    }
  });

  it('marks the same text posted again in another thread as spam, and holds it again in the same thread', async () => {
    const [first, second] = [await newThread(), await newThread()];
    const browser = guestBrowser();
    const text = 'Check out my channel for daily phone reviews and giveaways';
    expect((await browser.post(first, text)).statusCode).toBe(201);
    t.clock.advance(5 * 60_000);
    const again = await browser.post(second, text.toUpperCase());
    expect(again.statusCode).toBe(201);
    const row = await findComment(t.storage.db, again.json().id);
    expect(row?.status).toBe('spam');
    expect(parseModeration(row!.moderation)).toContainEqual({
      step: 'repeated',
      verdict: 'spam',
      reason: 'the same text was posted by this commenter in another thread 5 minutes ago',
    });
    // Said twice in one thread (a double post): held, not spam.
    const other = guestBrowser();
    expect((await other.post(first, 'I have said this before and I will say it again')).statusCode).toBe(201);
    t.clock.advance(60_000);
    const twice = await other.post(first, 'I have said this before, and I will say it again!');
    expect(twice.statusCode).toBe(202);
  });

  it('refuses new comments on a closed thread and on one past the automatic closing age', async () => {
    const closed = await newThread();
    await t.storage.db
      .updateTable('threads')
      .set({ closed_at: new Date(t.clock.now()).toISOString() })
      .where('id', '=', closed)
      .execute();
    const refused = await guestBrowser().post(closed, 'Too late?');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({ code: 'THREAD_CLOSED', message: 'comments on this thread are closed' });

    const old = await newThread();
    await saveModerationSettings(t.ctx, { autoCloseDays: 30 });
    try {
      expect((await guestBrowser().post(old, 'Still open today.')).statusCode).toBe(201);
      t.clock.advance(31 * 86400_000);
      const late = await guestBrowser().post(old, 'A month later.');
      expect(late.statusCode).toBe(403);
      expect(late.json().error).toMatchObject({
        code: 'THREAD_CLOSED',
        message: 'comments on this thread are closed: threads close 30 days after publication',
      });
    } finally {
      await saveModerationSettings(t.ctx, { autoCloseDays: null });
    }
  });

  it('slow mode: a second comment in the thread too soon gets 429 with Retry-After; elsewhere and later is fine', async () => {
    const threadId = await newThread();
    const other = await newThread();
    await saveModerationSettings(t.ctx, { slowModeSeconds: 60 });
    try {
      const browser = guestBrowser();
      expect((await browser.post(threadId, 'First thought.')).statusCode).toBe(201);
      t.clock.advance(15_000);
      const refused = await browser.post(threadId, 'Second thought.');
      expect(refused.statusCode).toBe(429);
      expect(refused.headers['retry-after']).toBe('45');
      expect(refused.json().error).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringContaining('slow mode') });
      expect((await browser.post(other, 'Another thread is fine.')).statusCode).toBe(201);
      t.clock.advance(45_000);
      expect((await browser.post(threadId, 'Second thought.')).statusCode).toBe(201);
      // Staff are not slowed down.
      const staff = await makeStaffWithToken(t.ctx, 'moderator');
      const url = `/api/v1/threads/${threadId}/comments`;
      for (const body of ['Mod note one.', 'Mod note two.'])
        expect((await t.app.inject({ method: 'POST', url, headers: staff.auth, payload: { body } })).statusCode).toBe(201);
    } finally {
      await saveModerationSettings(t.ctx, { slowModeSeconds: 0 });
    }
  });

  it('shows listed words masked, in the answer and in the thread', async () => {
    const threadId = await newThread();
    const response = await guestBrowser().post(threadId, 'Sony, what the fuck are you doing?');
    expect(response.statusCode).toBe(201);
    expect(response.json().bodyHtml).toBe('<p>Sony, what the f**k are you doing?</p>\n');
    expect((await thread(threadId)).comments[0].bodyHtml).toBe('<p>Sony, what the f**k are you doing?</p>\n');
    expect(parseModeration((await findComment(t.storage.db, response.json().id))!.moderation)).toEqual([
      expect.objectContaining({ step: 'words', verdict: 'publish' }),
      expect.objectContaining({ step: 'model', verdict: 'publish' }),
    ]);
  });

  it('screens an edit again: a published comment edited into spam leaves the thread and its count', async () => {
    const threadId = await newThread();
    const browser = guestBrowser();
    const posted = await browser.post(threadId, 'An honest opinion.');
    expect((await thread(threadId)).commentCount).toBe(1);
    await saveModerationSettings(t.ctx, { blockedDomains: ['pills.example'] });
    try {
      const edited = await browser.edit(posted.json().id, 'Now with https://pills.example links');
      expect(edited.statusCode).toBe(200);
      expect(edited.json().status).toBe('published');
      expect((await findComment(t.storage.db, posted.json().id))?.status).toBe('spam');
      expect((await thread(threadId)).commentCount).toBe(0);
    } finally {
      await saveModerationSettings(t.ctx, { blockedDomains: [] });
    }
  });
});
