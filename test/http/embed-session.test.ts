// Signing in inside the embed when third-party cookies are blocked (issue 15): the first-party
// popup ends at /embed/signed-in with a single-use, 60-second code; the frame trades it for a
// session of its own. Requests from the frame get cookies SameSite=None; Secure; Partitioned,
// every other request keeps SameSite=Lax.
import type { FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makePost, makeStaffWithToken } from '../helpers/factories.ts';
import { testEngines } from '../helpers/engines.ts';
import { accountReader } from '../helpers/readers.ts';
import { cookieAttributes, cookiesOf, EMBED, PARTITIONED } from '../helpers/sso.ts';
import { registerSite } from '../../src/domain/sites/sites.ts';
import { saveModerationSettings } from '../../src/domain/moderation/settings.ts';
import { cookieAttributesFor, isEmbedRequest } from '../../src/http/plugins/cookies.ts';

describe.each(testEngines())('embed sign-in hand-off (%s)', (engine) => {
  let t: TestApp;
  let threadId: string;

  beforeAll(async () => {
    t = await buildTestApp(engine);
    await registerSite(t.ctx, { name: 'blog', title: 'The Blog', origins: ['https://blog.example'] });
    await saveModerationSettings(t.ctx, { nearDuplicates: 0 });
    const { user } = await makeStaffWithToken(t.ctx, 'editor');
    const slug = (await makePost(t.ctx, user, { title: 'Hand-off' })).slug;
    threadId = (await t.app.inject(`/api/v1/posts/${slug}`)).json().threadId;
  });
  afterAll(async () => t?.close());

  /** The popup's last page for a reader signed in first-party: the code it would post to the frame. */
  async function mintCode(cookie: string): Promise<string> {
    const page = await t.app.inject({ url: '/embed/signed-in?site=blog', headers: { cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toContain('no-store');
    expect(page.body).toMatch(/<script type="module" src="\/assets\/embed-signed-in\.js\?v=/);
    return /data-handoff-code="(gzh_[A-Za-z0-9_-]+)"/.exec(page.body)![1]!;
  }
  const trade = (code: string, headers: Record<string, string> = EMBED) =>
    t.app.inject({ method: 'POST', url: '/api/v1/embed/session', headers, payload: { code } });

  it('sends a signed-out popup through the usual sign-in, coming back to the hand-off', async () => {
    const start = await t.app.inject('/embed/sign-in?site=blog');
    expect(start.statusCode).toBe(303);
    expect(start.headers.location).toBe('/signin?next=%2Fembed%2Fsigned-in%3Fsite%3Dblog');
    const signIn = await t.app.inject(start.headers.location as string);
    expect(signIn.statusCode).toBe(200);
    expect(signIn.body).toContain('/embed/signed-in?site=blog');
    const handoff = await t.app.inject('/embed/signed-in?site=blog');
    expect(handoff.statusCode).toBe(303);
    expect(handoff.headers.location).toBe('/signin?next=%2Fembed%2Fsigned-in%3Fsite%3Dblog');
  });

  it('sends a popup already signed in straight to the hand-off, and refuses an unknown site', async () => {
    const reader = await accountReader(t.ctx, 'Popup Reader');
    const start = await t.app.inject({ url: '/embed/sign-in?site=blog', headers: { cookie: reader.cookie } });
    expect(start.statusCode).toBe(303);
    expect(start.headers.location).toBe('/embed/signed-in?site=blog');
    expect((await t.app.inject('/embed/sign-in?site=nowhere')).statusCode).toBe(404);
    expect((await t.app.inject('/embed/sign-in?site=Bad%20Name')).statusCode).toBe(400);
  });

  it('trades the code once for a partitioned session in which the reader comments as themselves', async () => {
    const reader = await accountReader(t.ctx, 'Frame Reader');
    const code = await mintCode(reader.cookie);
    const first = await trade(code);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      sessionStarted: true,
      reader: { id: reader.user!.id, displayName: 'Frame Reader', ssoSite: null },
    });
    expect(first.headers['set-cookie']).toMatch(/^gz_embed_session=gzs_/);
    expect(cookieAttributes(first.headers['set-cookie'])).toEqual(expect.arrayContaining(PARTITIONED));

    const cookie = cookiesOf(first.headers['set-cookie']);
    expect(cookie).not.toBe(reader.cookie);
    const posted = await t.app.inject({
      method: 'POST',
      url: `/api/v1/threads/${threadId}/comments`,
      headers: { ...EMBED, cookie },
      payload: { body: 'Written inside the frame, under my own name.', parentId: null },
    });
    expect(posted.statusCode).toBe(201);
    expect(posted.json().author).toMatchObject({ name: 'Frame Reader', isGuest: false });

    const again = await trade(code);
    expect(again.statusCode).toBe(401);
    expect(again.json().error).toMatchObject({ code: 'EMBED_CODE_INVALID', field: 'code' });
  });

  it('refuses a code older than 60 seconds, an unknown one, and one sent cross-site', async () => {
    const reader = await accountReader(t.ctx, 'Slow Reader');
    const code = await mintCode(reader.cookie);
    t.clock.advance(61_000);
    expect((await trade(code)).json().error.code).toBe('EMBED_CODE_INVALID');
    expect((await trade('gzh_' + 'x'.repeat(43))).json().error.code).toBe('EMBED_CODE_INVALID');
    const fresh = await mintCode(reader.cookie);
    t.clock.advance(59_000);
    const cross = await trade(fresh, { ...EMBED, origin: 'https://blog.example' });
    expect(cross.statusCode).toBe(403);
    expect(cross.json().error.code).toBe('CROSS_SITE_REQUEST');
    expect((await trade(fresh)).statusCode).toBe(200);
  });

  it('signs the frame out by clearing the partitioned cookie, and ends that session only', async () => {
    const reader = await accountReader(t.ctx, 'Leaving Reader');
    const signedIn = await trade(await mintCode(reader.cookie));
    const cookie = cookiesOf(signedIn.headers['set-cookie']);
    const out = await t.app.inject({ method: 'DELETE', url: '/api/v1/embed/session', headers: { ...EMBED, cookie } });
    expect(out.statusCode).toBe(200);
    expect(out.json()).toEqual({ ended: true });
    expect(out.headers['set-cookie']).toMatch(/^gz_embed_session=; Max-Age=0;/);
    expect(cookieAttributes(out.headers['set-cookie'])).toEqual(expect.arrayContaining(PARTITIONED));
    expect((await t.app.inject({ url: '/api/v1/me', headers: { ...EMBED, cookie } })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/v1/me', headers: { cookie: reader.cookie } })).statusCode).toBe(200);
  });

  it('keeps SameSite=Lax, not partitioned, on requests that do not come from the frame', async () => {
    const guest = await t.app.inject({
      method: 'POST',
      url: `/api/v1/threads/${threadId}/comments`,
      payload: { body: 'A comment on the article page itself.', guest: { name: 'Page Guest', email: 'page-guest@example.com' } },
    });
    expect(guest.statusCode).toBe(201);
    expect(cookieAttributes(guest.headers['set-cookie'])).toEqual(['Max-Age=31536000', 'Path=/', 'HttpOnly', 'SameSite=Lax']);

    const framed = await t.app.inject({
      method: 'POST',
      url: `/api/v1/threads/${threadId}/comments`,
      headers: EMBED,
      payload: { body: 'A comment from inside the frame.', guest: { name: 'Frame Guest', email: 'frame-guest@example.com' } },
    });
    expect(framed.statusCode).toBe(201);
    expect(framed.headers['set-cookie']).toMatch(/^gz_embed_guest=/);
    expect(cookieAttributes(framed.headers['set-cookie'])).toEqual(expect.arrayContaining(PARTITIONED));
  });

  it('knows a frame request by its path, its header or its EventSource query, and nothing else', () => {
    const request = (url: string, headers: Record<string, string> = {}) =>
      ({ url, headers, protocol: 'http' }) as unknown as FastifyRequest;
    expect(isEmbedRequest(request('/embed/thread?site=blog'))).toBe(true);
    expect(isEmbedRequest(request('/api/v1/comments/x/vote', EMBED))).toBe(true);
    expect(isEmbedRequest(request('/api/v1/threads/abc/events?embed=1'))).toBe(true);
    expect(isEmbedRequest(request('/articles/embed/thread'))).toBe(false);
    // The sign-in popup's pages are top-level pages of Gazette, with its first-party cookies.
    expect(isEmbedRequest(request('/embed/sign-in?site=blog'))).toBe(false);
    expect(isEmbedRequest(request('/embed/signed-in?site=blog'))).toBe(false);
    expect(isEmbedRequest(request('/api/v1/threads/abc/events?embed=0'))).toBe(false);
    expect(isEmbedRequest(request('/api/v1/me', { 'x-gazette-embed': 'yes' }))).toBe(false);
    expect(cookieAttributesFor(request('/signin'))).toEqual({ sameSite: 'lax', secure: false, partitioned: false });
    expect(cookieAttributesFor(request('/embed/thread'))).toEqual({ sameSite: 'none', secure: true, partitioned: true });
  });
});
