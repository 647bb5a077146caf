// Personal data: "Download my data" holds the account, comments, votes and no secrets; "Delete
// my account" erases the person and either keeps their comments as "Deleted user" or removes them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { makePost, makeUser } from '../helpers/factories.ts';
import { createAccount } from '../../src/domain/users/accounts.ts';
import { createSession } from '../../src/domain/users/sessions.ts';
import { postComment } from '../../src/domain/comments/write.ts';
import { vote } from '../../src/domain/comments/votes.ts';
import { csrfTokenFor } from '../../src/http/plugins/csrf.ts';
import type { Post, User } from '../../src/storage/schema.ts';

const PASSWORD = 'correct horse battery staple';

describe.each(testEngines())('personal data on %s', (engine) => {
  let t: TestApp;
  let post: Post;
  let threadId: string;
  let other: User;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    const editor = await makeUser(t.ctx, 'editor');
    post = await makePost(t.ctx, editor, { title: 'Battery life, measured' });
    threadId = (await t.app.inject(`/api/v1/posts/${post.slug}`)).json().threadId;
    other = await makeUser(t.ctx, 'reader', 'Olive Other');
  });
  afterAll(async () => t?.close());

  const asAccount = (user: User) => ({ kind: 'account' as const, id: user.id, role: user.role, name: user.display_name, slug: user.slug });
  async function person(name: string) {
    const user = await createAccount(t.ctx, {
      email: `${name.toLowerCase().replace(/\W+/g, '.')}@example.test`,
      displayName: name,
      role: 'reader',
      password: PASSWORD,
    });
    const token = await createSession(t.ctx, user.id, { userAgent: 'TestBrowser/1', ip: '203.0.113.9' });
    return { user, cookie: `gz_session=${token}`, csrf: csrfTokenFor(token) };
  }
  const thread = async () => (await t.app.inject(`/api/v1/threads/${threadId}/comments?sort=oldest&limit=100`)).json();
  const commentCount = async () => (await t.app.inject(`/api/v1/posts/${post.slug}`)).json().commentCount as number;
  const login = (email: string) => t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: PASSWORD } });

  it('exports the account, comments with their article, votes and notifications, without the password hash', async () => {
    const { user, cookie, csrf } = await person('Erin Export');
    const { comment } = await postComment(t.ctx, asAccount(user), { threadId, body: 'My **own** words.' });
    const target = (await postComment(t.ctx, asAccount(other), { threadId, body: 'Something to vote on' })).comment;
    await vote(t.ctx, asAccount(user), target.id, 1);

    const response = await t.app.inject({ url: '/api/v1/me/export', headers: { cookie } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="gazette-data-erin-export-2026-01-\d\d\.json"$/);
    expect(response.headers['cache-control']).toBe('private, no-store');
    const data = response.json();
    expect(data.account).toMatchObject({ id: user.id, email: user.email, displayName: 'Erin Export', hasPassword: true });
    expect(data.comments).toEqual([
      expect.objectContaining({
        id: comment.id,
        bodyMarkdown: 'My **own** words.',
        status: 'published',
        article: { title: 'Battery life, measured', url: `/articles/${post.slug}` },
      }),
    ]);
    expect(data.votes).toEqual([{ commentId: target.id, value: 1, createdAt: expect.any(String) }]);
    expect(data.notifications).toEqual(expect.any(Array));
    expect(data.sessions).toEqual([expect.objectContaining({ userAgent: 'TestBrowser/1', ip: '203.0.113.9' })]);
    expect(response.body).not.toContain('argon2');
    expect(response.body).not.toMatch(/password_?hash/i);

    // The no-JS button on /settings sends the same file.
    const fromPage = await t.app.inject({
      method: 'POST',
      url: '/settings/export',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `csrf=${csrf}`,
    });
    expect(fromPage.headers['content-disposition']).toMatch(/^attachment;/);
    expect(fromPage.json().account.id).toBe(user.id);
    expect((await t.app.inject('/api/v1/me/export')).statusCode).toBe(401);
  });

  it('deletes an account keeping its comments as "Deleted user": no sign-in, no sessions, counts unchanged', async () => {
    const { user, cookie } = await person('Kim Keep');
    const { comment } = await postComment(t.ctx, asAccount(user), { threadId, body: 'Kept for posterity.' });
    const target = (await postComment(t.ctx, asAccount(other), { threadId, body: 'Vote target' })).comment;
    await vote(t.ctx, asAccount(user), target.id, 1);
    await createSession(t.ctx, user.id, { userAgent: 'Phone', ip: null });
    const before = await commentCount();

    const wrong = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/me',
      headers: { cookie },
      payload: { comments: 'anonymise', confirm: 'not my password' },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.field).toBe('confirm');
    const bad = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/me',
      headers: { cookie },
      payload: { comments: 'shred', confirm: PASSWORD },
    });
    expect(bad.statusCode).toBe(400);

    const response = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/me',
      headers: { cookie },
      payload: { comments: 'anonymise', confirm: PASSWORD },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ deletedComments: 0, anonymisedComments: 1 });
    expect(response.headers['set-cookie']).toMatch(/^gz_session=; Max-Age=0; Path=\/;/);

    const kept = (await thread()).comments.find((c: { id: string }) => c.id === comment.id);
    expect(kept).toMatchObject({ status: 'published', author: { name: 'Deleted user', profileUrl: null, badge: null, avatarUrl: null } });
    expect((await t.app.inject(`/articles/${post.slug}`)).body).not.toContain('Kim Keep');
    expect(await commentCount()).toBe(before);
    expect((await thread()).comments.find((c: { id: string }) => c.id === target.id).upvotes).toBe(1);

    expect((await login(user.email)).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/v1/me', headers: { cookie } })).statusCode).toBe(401);
    const db = t.storage.db;
    expect(await db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute()).toEqual([]);
    const row = await db.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      email: `deleted-${user.id}@invalid`,
      display_name: 'Deleted user',
      bio: '',
      password_hash: null,
      avatar_media_id: null,
      email_verified_at: null,
      role: 'reader',
    });
    expect(row.deleted_at).not.toBeNull();
  });

  it('deletes an account with its comments: gone, or a placeholder where replies hang below', async () => {
    const { user, cookie, csrf } = await person('Dana Delete');
    const lonely = (await postComment(t.ctx, asAccount(user), { threadId, body: 'Nobody answers this.' })).comment;
    const answered = (await postComment(t.ctx, asAccount(user), { threadId, body: 'Somebody answers this.' })).comment;
    const reply = (await postComment(t.ctx, asAccount(other), { threadId, parentId: answered.id, body: 'I answer it.' })).comment;
    const before = await commentCount();

    // Through the settings page, as a browser without JavaScript does it.
    const page = await t.app.inject({
      method: 'POST',
      url: '/settings/delete',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ csrf, comments: 'delete', confirm: PASSWORD }).toString(),
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Your account is deleted');
    expect(page.body).toContain('href="/signin"');

    const comments = (await thread()).comments as { id: string; status: string; bodyHtml: string }[];
    expect(comments.find((c) => c.id === lonely.id)).toBeUndefined();
    expect(comments.find((c) => c.id === answered.id)).toMatchObject({ status: 'deleted', bodyHtml: '' });
    expect(comments.find((c) => c.id === reply.id)).toMatchObject({ status: 'published' });
    expect(await commentCount()).toBe(before - 2);
    expect((await login(user.email)).statusCode).toBe(401);
    expect((await t.app.inject(`/articles/${post.slug}`)).body).not.toContain('Nobody answers this.');
  });

  it("re-ranks the branches a deleted account wrote in: its replies stop counting, its comments rank as a guest's", async () => {
    const rankOf = async (id: string) =>
      (await t.ctx.db.selectFrom('comments').select('wilson').where('id', '=', id).executeTakeFirstOrThrow()).wilson;
    const body = 'A reasoned paragraph about the battery, long enough that its length counts for something here.';
    // Rana replies under Olive's comment; Reese writes a comment of her own.
    const rana = await person('Rana Replier');
    const reese = await person('Reese Ranked');
    const olives = (await postComment(t.ctx, asAccount(other), { threadId, body })).comment;
    await postComment(t.ctx, asAccount(rana.user), { threadId, parentId: olives.id, body: 'I answer Olive.' });
    const reeses = (await postComment(t.ctx, asAccount(reese.user), { threadId, body })).comment;
    const olivesBefore = await rankOf(olives.id);
    const reesesBefore = await rankOf(reeses.id);

    const deleteAccount = (cookie: string, comments: 'delete' | 'anonymise') =>
      t.app.inject({ method: 'DELETE', url: '/api/v1/me', headers: { cookie }, payload: { comments, confirm: PASSWORD } });

    expect((await deleteAccount(rana.cookie, 'delete')).statusCode).toBe(200);
    expect(await rankOf(olives.id)).toBeLessThan(olivesBefore);
    expect((await deleteAccount(reese.cookie, 'anonymise')).statusCode).toBe(200);
    expect(await rankOf(reeses.id)).toBeLessThan(reesesBefore);
  });

  it('asks passwordless accounts to type DELETE, and says so at the field on the settings page', async () => {
    const user = await makeUser(t.ctx, 'reader', 'Pat Passwordless');
    const token = await createSession(t.ctx, user.id, { userAgent: null, ip: null });
    const headers = { cookie: `gz_session=${token}`, 'content-type': 'application/x-www-form-urlencoded' };
    const refused = await t.app.inject({
      method: 'POST',
      url: '/settings/delete',
      headers,
      payload: new URLSearchParams({ csrf: csrfTokenFor(token), comments: 'anonymise', confirm: 'delete please' }).toString(),
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('type the word DELETE to confirm');
    expect(refused.body).toContain('aria-invalid="true" aria-describedby="settings-delete-confirm-error"');
    const done = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/me',
      headers: { cookie: `gz_session=${token}` },
      payload: { comments: 'anonymise', confirm: 'DELETE' },
    });
    expect(done.statusCode).toBe(200);
  });

  it('signs out everywhere from the settings page', async () => {
    const { user, cookie, csrf } = await person('Sid Sessions');
    await createSession(t.ctx, user.id, { userAgent: 'Laptop', ip: null });
    const response = await t.app.inject({
      method: 'POST',
      url: '/settings/signout-everywhere',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `csrf=${csrf}`,
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers['set-cookie']).toMatch(/Max-Age=0/);
    expect(await t.storage.db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute()).toEqual([]);
  });

  it('changes the password with the current one, signing out other devices', async () => {
    const { user, cookie } = await person('Cam Change');
    const elsewhere = await createSession(t.ctx, user.id, { userAgent: 'Tablet', ip: null });
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: { cookie },
      payload: { currentPassword: 'nope', password: 'a brand new passphrase' },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.field).toBe('currentPassword');
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: { cookie },
      payload: { currentPassword: PASSWORD, password: 'a brand new passphrase' },
    });
    expect(ok.statusCode).toBe(204);
    const fresh = /gz_session=([^;]+)/.exec(String(ok.headers['set-cookie']))![1]!;
    expect((await t.app.inject({ url: '/api/v1/me', headers: { cookie: `gz_session=${fresh}` } })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/v1/me', headers: { cookie: `gz_session=${elsewhere}` } })).statusCode).toBe(401);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: user.email, password: 'a brand new passphrase' },
        })
      ).statusCode,
    ).toBe(200);
  });
});
