// The pages' guards are declared on each route (src/http/plugins/form-guard.ts): every no-JavaScript
// form post refuses another site's Origin and a missing token, the personal pages send the
// signed-out to sign in, the desk refuses non-staff, and all of it before the form is validated
// or anything is read. One table over every guarded page route, so a route added without its
// guards shows up here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { makePost, makeUser } from '../helpers/factories.ts';
import { seedComment } from '../helpers/held-comments.ts';
import { createSession } from '../../src/domain/users/sessions.ts';
import { csrfTokenFor } from '../../src/http/plugins/csrf.ts';
import { findComment } from '../../src/storage/repos/comments.ts';
import type { Role } from '../../src/storage/schema.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const CROSS_SITE = 'cross-site requests may not change anything here';
const EXPIRED = 'this form has expired; reload the page and try again';

describe.each(testEngines())('guards of the page routes on %s', (engine) => {
  let t: TestApp;
  let slug: string;
  let threadId: string;
  let commentId: string;

  beforeAll(async () => {
    t = await buildTestApp(engine);
    const editor = await makeUser(t.ctx, 'editor');
    slug = (await makePost(t.ctx, editor, { title: 'Guarded forms' })).slug;
    threadId = (await t.app.inject(`/api/v1/posts/${slug}`)).json().threadId;
    commentId = (
      await seedComment(t.ctx, { threadId, author: await makeUser(t.ctx, 'reader'), body: 'A comment to act on', status: 'published' })
    ).id;
  });
  afterAll(async () => t?.close());

  /** The comment every desk form, vote and report above aims at: untouched while they are refused. */
  async function expectCommentUntouched() {
    expect(await findComment(t.ctx.db, commentId)).toMatchObject({ status: 'published', upvotes: 0, report_count: 0 });
  }

  async function signIn(role: Role) {
    const token = await createSession(t.ctx, (await makeUser(t.ctx, role)).id, { userAgent: null, ip: null });
    return { cookie: `gz_session=${token}`, csrf: csrfTokenFor(token) };
  }

  /** Every form post of the pages, with fields that would otherwise be acted on. */
  const formRoutes = (): [string, Record<string, string>][] => [
    [`/articles/${slug}/comments`, { body: 'Forged comment' }],
    [`/comments/${commentId}/vote`, { value: '1' }],
    [`/comments/${commentId}/report`, { reason: 'spam' }],
    [`/comments/${commentId}/edit`, { body: 'Forged edit' }],
    [`/comments/${commentId}/delete`, {}],
    ['/signup', { email: 'forged@example.com', password: 'a long enough password', displayName: 'Forged' }],
    ['/signin', { email: 'forged@example.com', password: 'whatever it is' }],
    ['/signin/link', { linkEmail: 'forged@example.com' }],
    ['/signin/link/confirm', { token: 'forged' }],
    ['/verify', { token: 'forged' }],
    ['/signout', {}],
    ['/reset', { email: 'forged@example.com' }],
    ['/reset/confirm', { token: 'forged', password: 'a long enough password' }],
    ['/settings/profile', { displayName: 'Forged name', bio: '' }],
    ['/settings/avatar', {}],
    ['/settings/avatar/remove', {}],
    ['/settings/password', { currentPassword: 'x', password: 'a long enough password' }],
    ['/settings/signout-everywhere', {}],
    ['/settings/export', {}],
    ['/settings/delete', { comments: 'delete', confirm: 'delete' }],
    ['/inbox/read', {}],
    ['/settings/notifications', { replies: '1' }],
    [`/admin/moderation/comments/${commentId}/reject`, {}],
    ['/admin/moderation/bulk', { action: 'reject', ids: commentId }],
    ['/admin/moderation/bans', { commentId, reason: 'forged' }],
    ['/admin/moderation/bans/ban_forged/lift', {}],
    [`/admin/moderation/threads/${threadId}/close`, {}],
    [`/admin/moderation/threads/${threadId}/open`, {}],
    [`/admin/moderation/threads/${threadId}/policy`, { policy: 'closed' }],
  ];
  const postForm = (url: string, fields: Record<string, string>, headers: Record<string, string>) =>
    t.app.inject({ method: 'POST', url, headers: { ...FORM, ...headers }, payload: new URLSearchParams(fields).toString() });

  it('refuses a cross-site form post to every page route with CROSS_SITE_REQUEST, token or not, and changes nothing', async () => {
    const admin = await signIn('admin');
    for (const [url, fields] of formRoutes()) {
      const response = await postForm(url, { ...fields, csrf: admin.csrf }, { cookie: admin.cookie, origin: 'https://evil.example' });
      expect(response.statusCode, url).toBe(403);
      expect(response.body, url).toContain(CROSS_SITE);
    }
    // Sign-out, sign-out everywhere and account deletion were among them: the session still works.
    expect((await t.app.inject({ url: '/settings', headers: { cookie: admin.cookie } })).statusCode).toBe(200);
    await expectCommentUntouched();
  });

  it('refuses a same-site form post without the token from a browser with a cookie, with CSRF_TOKEN_INVALID', async () => {
    const admin = await signIn('admin');
    for (const [url, fields] of formRoutes()) {
      const response = await postForm(url, fields, { cookie: admin.cookie });
      expect(response.statusCode, url).toBe(403);
      expect(response.body, url).toContain(EXPIRED);
    }
    expect((await t.app.inject({ url: '/settings', headers: { cookie: admin.cookie } })).statusCode).toBe(200);
    await expectCommentUntouched();
  });

  it('refuses a cross-site post before its form is validated: the refusal, never a validation answer', async () => {
    const vote = await postForm(`/comments/${commentId}/vote`, { value: 'not a vote' }, { origin: 'https://evil.example' });
    expect(vote.statusCode).toBe(403);
    expect(vote.body).toContain(CROSS_SITE);
    const json = await t.app.inject({ method: 'POST', url: '/signup', headers: { origin: 'https://evil.example' }, payload: { email: 5 } });
    expect(json.statusCode).toBe(403);
    expect(json.body).toContain(CROSS_SITE);
  });

  it('sends the signed-out from every personal page and form to sign in, coming back to the page', async () => {
    const cases: [string, string, string][] = [
      ['GET', '/settings', '/settings'],
      ['POST', '/settings/profile', '/settings'],
      ['POST', '/settings/avatar', '/settings'],
      ['POST', '/settings/delete', '/settings'],
      ['GET', '/inbox', '/inbox'],
      ['POST', '/inbox/read', '/inbox'],
      ['GET', '/settings/notifications', '/settings/notifications'],
      ['POST', '/settings/notifications', '/settings/notifications'],
      ['GET', '/admin/moderation', '/admin/moderation'],
      ['POST', '/admin/moderation/bulk', '/admin/moderation/bulk'],
      ['GET', '/admin/outbox?page=2', '/admin/outbox'],
    ];
    for (const [method, url, back] of cases) {
      const response = method === 'GET' ? await t.app.inject(url) : await postForm(url, {}, {});
      expect(response.statusCode, url).toBe(303);
      expect(response.headers.location, url).toBe(`/signin?next=${encodeURIComponent(back)}`);
    }
  });

  it('answers a signed-in reader on every staff page and desk form with ROLE_NOT_ALLOWED', async () => {
    const reader = await signIn('reader');
    const desk = 'only moderators and administrators can use the moderation desk';
    for (const url of ['/admin/moderation', '/admin/moderation/log']) {
      const response = await t.app.inject({ url, headers: { cookie: reader.cookie } });
      expect(response.statusCode, url).toBe(403);
      expect(response.body, url).toContain(desk);
    }
    for (const [url, fields] of formRoutes().filter(([url]) => url.startsWith('/admin/'))) {
      const response = await postForm(url, { ...fields, csrf: reader.csrf }, { cookie: reader.cookie });
      expect(response.statusCode, url).toBe(403);
      expect(response.body, url).toContain(desk);
    }
    for (const role of ['reader', 'moderator', 'editor'] as Role[]) {
      const response = await t.app.inject({ url: '/admin/outbox', headers: { cookie: (await signIn(role)).cookie } });
      expect(response.statusCode, role).toBe(403);
      expect(response.body, role).toContain('only administrators can read the outbox');
    }
    await expectCommentUntouched();
  });
});
