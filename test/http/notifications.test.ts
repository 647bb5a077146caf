import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makePost, makeStaffWithToken } from '../helpers/factories.ts';
import { testEngines } from '../helpers/engines.ts';
import { linkTo, startMailbox, type Mailbox } from '../helpers/mail.ts';
import { createAccount } from '../../src/domain/users/accounts.ts';
import { createSession } from '../../src/domain/users/sessions.ts';
import { sendDueNotificationEmails } from '../../src/domain/notifications/digest.ts';
import { notifyNewComment, notifyPublished } from '../../src/domain/notifications/notify.ts';
import { insertComment, UNMODERATED, updateComment } from '../../src/storage/repos/comments.ts';
import { newId } from '../../src/ids.ts';
import type { Comment, Role, User } from '../../src/storage/schema.ts';

const BASE = 'https://news.example';
const SITE = { title: 'Gazette Test', baseUrl: BASE };
let seq = 0;

describe.each(testEngines())('notifications (%s)', (engine) => {
  let t: TestApp;
  let mailbox: Mailbox;
  let staff: User;

  beforeAll(async () => {
    mailbox = await startMailbox();
    t = await buildTestApp(engine, { smtpUrl: mailbox.url, publicUrl: BASE });
    staff = (await makeStaffWithToken(t.ctx, 'editor')).user;
  });
  afterAll(async () => {
    await t?.close();
    await mailbox?.close();
  });

  interface Person {
    user: User;
    cookie: string;
  }

  async function person(name: string, options: { role?: Role; emailVerified?: boolean } = {}): Promise<Person> {
    seq++;
    const user = await createAccount(t.ctx, {
      email: `p${seq}-${engine}@example.test`,
      displayName: `${name} ${seq}`,
      role: options.role ?? 'reader',
      emailVerified: options.emailVerified,
    });
    const token = await createSession(t.ctx, user.id, { userAgent: null, ip: null });
    return { user, cookie: `gz_session=${token}` };
  }

  async function newThread(): Promise<{ threadId: string; title: string }> {
    const post = await makePost(t.ctx, staff);
    return { threadId: (await t.app.inject(`/api/v1/posts/${post.slug}`)).json().threadId, title: post.title };
  }

  async function comment(who: Person | 'guest', threadId: string, body: string, parentId?: string): Promise<string> {
    const headers = who === 'guest' ? {} : { cookie: who.cookie };
    const payload = {
      body,
      ...(parentId ? { parentId } : {}),
      ...(who === 'guest' ? { guest: { name: `Guest ${++seq}`, email: `guest${seq}@example.test` } } : {}),
    };
    const response = await t.app.inject({ method: 'POST', url: `/api/v1/threads/${threadId}/comments`, headers, payload });
    expect(response.statusCode).toBe(201);
    return response.json().id as string;
  }

  const inbox = async (p: Person) => (await t.app.inject({ url: '/api/v1/notifications', headers: { cookie: p.cookie } })).json();
  const due = () => sendDueNotificationEmails(t.ctx, SITE, t.clock.now());
  const outboxTo = (p: Person) =>
    t.ctx.db.selectFrom('outbox').selectAll().where('to_address', '=', p.user.email).orderBy('created_at').orderBy('id').execute();
  const pendingOf = (p: Person) =>
    t.ctx.db.selectFrom('notifications').select('id').where('user_id', '=', p.user.id).where('email_state', '=', 'pending').execute();

  it('tells the parent author of a reply: inbox item, unread count, masthead', async () => {
    const { threadId, title } = await newThread();
    const alice = await person('Alice');
    const bob = await person('Bob');
    const parent = await comment(alice, threadId, 'I think the battery is the story here.');
    const reply = await comment(bob, threadId, 'Agreed, the battery is everything.', parent);

    const box = await inbox(alice);
    expect(box.unreadCount).toBe(1);
    expect(box.items).toHaveLength(1);
    expect(box.items[0]).toMatchObject({
      kind: 'reply',
      commentId: reply,
      url: `/comments/${reply}`,
      threadTitle: title,
      actorName: bob.user.display_name,
      read: false,
    });
    expect(box.items[0].excerpt).toContain('battery is everything');
    expect((await inbox(bob)).items).toHaveLength(0);

    const page = await t.app.inject({ url: '/inbox', headers: { cookie: alice.cookie } });
    expect(page.statusCode).toBe(200);
    // Through /inbox/open/ID, which marks it read on the way to the comment (test/http/reader-form-live.test.ts).
    expect(page.body).toContain(`href="/inbox/open/${box.items[0].id}"`);
    expect(page.body).toContain('notification-unread');
    expect(page.body).toMatch(/Inbox <span class="unread-count">1/);

    const marked = await t.app.inject({
      method: 'POST',
      url: '/api/v1/notifications/read',
      headers: { cookie: alice.cookie },
      payload: {},
    });
    expect(marked.json()).toEqual({ marked: 1, unreadCount: 0 });
    expect((await inbox(alice)).items[0].read).toBe(true);
  });

  it('tells a mentioned account, once, and never the author about their own comment', async () => {
    const { threadId } = await newThread();
    const carol = await person('Carol');
    const dave = await person('Dave');
    const erin = await person('Erin');
    await comment(carol, threadId, 'First!');
    const daves = await comment(dave, threadId, 'Second.');
    // Replying to Dave and mentioning him: one notification (the reply), not two.
    const mention = await comment(erin, threadId, `@${carol.user.display_name} and @${dave.user.display_name} both have a point`, daves);
    // Replying to yourself and mentioning yourself tells nobody.
    await comment(erin, threadId, `@${erin.user.display_name} talking to myself`, mention);

    expect((await inbox(carol)).items.map((i: { kind: string; commentId: string }) => [i.kind, i.commentId])).toEqual([
      ['mention', mention],
    ]);
    expect((await inbox(dave)).items.map((i: { kind: string }) => i.kind)).toEqual(['reply']);
    expect((await inbox(erin)).items).toHaveLength(0);
  });

  it('gives a guest parent nothing, and unauthenticated callers no inbox', async () => {
    const { threadId } = await newThread();
    const frank = await person('Frank');
    const guestComment = await comment('guest', threadId, 'A guest speaks.');
    await comment(frank, threadId, 'Answering the guest.', guestComment);
    const rows = await t.ctx.db.selectFrom('notifications').selectAll().where('thread_id', '=', threadId).execute();
    expect(rows).toHaveLength(0);
    expect((await t.app.inject('/api/v1/notifications')).statusCode).toBe(401);
    const page = await t.app.inject('/inbox');
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/signin?next=%2Finbox');
  });

  it('keeps notifications in the inbox only when the preference is off or the email unverified', async () => {
    const { threadId } = await newThread();
    const quiet = await person('Quiet');
    const unverified = await person('Unverified', { emailVerified: false });
    const replier = await person('Replier');
    const off = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/me/email-preferences',
      headers: { cookie: quiet.cookie },
      payload: { replies: false },
    });
    expect(off.json()).toEqual({ replies: false, mentions: true, moderation: true });

    await comment(replier, threadId, 'To both of you.', await comment(quiet, threadId, 'Quiet here.'));
    await comment(replier, threadId, 'And you.', await comment(unverified, threadId, 'Not confirmed yet.'));
    await due();
    expect((await inbox(quiet)).unreadCount).toBe(1);
    expect((await inbox(unverified)).unreadCount).toBe(1);
    expect(await outboxTo(quiet)).toHaveLength(0);
    expect(await outboxTo(unverified)).toHaveLength(0);
    expect(await pendingOf(quiet)).toHaveLength(0);
  });

  it('mails at most once per thread per 10 minutes, grouping what came in between', async () => {
    const { threadId, title } = await newThread();
    const gina = await person('Gina');
    const hank = await person('Hank');
    const parent = await comment(gina, threadId, 'Is the Z5 Compact worth it?');

    await comment(hank, threadId, 'Yes, for the size alone.', parent);
    // Two instances deciding at once still send one mail.
    await Promise.all([due(), due(), due()]);
    const first = await outboxTo(gina);
    expect(first).toHaveLength(1);
    expect(first[0]!.subject).toBe(`${hank.user.display_name} replied to your comment in “${title}”`);

    t.clock.advance(60_000);
    await comment(hank, threadId, 'Also the battery.', parent);
    t.clock.advance(60_000);
    await comment(hank, threadId, 'And the price dropped.', parent);
    await due();
    expect(await outboxTo(gina)).toHaveLength(1);
    expect(await pendingOf(gina)).toHaveLength(2);

    t.clock.advance(8 * 60_000);
    await due();
    const after = await outboxTo(gina);
    expect(after).toHaveLength(2);
    expect(after[1]!.subject).toBe(`2 new replies in “${title}”`);
    expect(after[1]!.text_body).toContain('Also the battery.');
    expect(after[1]!.text_body).toContain('And the price dropped.');
    expect(await pendingOf(gina)).toHaveLength(0);
    await due();
    expect(await outboxTo(gina)).toHaveLength(2);
  });

  it('delivers through SMTP with both parts and one-click unsubscribe that works and refuses forgeries', async () => {
    const { threadId } = await newThread();
    const ivy = await person('Ivy');
    const jack = await person('Jack');
    await comment(jack, threadId, 'Replying with **bold** words.', await comment(ivy, threadId, 'Anyone tried the update?'));
    await due();
    await t.mail.deliverNow();
    const mail = await mailbox.waitFor((m) => m.to === ivy.user.email);
    expect(mail.text).toContain('Replying with **bold** words.');
    expect(mail.html).toContain('<blockquote');
    const list = mail.headers.get('list') as Record<string, { url?: string }>;
    const unsubscribe = linkTo(mail, '/unsubscribe');
    expect(list.unsubscribe?.url).toBe(unsubscribe.toString());
    expect(list['unsubscribe-post']).toBeDefined();
    expect(unsubscribe.origin).toBe(BASE);

    const path = `${unsubscribe.pathname}${unsubscribe.search}`;
    const confirm = await t.app.inject(path);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('replies to your comments');
    expect(confirm.body).toContain(`action="${path.replace(/&/g, '&amp;')}"`);
    // Still on: following the link only asks.
    expect((await t.app.inject({ url: '/api/v1/me/email-preferences', headers: { cookie: ivy.cookie } })).json().replies).toBe(true);

    const forged = new URL(unsubscribe);
    forged.searchParams.set('k', 'all');
    expect((await t.app.inject(`${forged.pathname}${forged.search}`)).statusCode).toBe(403);
    const tampered = new URL(unsubscribe);
    tampered.searchParams.set('sig', `${tampered.searchParams.get('sig')!.slice(0, -2)}xx`);
    const refused = await t.app.inject({
      method: 'POST',
      url: `${tampered.pathname}${tampered.search}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(refused.statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/v1/me/email-preferences', headers: { cookie: ivy.cookie } })).json().replies).toBe(true);

    // RFC 8058: no cookie, no CSRF token; the signature is enough.
    const done = await t.app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('You are unsubscribed');
    expect((await t.app.inject({ url: '/api/v1/me/email-preferences', headers: { cookie: ivy.cookie } })).json()).toEqual({
      replies: false,
      mentions: true,
      moderation: true,
    });
  });

  it('pages the inbox newest first with a cursor', async () => {
    const { threadId } = await newThread();
    const olga = await person('Olga');
    const pete = await person('Pete');
    const parent = await comment(olga, threadId, 'Ask me anything.');
    const replies: string[] = [];
    for (const n of [1, 2, 3]) {
      t.clock.advance(1000);
      replies.push(await comment(pete, threadId, `Question ${n}`, parent));
    }
    const get = async (query: string) =>
      (await t.app.inject({ url: `/api/v1/notifications${query}`, headers: { cookie: olga.cookie } })).json();
    const first = await get('?limit=2');
    expect(first.items.map((i: { commentId: string }) => i.commentId)).toEqual([replies[2], replies[1]]);
    expect(first.unreadCount).toBe(3);
    const second = await get(`?limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((i: { commentId: string }) => i.commentId)).toEqual([replies[0]]);
    expect(second.nextCursor).toBeNull();
    const html = await t.app.inject({ url: `/inbox?cursor=${first.nextCursor}`, headers: { cookie: olga.cookie } });
    expect(html.body).toContain('Question 1');
    expect(html.body).not.toContain('Question 3');
    expect((await get('?cursor=bm9wZQ')).error.field).toBe('cursor');
  });

  it('has a preferences form that saves checkboxes', async () => {
    const kim = await person('Kim');
    const page = await t.app.inject({ url: '/settings/notifications', headers: { cookie: kim.cookie } });
    expect(page.statusCode).toBe(200);
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)![1]!;
    expect(page.body).not.toContain('name="moderation"');
    const saved = await t.app.inject({
      method: 'POST',
      url: '/settings/notifications',
      headers: { cookie: kim.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `csrf=${encodeURIComponent(csrf)}&mentions=1`,
    });
    expect(saved.statusCode).toBe(303);
    expect((await t.app.inject({ url: '/api/v1/me/email-preferences', headers: { cookie: kim.cookie } })).json()).toEqual({
      replies: false,
      mentions: true,
      moderation: true,
    });
    const noToken = await t.app.inject({
      method: 'POST',
      url: '/settings/notifications',
      headers: { cookie: kim.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'replies=1',
    });
    expect(noToken.statusCode).toBe(403);
  });

  it('tells moderators about held comments, and readers once the comment is published', async () => {
    const { threadId } = await newThread();
    const mod = await person('Mod', { role: 'moderator' });
    const lee = await person('Lee');
    const max = await person('Max');
    const parent = await comment(lee, threadId, 'Original point.');
    const now = t.clock.now().toISOString();
    const held: Comment = {
      id: newId(),
      thread_id: threadId,
      parent_id: parent,
      root_id: parent,
      depth: 1,
      author_id: max.user.id,
      guest_name: null,
      guest_email: null,
      guest_key_hash: null,
      body_markdown: 'Held for review.',
      body_html: '<p>Held for review.</p>',
      status: 'pending',
      upvotes: 0,
      downvotes: 0,
      wilson: 0,
      created_at: now,
      edited_at: null,
      deleted_at: null,
      ...UNMODERATED,
    };
    await insertComment(t.ctx.db, held);
    await notifyNewComment(t.ctx, held);
    expect((await inbox(mod)).items.map((i: { kind: string }) => i.kind)).toEqual(['moderation']);
    expect((await inbox(lee)).items).toHaveLength(0);

    await updateComment(t.ctx.db, held.id, { status: 'published' });
    expect(await notifyPublished(t.ctx, held)).toBe(1);
    expect(await notifyPublished(t.ctx, held)).toBe(0);
    expect((await inbox(lee)).items.map((i: { kind: string }) => i.kind)).toEqual(['reply']);
    expect((await inbox(mod)).unreadCount).toBe(0);
  });

  it('describes the notification endpoints in the OpenAPI document', async () => {
    const doc = (await t.app.inject('/api/v1/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/notifications', '/api/v1/notifications/read', '/api/v1/me/email-preferences']),
    );
  });
});
