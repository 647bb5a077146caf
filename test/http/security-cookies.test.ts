// Cookies are parsed and written by @fastify/cookie: a malformed value is read as it is (never
// a 500), and a response that sets two cookies keeps both.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makePost, makeStaffWithToken } from '../helpers/factories.ts';
import { testEngines } from '../helpers/engines.ts';

describe.each(testEngines())('cookies on %s', (engine) => {
  let t: TestApp;
  let slug: string;
  let threadId: string;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    const { user } = await makeStaffWithToken(t.ctx, 'editor');
    slug = (await makePost(t.ctx, user, { title: 'Cookie jar' })).slug;
    threadId = (await t.app.inject(`/api/v1/posts/${slug}`)).json().threadId;
  });
  afterAll(async () => t?.close());

  it.each(['gz_guest=%', 'gz_session=%E0%A4%A', 'gz_guest=%; gz_session=%%', 'gz_oidc=%ZZ'])(
    'reads the malformed cookie %s as an unknown one, never a 500',
    async (cookie) => {
      for (const url of [
        `/articles/${slug}`,
        `/api/v1/threads/${threadId}/comments`,
        '/api/v1/me',
        '/settings',
        '/auth/oidc/none/callback?code=x&state=y',
      ]) {
        const response = await t.app.inject({ url, headers: { cookie } });
        expect(response.statusCode, url).toBeLessThan(500);
      }
      const posted = await t.app.inject({
        method: 'POST',
        url: `/api/v1/threads/${threadId}/comments`,
        headers: { cookie },
        payload: { body: 'Posted with a broken cookie', guest: { name: 'Broken Jar', email: 'broken@example.com' } },
      });
      expect(posted.statusCode).toBeLessThan(500);
    },
  );

  it('gives a guest a key with the attributes every Gazette cookie has', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/v1/threads/${threadId}/comments`,
      payload: { body: 'First comment from this browser', guest: { name: 'New Browser', email: 'new-browser@example.com' } },
    });
    expect(response.statusCode).toBe(201);
    expect(response.headers['set-cookie']).toMatch(/^gz_guest=[A-Za-z0-9_-]{32,}; Max-Age=31536000; Path=\/; HttpOnly; SameSite=Lax$/);
  });
});
