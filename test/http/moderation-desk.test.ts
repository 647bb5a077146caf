// The desk's pages without JavaScript: who may open them, what an item shows, and every action
// as a plain form post (CSRF token, back to the same queue, errors shown on the desk).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makePost, makeUser } from '../helpers/factories.ts';
import { testEngines } from '../helpers/engines.ts';
import { seedComment } from '../helpers/held-comments.ts';
import { createSession } from '../../src/domain/users/sessions.ts';
import { csrfTokenFor } from '../../src/http/plugins/csrf.ts';
import { findComment } from '../../src/storage/repos/comments.ts';
import { activeSanctions } from '../../src/storage/repos/sanctions.ts';
import type { Role, User } from '../../src/storage/schema.ts';

describe.each(testEngines())('moderation desk pages on %s', (engine) => {
  let t: TestApp;
  let threadId: string;
  let slug: string;
  let session: { cookie: string; csrf: string };
  let writer: User;

  beforeAll(async () => {
    t = await buildTestApp(engine);
    const editor = await makeUser(t.ctx, 'editor');
    const post = await makePost(t.ctx, editor, { title: 'Battery life test' });
    slug = post.slug;
    threadId = (await t.app.inject(`/api/v1/posts/${slug}`)).json().threadId;
    session = await signIn('moderator');
    writer = await makeUser(t.ctx, 'reader', 'Wes Writer');
  });
  afterAll(async () => t?.close());

  async function signIn(role: Role) {
    const token = await createSession(t.ctx, (await makeUser(t.ctx, role)).id, { userAgent: null, ip: null });
    return { cookie: `gz_session=${token}`, csrf: csrfTokenFor(token) };
  }
  const page = (url: string, who = session) => t.app.inject({ url, headers: { cookie: who.cookie } });
  const post = (url: string, fields: Record<string, string | string[]>, who = session) => {
    const body = new URLSearchParams();
    for (const [key, value] of Object.entries({ csrf: who.csrf, ...fields })) for (const v of [value].flat()) body.append(key, v);
    return t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    });
  };
  const status = async (id: string) => (await findComment(t.ctx.db, id))!.status;

  it('opens for moderators and admins, refuses other roles, and sends the signed-out to sign in', async () => {
    expect((await page('/admin/moderation')).statusCode).toBe(200);
    expect((await page('/admin/moderation', await signIn('admin'))).statusCode).toBe(200);
    for (const role of ['reader', 'author', 'editor'] as Role[])
      expect((await page('/admin/moderation', await signIn(role))).statusCode, role).toBe(403);
    const anonymous = await t.app.inject('/admin/moderation/log');
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe('/signin?next=%2Fadmin%2Fmoderation%2Flog');
    const home = await page('/');
    expect(home.body).toContain('href="/admin/moderation"');
    expect((await page('/', await signIn('editor'))).body).not.toContain('href="/admin/moderation"');
  });

  it('shows each item with its reasons, author history and actions', async () => {
    const c = await seedComment(t.ctx, {
      threadId,
      author: writer,
      body: 'Look at **this** deal',
      // A step's score is its own measure (a count of links, a report weight), not a share: no percentage.
      steps: [
        { step: 'links', verdict: 'hold', reason: '5 links; the site allows 3', score: 5 },
        { step: 'reports', verdict: 'hold', reason: 'Reported by 3 people: 3 spam', score: 3 },
      ],
      spamScore: 0.42,
    });
    const response = await page('/admin/moderation?status=pending');
    expect(response.headers['cache-control']).toBe('private, no-store');
    const body = response.body;
    expect(body).toContain(`id="item-${c.id}"`);
    expect(body).toContain('<strong>this</strong>');
    expect(body).toContain('<li>5 links; the site allows 3</li>');
    expect(body).toContain('<li>Reported by 3 people: 3 spam</li>');
    expect(body).not.toMatch(/\d00%/);
    expect(body).toContain('spam score <strong>42%</strong>');
    expect(body).toContain('1 comment: 0 published, 1 held, 0 rejected, 0 spam · never banned');
    expect(body).toContain(`action="/admin/moderation/comments/${c.id}/approve"`);
    expect(body).toContain('aria-current="page">Pending');
    const bad = await page('/admin/moderation?status=pending&author=nobody-at-all');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('role="alert"');
  });

  it('acts through plain forms and comes back to the same queue', async () => {
    const c = await seedComment(t.ctx, { threadId, author: writer });
    const back = `/admin/moderation?status=pending&post=${slug}`;
    const approved = await post(`/admin/moderation/comments/${c.id}/approve`, { back });
    expect(approved.statusCode).toBe(303);
    expect(approved.headers.location).toBe(back);
    expect(await status(c.id)).toBe('published');
    // Only the desk is a place to go back to.
    expect((await post(`/admin/moderation/comments/${c.id}/feature`, { back: 'https://evil.example/x' })).headers.location).toBe(
      '/admin/moderation',
    );

    const missingReason = await post(`/admin/moderation/comments/${c.id}/reject`, { back, reason: ' ' });
    expect(missingReason.statusCode).toBe(400);
    expect(missingReason.body).toContain('reason: is required to reject');
    expect((await post(`/admin/moderation/comments/${c.id}/reject`, { back, reason: 'Off topic' })).statusCode).toBe(303);
    expect((await findComment(t.ctx.db, c.id))!.rejection_reason).toBe('Off topic');

    const forged = await post(`/admin/moderation/comments/${c.id}/approve`, { back, csrf: 'nope' });
    expect(forged.statusCode).toBe(403);
    expect(await status(c.id)).toBe('rejected');
  });

  it('applies bulk actions to the ticked items, and bans from an item', async () => {
    const a = await seedComment(t.ctx, { threadId, guest: { name: 'Bot One', email: 'bot1@example.test' }, body: 'x' });
    const b = await seedComment(t.ctx, { threadId, guest: { name: 'Bot Two', email: 'bot2@example.test' }, body: 'y' });
    expect(
      (await post('/admin/moderation/bulk', { action: 'spam', ids: [a.id, b.id], back: '/admin/moderation?status=pending' })).statusCode,
    ).toBe(303);
    expect([await status(a.id), await status(b.id)]).toEqual(['spam', 'spam']);
    expect((await post('/admin/moderation/bulk', { action: 'spam', back: '/admin/moderation' })).body).toContain(
      'tick at least one comment',
    );

    const banned = await post('/admin/moderation/bans', {
      commentId: a.id,
      kind: 'ban',
      days: '',
      reason: 'Spam bot',
      back: '/admin/moderation?status=spam',
    });
    expect(banned.statusCode).toBe(303);
    const sanctions = await activeSanctions(t.ctx.db, ['email:bot1@example.test'], t.clock.now().toISOString());
    expect(sanctions).toMatchObject([{ kind: 'ban', expires_at: null, reason: 'Spam bot' }]);
    const desk = await page('/admin/moderation?status=spam&author=bot1@example.test');
    expect(desk.body).toContain('permanently: Spam bot');
    expect((await post(`/admin/moderation/bans/${sanctions[0]!.id}/lift`, { back: '/admin/moderation' })).statusCode).toBe(303);
    expect(await activeSanctions(t.ctx.db, ['email:bot1@example.test'], t.clock.now().toISOString())).toEqual([]);
  });

  it('lists the audit log with filters', async () => {
    const log = await page('/admin/moderation/log?action=spam');
    expect(log.statusCode).toBe(200);
    expect(log.body).toContain('<td data-label="Action">spam</td>');
    expect(log.body).not.toContain('<td data-label="Action">approve</td>');
    expect((await page('/admin/moderation/log?from=someday')).statusCode).toBe(400);
  });
});
