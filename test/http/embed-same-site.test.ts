// A host page same-site with Gazette (blog.example and comments.example, two ports of localhost):
// the browser sends Gazette's first-party Lax cookies to the frame as well, and the frame's
// partitioned cookies reach Gazette's own pages. The frame's cookies have names of their own
// (gz_embed_session, gz_embed_guest), so signing in or out in the frame never touches the
// reader's own session, and neither side reads the other's cookie.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makePost, makeStaffWithToken } from '../helpers/factories.ts';
import { testEngines } from '../helpers/engines.ts';
import { accountReader, guestReader } from '../helpers/readers.ts';
import { cookiesOf, EMBED } from '../helpers/sso.ts';
import { registerSite } from '../../src/domain/sites/sites.ts';
import { saveModerationSettings } from '../../src/domain/moderation/settings.ts';

describe.each(testEngines())('the embed frame beside a same-site first-party session (%s)', (engine) => {
  let t: TestApp;
  let threadId: string;

  beforeAll(async () => {
    t = await buildTestApp(engine);
    await registerSite(t.ctx, { name: 'blog', title: 'The Blog', origins: ['https://blog.example'] });
    await saveModerationSettings(t.ctx, { nearDuplicates: 0 });
    const { user } = await makeStaffWithToken(t.ctx, 'editor');
    const slug = (await makePost(t.ctx, user, { title: 'Same site' })).slug;
    threadId = (await t.app.inject(`/api/v1/posts/${slug}`)).json().threadId;
  });
  afterAll(async () => t?.close());

  async function mintCode(cookie: string): Promise<string> {
    const page = await t.app.inject({ url: '/embed/signed-in?site=blog', headers: { cookie } });
    expect(page.statusCode).toBe(200);
    return /data-handoff-code="(gzh_[A-Za-z0-9_-]+)"/.exec(page.body)![1]!;
  }
  const me = (cookie: string, headers: Record<string, string> = {}) => t.app.inject({ url: '/api/v1/me', headers: { ...headers, cookie } });

  it('signs the frame in and out with the first-party cookie sent along, leaving Gazette signed in', async () => {
    const reader = await accountReader(t.ctx, 'Same Site Reader');
    // The frame's request carries the first-party gz_session too, as a same-site browser sends it.
    const signIn = await t.app.inject({
      method: 'POST',
      url: '/api/v1/embed/session',
      headers: { ...EMBED, cookie: reader.cookie },
      payload: { code: await mintCode(reader.cookie) },
    });
    expect(signIn.statusCode).toBe(200);
    expect(signIn.headers['set-cookie']).toMatch(/^gz_embed_session=gzs_/);
    expect((await me(reader.cookie)).json()).toMatchObject({ displayName: 'Same Site Reader' });

    // Both cookies travel from now on; the frame reads its own, Gazette's pages theirs.
    const both = `${reader.cookie}; ${cookiesOf(signIn.headers['set-cookie'])}`;
    expect((await me(both, EMBED)).statusCode).toBe(200);
    const frame = await t.app.inject({
      url: '/embed/thread?site=blog&page=same-site&origin=https://blog.example',
      headers: { cookie: both },
    });
    expect(frame.statusCode).toBe(200);
    expect(frame.body).toContain('Same Site Reader');

    const signOut = await t.app.inject({ method: 'DELETE', url: '/api/v1/embed/session', headers: { ...EMBED, cookie: both } });
    expect(signOut.json()).toEqual({ ended: true });
    expect(signOut.headers['set-cookie']).toMatch(/^gz_embed_session=; Max-Age=0;/);
    expect((await me(both)).json()).toMatchObject({ displayName: 'Same Site Reader' });
    expect((await me(both, EMBED)).statusCode).toBe(401);
  });

  it('never reads the first-party session or guest key in the frame, nor the frame’s on Gazette’s pages', async () => {
    const reader = await accountReader(t.ctx, 'Only First Party');
    expect((await me(reader.cookie, EMBED)).statusCode).toBe(401);
    const framed = await accountReader(t.ctx, 'Only Framed');
    const frameCookie = framed.cookie.replace(/^gz_session=/, 'gz_embed_session=');
    expect((await me(frameCookie)).statusCode).toBe(401);
    expect((await me(frameCookie, EMBED)).statusCode).toBe(200);

    // A guest's first-party key is not the frame's: a guest comment in the frame gets a key of its own.
    const guest = guestReader('Two Jars');
    const posted = await t.app.inject({
      method: 'POST',
      url: `/api/v1/threads/${threadId}/comments`,
      headers: { ...EMBED, cookie: guest.cookie },
      payload: { body: 'Written in the frame beside a first-party guest key.', guest: { name: 'Two Jars', email: 'jars@example.com' } },
    });
    expect(posted.statusCode).toBe(201);
    expect(posted.headers['set-cookie']).toMatch(/^gz_embed_guest=/);
  });

  it('lets the sign-in popup’s pages read the first-party session, as top-level pages of Gazette', async () => {
    const reader = await accountReader(t.ctx, 'Popup Owner');
    const start = await t.app.inject({ url: '/embed/sign-in?site=blog', headers: { cookie: reader.cookie } });
    expect(start.headers.location).toBe('/embed/signed-in?site=blog');
    // A frame session alone is not a Gazette sign-in: the popup sends its owner through sign-in.
    const frameOnly = reader.cookie.replace(/^gz_session=/, 'gz_embed_session=');
    const handoff = await t.app.inject({ url: '/embed/signed-in?site=blog', headers: { cookie: frameOnly } });
    expect(handoff.statusCode).toBe(303);
  });
});
