// The moderation API: who may use it, what every action changes (status, thread count, audit
// log, notifications), bulk all-or-nothing, bans, threads, the queues' filters and cursor.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makePost, makeStaffWithToken, makeUser } from '../helpers/factories.ts';
import { testEngines } from '../helpers/engines.ts';
import { seedComment, seedReports } from '../helpers/held-comments.ts';
import { findComment } from '../../src/storage/repos/comments.ts';
import { findThreadById } from '../../src/storage/repos/threads.ts';
import { activeSanctions } from '../../src/storage/repos/sanctions.ts';
import { createApiToken } from '../../src/domain/users/accounts.ts';
import type { Post, Role, User } from '../../src/storage/schema.ts';

type Json = Record<string, unknown>;

describe.each(testEngines())('moderation API on %s', (engine) => {
  let t: TestApp;
  let moderator: { user: User; auth: { authorization: string } };
  let admin: { user: User; auth: { authorization: string } };
  let editor: User;
  let post: Post;
  let threadId: string;
  let otherPost: Post;
  let otherThreadId: string;
  let reader: User;

  beforeAll(async () => {
    t = await buildTestApp(engine);
    moderator = await makeStaffWithToken(t.ctx, 'moderator');
    admin = await makeStaffWithToken(t.ctx, 'admin');
    editor = await makeUser(t.ctx, 'editor');
    post = await makePost(t.ctx, editor, { title: 'Phones of the year' });
    otherPost = await makePost(t.ctx, editor, { title: 'Tablets of the year' });
    threadId = (await t.app.inject(`/api/v1/posts/${post.slug}`)).json().threadId;
    otherThreadId = (await t.app.inject(`/api/v1/posts/${otherPost.slug}`)).json().threadId;
    reader = await makeUser(t.ctx, 'reader', 'Rita Reader');
  });
  afterAll(async () => t?.close());

  const api = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: Json, auth = moderator.auth) =>
    t.app.inject({ method, url: `/api/v1/admin/moderation${url}`, headers: auth, ...(payload ? { payload } : {}) });
  const count = async (id = threadId) => (await findThreadById(t.ctx.db, id))!.comment_count;
  const status = async (id: string) => (await findComment(t.ctx.db, id))!.status;
  const log = async (query = '') => (await api('GET', `/log${query}`)).json().entries as Json[];
  const later = () => t.clock.advance(60_000);

  it('lets moderators and admins in and keeps readers, authors and editors out', async () => {
    const held = await seedComment(t.ctx, { threadId });
    for (const role of ['reader', 'author', 'editor'] as Role[]) {
      const { auth } = await makeStaffWithToken(t.ctx, role);
      expect((await api('GET', '/queue?status=pending', undefined, auth)).statusCode, role).toBe(403);
      expect((await api('POST', `/comments/${held.id}/approve`, {}, auth)).statusCode, role).toBe(403);
      expect((await api('GET', '/log', undefined, auth)).statusCode, role).toBe(403);
    }
    expect((await t.app.inject('/api/v1/admin/moderation/queue?status=pending')).statusCode).toBe(401);
    expect((await api('GET', '/queue?status=pending', undefined, admin.auth)).statusCode).toBe(200);
    expect((await api('GET', '/queue?status=pending')).statusCode).toBe(200);
    expect(await status(held.id)).toBe('pending');
    await api('POST', `/comments/${held.id}/spam`, {});
  });

  it('approves a held comment: published, counted, notified, logged, announced', async () => {
    later();
    const parent = await seedComment(t.ctx, { threadId, status: 'published', author: reader, body: 'The camera is good.' });
    const held = await seedComment(t.ctx, {
      threadId,
      parentId: parent.id,
      guest: { name: 'Holly', email: 'holly@example.test' },
      steps: [{ step: 'links', verdict: 'hold', reason: '4 links; the site allows 3' }],
    });
    const before = await count();
    const events: string[] = [];
    const stop = t.ctx.events.subscribe((e) => events.push(e.type));
    const response = await api('POST', `/comments/${held.id}/approve`, {});
    stop();
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ id: held.id, status: 'published', queues: ['recent'], logId: expect.any(String) });
    expect(await count()).toBe(before + 1);
    const row = (await findComment(t.ctx.db, held.id))!;
    expect(row.reviewed_by).toBe(moderator.user.id);
    expect(events).toEqual(expect.arrayContaining(['comment.created', 'notification.created']));
    const inbox = await t.ctx.db
      .selectFrom('notifications')
      .selectAll()
      .where('user_id', '=', reader.id)
      .where('comment_id', '=', held.id)
      .execute();
    expect(inbox.map((n) => n.kind)).toEqual(['reply']);
    expect((await log(`?comment=${held.id}`))[0]).toMatchObject({
      action: 'approve',
      actor: { id: moderator.user.id },
      subject: 'email:holly@example.test',
      details: { from: 'pending', to: 'published' },
    });
  });

  it('rejects with a reason the author is shown, and takes a published comment out of the count', async () => {
    later();
    const published = await seedComment(t.ctx, { threadId, status: 'published', author: reader, body: 'Something rude.' });
    const before = await count();
    expect((await api('POST', `/comments/${published.id}/reject`, {})).json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'reason',
    });
    const response = await api('POST', `/comments/${published.id}/reject`, { reason: 'Personal attacks are not allowed here.' });
    expect(response.json()).toMatchObject({ status: 'rejected', queues: ['recent'] });
    expect(await count()).toBe(before - 1);
    expect((await findComment(t.ctx.db, published.id))!.rejection_reason).toBe('Personal attacks are not allowed here.');
    expect((await log(`?comment=${published.id}&action=reject`))[0]).toMatchObject({ reason: 'Personal attacks are not allowed here.' });
    // The author reads the reason in their own view of the thread; nobody else sees the comment.
    const token = await createApiToken(t.ctx, reader.id, 'mine');
    const mine = (await t.app.inject({ url: `/api/v1/threads/${threadId}/mine`, headers: { authorization: `Bearer ${token}` } })).json()
      .comments as Json[];
    expect(mine.find((c) => c.id === published.id)).toMatchObject({
      status: 'rejected',
      rejectionReason: 'Personal attacks are not allowed here.',
    });
    expect((await t.app.inject(`/api/v1/threads/${threadId}/mine`)).json().comments).toEqual([]);
    const recent = (await api('GET', `/queue?status=recent&author=${reader.id}`)).json().items as Json[];
    expect(recent.find((i) => i.id === published.id)).toMatchObject({
      rejectionReason: 'Personal attacks are not allowed here.',
      reasons: [{ source: 'moderator', text: 'Rejected by a moderator: Personal attacks are not allowed here.' }],
    });
  });

  it('marks spam and not spam, feature and pin, each logged', async () => {
    later();
    const c = await seedComment(t.ctx, { threadId, status: 'published', author: reader, body: 'Buy cheap phones at example.com' });
    const before = await count();
    expect((await api('POST', `/comments/${c.id}/spam`)).json()).toMatchObject({ status: 'spam', queues: ['spam', 'recent'] });
    expect(await count()).toBe(before - 1);
    // Each decision teaches the learned filter (relabelling moves the comment to the other side).
    expect((await findComment(t.ctx.db, c.id))!.trained_as).toBe('spam');
    expect((await api('POST', `/comments/${c.id}/not-spam`, {})).json()).toMatchObject({ status: 'published' });
    expect(await count()).toBe(before);
    expect((await findComment(t.ctx.db, c.id))!.trained_as).toBe('ham');
    expect((await api('POST', `/comments/${c.id}/feature`, {})).statusCode).toBe(200);
    expect((await api('POST', `/comments/${c.id}/pin`, {})).statusCode).toBe(200);
    let row = (await findComment(t.ctx.db, c.id))!;
    expect(row.featured_at).not.toBeNull();
    expect(row.pinned_at).not.toBeNull();
    await api('POST', `/comments/${c.id}/unfeature`, {});
    await api('POST', `/comments/${c.id}/unpin`, {});
    row = (await findComment(t.ctx.db, c.id))!;
    expect([row.featured_at, row.pinned_at]).toEqual([null, null]);
    // Same clock instant: the log's order within one millisecond is its ids', so compare as sets.
    expect((await log(`?comment=${c.id}`)).map((e) => e.action).sort()).toEqual([
      'feature',
      'not-spam',
      'pin',
      'spam',
      'unfeature',
      'unpin',
    ]);
    const held = await seedComment(t.ctx, { threadId });
    expect((await api('POST', `/comments/${held.id}/feature`, {})).statusCode).toBe(409);
    expect((await api('POST', '/comments/nosuchcomment/approve', {})).statusCode).toBe(404);
  });

  it('does bulk actions all or nothing, naming the comment at fault', async () => {
    later();
    const a = await seedComment(t.ctx, { threadId, body: 'bulk one' });
    const b = await seedComment(t.ctx, { threadId, body: 'bulk two' });
    const gone = await seedComment(t.ctx, { threadId, status: 'deleted', body: '' });
    const failed = await api('POST', '/bulk', { action: 'spam', ids: [a.id, gone.id, b.id] });
    expect(failed.statusCode).toBe(409);
    expect(failed.json().error).toMatchObject({ field: 'ids[1]' });
    expect(failed.json().error.message).toContain(gone.id);
    expect([await status(a.id), await status(b.id)]).toEqual(['pending', 'pending']);
    expect(await log(`?comment=${a.id}`)).toEqual([]);
    const done = await api('POST', '/bulk', { action: 'spam', ids: [a.id, b.id] });
    expect(done.json().items.map((i: Json) => i.status)).toEqual(['spam', 'spam']);
    expect((await log('?action=spam')).filter((e) => e.commentId === a.id || e.commentId === b.id)).toHaveLength(2);
    expect((await api('POST', '/bulk', { action: 'reject', ids: [a.id] })).json().error.field).toBe('reason');
    expect((await api('POST', '/bulk', { action: 'feature', ids: [a.id] })).statusCode).toBe(400);
  });

  it('bans accounts and guests, for days or for good, and lifts bans', async () => {
    later();
    const troll = await makeUser(t.ctx, 'reader', 'Troll Account');
    const trollComment = await seedComment(t.ctx, { threadId, author: troll, body: 'Provocation.' });
    const ban = await api('POST', '/bans', { commentId: trollComment.id, kind: 'ban', days: 7, reason: 'Repeated abuse' });
    expect(ban.statusCode).toBe(201);
    expect(ban.json()).toMatchObject({
      subject: `user:${troll.id}`,
      kind: 'ban',
      expiresAt: new Date(t.clock.now().getTime() + 7 * 86_400_000).toISOString(),
    });
    // The held comment that led to the ban goes with it.
    expect(await status(trollComment.id)).toBe('rejected');
    expect((await activeSanctions(t.ctx.db, [`user:${troll.id}`], t.clock.now().toISOString())).map((s) => s.kind)).toEqual(['ban']);
    // Posting is refused while the ban lasts, with when it ends and why.
    const trollToken = await createApiToken(t.ctx, troll.id, 'troll');
    const refused = await t.app.inject({
      method: 'POST',
      url: `/api/v1/threads/${threadId}/comments`,
      headers: { authorization: `Bearer ${trollToken}` },
      payload: { body: 'Am I still here?' },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toContain('Repeated abuse');

    const guestBan = await api('POST', '/bans', { subject: 'email:Spammer@Example.test', kind: 'shadow', days: null, reason: 'Bot' });
    expect(guestBan.json()).toMatchObject({ subject: 'email:spammer@example.test', kind: 'shadow', expiresAt: null });
    expect((await api('POST', '/bans', { subject: `user:${moderator.user.id}`, kind: 'ban', reason: 'x' })).statusCode).toBe(403);
    // An address sanction holds its account's comments too, so staff and oneself are protected by address as by id.
    const admin = await makeUser(t.ctx, 'admin', 'Site Admin');
    for (const subject of [`email:${admin.email.toUpperCase()}`, `email:${moderator.user.email}`]) {
      for (const kind of ['ban', 'shadow']) {
        const refused = await api('POST', '/bans', { subject, kind, reason: 'x' });
        expect(refused.statusCode).toBe(403);
        expect(refused.json().error.code).toBe('CANNOT_SANCTION');
      }
    }
    expect((await api('POST', '/bans', { subject: 'nobody', kind: 'ban', reason: 'x' })).json().error.field).toBe('subject');

    const queue = (await api('GET', `/queue?status=recent&author=${troll.id}`)).json().items as Json[];
    expect(queue[0]!.author).toMatchObject({ priorBans: 1, activeSanctions: [{ kind: 'ban', reason: 'Repeated abuse' }] });

    expect((await api('DELETE', `/bans/${ban.json().id}`)).json().liftedAt).not.toBeNull();
    expect((await api('DELETE', `/bans/${ban.json().id}`)).statusCode).toBe(409);
    expect(await activeSanctions(t.ctx.db, [`user:${troll.id}`], t.clock.now().toISOString())).toEqual([]);
    const allowed = await t.app.inject({
      method: 'POST',
      url: `/api/v1/threads/${threadId}/comments`,
      headers: { authorization: `Bearer ${trollToken}` },
      payload: { body: 'Back, and behaving: the battery numbers look right to me.' },
    });
    expect(allowed.statusCode).toBeLessThan(300);
    expect((await log(`?action=unban`))[0]).toMatchObject({ subject: `user:${troll.id}` });
    expect((await log(`?action=shadow-ban`))[0]).toMatchObject({ subject: 'email:spammer@example.test', reason: 'Bot' });
  });

  it('shadow-bans from a comment: the comment becomes visible to its author alone', async () => {
    later();
    const shady = await makeUser(t.ctx, 'reader', 'Shady Sam');
    const c = await seedComment(t.ctx, { threadId, author: shady, status: 'published', body: 'Psst.' });
    const before = await count();
    expect((await api('POST', '/bans', { commentId: c.id, kind: 'shadow', reason: 'Astroturfing' })).statusCode).toBe(201);
    expect(await status(c.id)).toBe('shadow');
    expect(await count()).toBe(before - 1);
    const page = (await t.app.inject(`/api/v1/threads/${threadId}/comments?sort=newest&limit=100`)).json();
    expect(page.comments.map((x: Json) => x.id)).not.toContain(c.id);
  });

  it('closes and opens threads and overrides their policy', async () => {
    expect((await api('POST', `/threads/${otherThreadId}/close`, { reason: 'Off the rails' })).json()).toMatchObject({ closed: true });
    expect((await t.app.inject(`/api/v1/threads/${otherThreadId}/comments`)).json().closed).toBe(true);
    expect((await api('POST', `/threads/${otherThreadId}/open`)).json()).toMatchObject({ closed: false, closedAt: null });
    expect((await api('PUT', `/threads/${otherThreadId}/policy`, { policy: 'all' })).json().policy).toBe('all');
    expect((await api('PUT', `/threads/${otherThreadId}/policy`, { policy: null })).json().policy).toBeNull();
    expect((await api('PUT', `/threads/${otherThreadId}/policy`, { policy: 'sometimes' })).statusCode).toBe(400);
    expect((await log(`?action=close-thread`))[0]).toMatchObject({ threadId: otherThreadId, reason: 'Off the rails' });
    expect((await log(`?action=thread-policy`)).map((e) => String((e.details as Json).policy)).sort()).toEqual(['all', 'null']);
  });

  it('explains each item and filters the queues by article, author and reason, page by page', async () => {
    later();
    const newcomer = await makeUser(t.ctx, 'reader', 'New Nia');
    const parent = await seedComment(t.ctx, { threadId: otherThreadId, status: 'published', author: reader, body: 'The parent.' });
    const items: string[] = [];
    for (let i = 0; i < 5; i++) {
      later();
      const steps =
        i % 2 === 0
          ? [{ step: 'words', verdict: 'hold' as const, reason: 'Uses a word on the site\'s list: "shit"' }]
          : [{ step: 'model', verdict: 'hold' as const, reason: 'The learned filter gives 93% spam', score: 0.93 }];
      items.push(
        (
          await seedComment(t.ctx, {
            threadId: otherThreadId,
            author: newcomer,
            parentId: parent.id,
            steps,
            spamScore: i % 2 === 0 ? 0.1 : 0.93,
          })
        ).id,
      );
    }
    later();
    const reported = await seedComment(t.ctx, {
      threadId: otherThreadId,
      status: 'published',
      guest: { name: 'Rex', email: 'rex@example.test' },
      body: 'Contested.',
    });
    await seedReports(t.ctx, reported.id, ['harassment', 'harassment', 'spam']);

    const page1 = await api('GET', `/queue?status=pending&post=${otherPost.slug}&limit=2`);
    expect(page1.statusCode).toBe(200);
    const first = page1.json();
    expect(first.items.map((i: Json) => i.id)).toEqual([items[4], items[3]]);
    expect(first.items[0]).toMatchObject({
      bodyHtml: expect.stringContaining('<p>'),
      spamScore: 0.1,
      author: { kind: 'account', name: 'New Nia', accountAgeDays: 0, history: { total: 5, pending: 5, approved: 0 }, priorBans: 0 },
      thread: { id: otherThreadId, title: otherPost.title, url: `/articles/${otherPost.slug}` },
      context: { parent: { id: parent.id, authorName: 'Rita Reader' } },
      reasons: [{ source: 'pipeline', name: 'words', verdict: 'hold', text: expect.stringContaining('word on the site') }],
    });
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Json[]; nextCursor: string | null } = (
        await api('GET', `/queue?status=pending&post=${otherThreadId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      all.push(...page.items.map((i) => i.id as string));
      cursor = page.nextCursor;
    } while (cursor);
    expect(all).toEqual([...items].reverse());
    expect((await api('GET', `/queue?status=spam&cursor=${first.nextCursor}`)).json().error.field).toBe('cursor');

    expect((await api('GET', `/queue?status=pending&reason=model&author=${newcomer.slug}`)).json().items.map((i: Json) => i.id)).toEqual([
      items[3],
      items[1],
    ]);
    expect((await api('GET', '/queue?status=pending&author=nobody-here')).json().error.field).toBe('author');
    expect((await api('GET', '/queue?status=pending&post=no-such-article')).json().error.field).toBe('post');

    const reports = (await api('GET', `/queue?status=reported&author=rex@example.test`)).json().items as Json[];
    expect(reports.map((i) => i.id)).toEqual([reported.id]);
    expect(reports[0]!.reasons).toEqual([
      { source: 'reports', name: 'harassment', text: 'Reported as harassment by 2 readers', count: 2 },
      { source: 'reports', name: 'spam', text: 'Reported as spam by one reader', count: 1 },
    ]);
    expect(JSON.stringify(reports)).not.toMatch(/user:[0-9a-f]{12}/);
    // Reviewing takes it out of the reported queue; a new report brings it back.
    await api('POST', `/comments/${reported.id}/approve`, {});
    expect((await api('GET', '/queue?status=reported&author=rex@example.test')).json().items).toEqual([]);
    later();
    await seedReports(t.ctx, reported.id, ['other']);
    expect((await api('GET', '/queue?status=reported&author=rex@example.test')).json().items).toHaveLength(1);
  });

  it('filters the audit log by actor, action and dates, with a cursor', async () => {
    const today = t.clock.now().toISOString().slice(0, 10);
    const byAdmin = await seedComment(t.ctx, { threadId });
    await api('POST', `/comments/${byAdmin.id}/approve`, {}, admin.auth);
    const mine = await log(`?actor=${admin.user.id}`);
    expect(mine.map((e) => e.commentId)).toEqual([byAdmin.id]);
    expect((await log(`?from=${today}&to=${today}&limit=200`)).length).toBeGreaterThan(5);
    expect(await log('?from=2000-01-01&to=2000-01-02')).toEqual([]);
    expect((await api('GET', '/log?from=yesterday')).json().error.field).toBe('from');
    const first = (await api('GET', '/log?limit=3')).json();
    const second = (await api('GET', `/log?limit=3&cursor=${first.nextCursor}`)).json();
    expect(second.entries[0].createdAt <= first.entries[2].createdAt).toBe(true);
    expect(second.entries.map((e: Json) => e.id)).not.toContain(first.entries[2].id);
  });

  it('describes itself in the OpenAPI document', async () => {
    const doc = (await t.app.inject('/api/v1/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/admin/moderation/queue',
        '/api/v1/admin/moderation/bulk',
        '/api/v1/admin/moderation/bans',
        '/api/v1/admin/moderation/log',
        '/api/v1/admin/moderation/events',
      ]),
    );
  });
});
