// Undoing a moderation decision (the desk's Undo), queue counts on the tabs and in the
// masthead, and the audit log naming comments by their words rather than their ids.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makePost, makeStaffWithToken, makeUser } from '../helpers/factories.ts';
import { testEngines } from '../helpers/engines.ts';
import { seedComment, seedReports } from '../helpers/held-comments.ts';
import { createSession } from '../../src/domain/users/sessions.ts';
import { csrfTokenFor } from '../../src/http/plugins/csrf.ts';
import { findComment } from '../../src/storage/repos/comments.ts';
import { findThreadById } from '../../src/storage/repos/threads.ts';
import { tokenCounts, TOTALS_TOKEN } from '../../src/storage/repos/spam-tokens.ts';
import { excerptOf } from '../../src/domain/moderation/audit-log.ts';
import type { Post, Role, User } from '../../src/storage/schema.ts';

type Json = Record<string, unknown>;

describe.each(testEngines())('moderation undo, counts and log excerpts on %s', (engine) => {
  let t: TestApp;
  let moderator: { user: User; auth: { authorization: string } };
  let other: { user: User; auth: { authorization: string } };
  let reader: User;
  let post: Post;
  let threadId: string;

  beforeAll(async () => {
    t = await buildTestApp(engine);
    moderator = await makeStaffWithToken(t.ctx, 'moderator');
    other = await makeStaffWithToken(t.ctx, 'admin');
    reader = await makeUser(t.ctx, 'reader', 'Rita Reader');
    post = await makePost(t.ctx, await makeUser(t.ctx, 'editor'), { title: 'Undo and counts' });
    threadId = (await t.app.inject(`/api/v1/posts/${post.slug}`)).json().threadId;
  });
  afterAll(async () => t?.close());

  const api = (method: 'GET' | 'POST', url: string, payload?: Json, auth = moderator.auth) =>
    t.app.inject({ method, url: `/api/v1/admin/moderation${url}`, headers: auth, ...(payload ? { payload } : {}) });
  const row = async (id: string) => (await findComment(t.ctx.db, id))!;
  const count = async () => (await findThreadById(t.ctx.db, threadId))!.comment_count;
  const totals = async () => (await tokenCounts(t.ctx.db, [TOTALS_TOKEN])).get(TOTALS_TOKEN) ?? { spam: 0, ham: 0 };
  const later = () => t.clock.advance(60_000);

  async function session(role: Role) {
    const user = await makeUser(t.ctx, role);
    const token = await createSession(t.ctx, user.id, { userAgent: null, ip: null });
    return { user, cookie: `gz_session=${token}`, csrf: csrfTokenFor(token) };
  }

  it('undoes an approval: held again, out of the count, its readers not told, its lesson forgotten, both lines logged', async () => {
    later();
    const parent = await seedComment(t.ctx, { threadId, status: 'published', author: reader, body: 'The parent.' });
    const held = await seedComment(t.ctx, { threadId, parentId: parent.id, guest: { name: 'Holly', email: 'holly@example.test' } });
    const [countBefore, totalsBefore] = [await count(), await totals()];
    const approved = await api('POST', `/comments/${held.id}/approve`, {});
    expect(approved.statusCode).toBe(200);
    const logId = approved.json().logId as string;
    expect(logId).toMatch(/^[0-9a-z]+$/);
    expect(await count()).toBe(countBefore + 1);
    const notified = () => t.ctx.db.selectFrom('notifications').select('kind').where('comment_id', '=', held.id).execute();
    expect((await notified()).map((n) => n.kind)).toEqual(['reply']);

    t.clock.advance(3000);
    const undone = await api('POST', `/log/${logId}/undo`);
    expect(undone.statusCode).toBe(200);
    expect(undone.json()).toMatchObject({ id: held.id, status: 'pending', queues: expect.arrayContaining(['pending']) });
    const after = await row(held.id);
    expect([after.status, after.reviewed_at, after.reviewed_by, after.trained_as]).toEqual(['pending', null, null, null]);
    expect(await count()).toBe(countBefore);
    expect(await notified()).toEqual([]);
    expect(await totals()).toEqual(totalsBefore);
    const entries = (await api('GET', `/log?comment=${held.id}`)).json().entries as Json[];
    expect(entries.map((e) => e.action).sort()).toEqual(['approve', 'undo']);
    expect(entries.find((e) => e.action === 'undo')).toMatchObject({
      details: { from: 'published', to: 'pending', undoes: logId, undid: 'approve' },
    });

    // Once only, and only while nothing happened since.
    expect((await api('POST', `/log/${logId}/undo`)).statusCode).toBe(409);
  });

  it('undoes a rejection and a spam mark, reopening the reports they closed and restoring the earlier reason', async () => {
    later();
    const c = await seedComment(t.ctx, { threadId, status: 'published', author: reader, body: 'Reported words.' });
    await seedReports(t.ctx, c.id, ['spam', 'harassment']);
    const rejected = await api('POST', `/comments/${c.id}/reject`, { reason: 'Rude' });
    expect((await api('GET', '/counts')).json().reported).toBe(0);
    const undone = await api('POST', `/log/${rejected.json().logId}/undo`);
    expect(undone.json()).toMatchObject({ status: 'published', queues: expect.arrayContaining(['reported']) });
    expect((await row(c.id)).rejection_reason).toBeNull();
    const open = await t.ctx.db.selectFrom('comment_reports').select('resolved_at').where('comment_id', '=', c.id).execute();
    expect(open.map((r) => r.resolved_at)).toEqual([null, null]);

    const spam = await seedComment(t.ctx, { threadId, guest: { name: 'Bot', email: 'bot@example.test' }, body: 'Buy now' });
    const marked = await api('POST', `/comments/${spam.id}/spam`, {});
    expect((await row(spam.id)).trained_as).toBe('spam');
    expect((await api('POST', `/log/${marked.json().logId}/undo`)).json().status).toBe('pending');
    expect((await row(spam.id)).trained_as).toBeNull();
  });

  it('refuses an undo by someone else, of a non-decision, after a later decision, or too late', async () => {
    later();
    const c = await seedComment(t.ctx, { threadId, guest: { name: 'Gus', email: 'gus@example.test' } });
    const approved = (await api('POST', `/comments/${c.id}/approve`, {})).json().logId as string;
    expect((await api('POST', `/log/${approved}/undo`, undefined, other.auth)).json().error.code).toBe('NOT_THE_OWNER');
    const pinned = (await api('POST', `/comments/${c.id}/pin`, {})).json().logId as string;
    expect((await api('POST', `/log/${pinned}/undo`)).statusCode).toBe(409);
    t.clock.advance(1000);
    await api('POST', `/comments/${c.id}/spam`, {});
    const refused = await api('POST', `/log/${approved}/undo`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain('changed since');
    expect((await row(c.id)).status).toBe('spam');

    const d = await seedComment(t.ctx, { threadId, guest: { name: 'Gil', email: 'gil@example.test' } });
    const old = (await api('POST', `/comments/${d.id}/approve`, {})).json().logId as string;
    t.clock.advance(11 * 60_000);
    expect((await api('POST', `/log/${old}/undo`)).json().error.message).toContain('too late');
    expect((await api('POST', '/log/nosuchentry/undo')).statusCode).toBe(404);
  });

  it('counts each queue on the tabs and what waits in the masthead of a moderator, never of a reader', async () => {
    later();
    const { counts: before } = { counts: (await api('GET', '/counts')).json() as Record<string, number> };
    await seedComment(t.ctx, { threadId });
    await seedComment(t.ctx, { threadId });
    const reported = await seedComment(t.ctx, { threadId, status: 'published', author: reader });
    await seedReports(t.ctx, reported.id, ['spam']);
    const heldAndReported = await seedComment(t.ctx, { threadId });
    await seedReports(t.ctx, heldAndReported.id, ['other']);
    const counts = (await api('GET', '/counts')).json() as Record<string, number>;
    expect(counts).toEqual({
      pending: before.pending! + 3,
      reported: before.reported! + 2,
      spam: before.spam!,
      waiting: before.waiting! + 4,
    });

    const mod = await session('moderator');
    const desk = await t.app.inject({ url: '/admin/moderation?status=reported', headers: { cookie: mod.cookie } });
    expect(desk.body).toContain(`>Pending <span class="mod-tab-count">${counts.pending}</span></a>`);
    expect(desk.body).toContain(`aria-current="page">Reported <span class="mod-tab-count">${counts.reported}</span></a>`);
    expect(desk.body).toContain(
      `Moderation <span class="queue-count">(${counts.waiting}<span class="visually-hidden"> waiting</span>)</span>`,
    );
    const home = await t.app.inject({ url: '/', headers: { cookie: mod.cookie } });
    expect(home.body).toContain(`Moderation <span class="queue-count">(${counts.waiting}`);
    const plain = await session('reader');
    const readerHome = await t.app.inject({ url: '/', headers: { cookie: plain.cookie } });
    expect(readerHome.body).not.toContain('queue-count');
    expect((await t.app.inject('/')).body).not.toContain('queue-count');
    expect((await api('GET', '/counts', undefined, (await makeStaffWithToken(t.ctx, 'editor')).auth)).statusCode).toBe(403);
  });

  it('shows the comment by its first words in the audit log, with its id only in the link', async () => {
    later();
    const long =
      'This is a **long** comment about [battery life](https://example.test/b) that goes on well past the point where a log cell should stop showing it.';
    const c = await seedComment(t.ctx, { threadId, body: long, guest: { name: 'Lena', email: 'lena@example.test' } });
    await api('POST', `/comments/${c.id}/approve`, {});
    const entry = ((await api('GET', `/log?comment=${c.id}`)).json().entries as Json[])[0]!;
    expect(entry.commentExcerpt).toBe('This is a long comment about battery life that goes on well past the point where…');
    const mod = await session('moderator');
    const page = await t.app.inject({ url: '/admin/moderation/log', headers: { cookie: mod.cookie } });
    expect(page.body).toContain(`href="/admin/moderation/log?comment=${c.id}" title="All actions on this comment">“This is a long comment`);
    expect(page.body).not.toContain(`>${c.id}</a>`);
    expect(excerptOf('gone', 'deleted')).toBe('(deleted by its author)');
    expect(excerptOf('Short one.', 'published')).toBe('Short one.');
  });
});
