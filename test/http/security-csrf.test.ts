// A write made with the browser's cookies must be something another site cannot forge: a
// same-origin JSON request, a PUT/PATCH/DELETE, or a request carrying the CSRF token. A form POST
// with the staff session cookie and no Origin used to go through; Bearer tokens carry no ambient
// credential and are not asked for any of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { makePost, makeStaffWithToken, makeUser } from '../helpers/factories.ts';
import { seedComment } from '../helpers/held-comments.ts';
import { createSession } from '../../src/domain/users/sessions.ts';
import { csrfTokenFor } from '../../src/http/plugins/csrf.ts';
import { findComment } from '../../src/storage/repos/comments.ts';
import type { Role } from '../../src/storage/schema.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe.each(testEngines())('cookie-authenticated writes on %s', (engine) => {
  let t: TestApp;
  let n = 0;
  beforeAll(async () => {
    t = await buildTestApp(engine);
  });
  afterAll(async () => t?.close());

  async function signIn(role: Role) {
    const token = await createSession(t.ctx, (await makeUser(t.ctx, role)).id, { userAgent: null, ip: null });
    return { cookie: `gz_session=${token}`, csrf: csrfTokenFor(token) };
  }
  const categoryForm = () => new URLSearchParams({ name: `Section ${++n}` }).toString();
  const createCategory = (headers: Record<string, string>, payload: string | object) =>
    t.app.inject({ method: 'POST', url: '/api/v1/admin/categories', headers, payload });

  it('refuses a staff session form POST without Origin or token with CSRF_REQUIRED', async () => {
    const { cookie } = await signIn('editor');
    const refused = await createCategory({ cookie, ...FORM }, categoryForm());
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({ code: 'CSRF_REQUIRED', field: 'x-csrf-token' });
    // A same-site Origin does not make a form safe: only JSON or the token do.
    const withOrigin = await createCategory({ cookie, ...FORM, origin: 'http://localhost:80' }, categoryForm());
    expect(withOrigin.json().error.code).toBe('CSRF_REQUIRED');
    // A cross-site Origin is refused whatever the body.
    expect((await createCategory({ cookie, origin: 'https://evil.example' }, { name: `Section ${++n}` })).statusCode).toBe(403);
  });

  it('lets the same write through as same-origin JSON, or as a form carrying the token', async () => {
    const { cookie, csrf } = await signIn('editor');
    expect((await createCategory({ cookie }, { name: `Section ${++n}` })).statusCode).toBe(201);
    expect((await createCategory({ cookie, origin: 'http://localhost:80' }, { name: `Section ${++n}` })).statusCode).toBe(201);
    expect((await createCategory({ cookie, ...FORM, 'x-csrf-token': csrf }, categoryForm())).statusCode).toBe(201);
    const wrongToken = await createCategory({ cookie, ...FORM, 'x-csrf-token': 'not-the-token' }, categoryForm());
    expect(wrongToken.json().error.code).toBe('CSRF_REQUIRED');
  });

  it('accepts a Bearer token form POST as before: no ambient credential', async () => {
    const { auth } = await makeStaffWithToken(t.ctx, 'editor');
    expect((await createCategory({ ...auth, ...FORM }, categoryForm())).statusCode).toBe(201);
  });

  it('refuses a bodyless cookie POST to the readers API (sign-out) unless it carries the token', async () => {
    const { cookie, csrf } = await signIn('reader');
    const refused = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout-everywhere', headers: { cookie } });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('CSRF_REQUIRED');
    expect((await t.app.inject({ url: '/api/v1/me', headers: { cookie } })).statusCode).toBe(200);

    const allowed = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie, 'x-csrf-token': csrf } });
    expect(allowed.statusCode).toBe(204);
    // Form bodies to the JSON API stay a 415, as before.
    const form = await t.app.inject({
      method: 'POST',
      url: '/api/v1/notifications/read',
      headers: { cookie: (await signIn('reader')).cookie, ...FORM },
      payload: 'ids=x',
    });
    expect(form.statusCode).toBe(415);
  });

  it("keeps the moderation desk's no-JS forms working (they carry the token) and its JSON calls", async () => {
    const moderator = await signIn('moderator');
    const editor = await makeUser(t.ctx, 'editor');
    const post = await makePost(t.ctx, editor, { title: `Desk check ${++n}` });
    const threadId = (await t.app.inject(`/api/v1/posts/${post.slug}`)).json().threadId as string;
    const held = await seedComment(t.ctx, { threadId, status: 'pending' });
    const form = new URLSearchParams({ csrf: moderator.csrf, back: '/admin/moderation' }).toString();
    const approved = await t.app.inject({
      method: 'POST',
      url: `/admin/moderation/comments/${held.id}/approve`,
      headers: { cookie: moderator.cookie, ...FORM },
      payload: form,
    });
    expect(approved.statusCode).toBe(303);
    expect((await findComment(t.ctx.db, held.id))!.status).toBe('published');

    const other = await seedComment(t.ctx, { threadId, status: 'pending' });
    const viaApi = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/moderation/comments/${other.id}/approve`,
      headers: { cookie: moderator.cookie, origin: 'http://localhost:80' },
      payload: {},
    });
    expect(viaApi.statusCode).toBe(200);
    expect((await findComment(t.ctx.db, other.id))!.status).toBe('published');
  });
});
