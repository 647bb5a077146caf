// Single sign-on in the embed (issue 15): a site signs a short-lived HS256 token with its secret;
// Gazette verifies it, makes or updates the site-scoped account and starts a (partitioned) session.
// Expired, replayed and badly signed tokens are refused with their own codes, naming the claim.
import { createHmac } from 'node:crypto';
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makePost, makeStaffWithToken } from '../helpers/factories.ts';
import { testEngines } from '../helpers/engines.ts';
import { cookieAttributes, cookiesOf, EMBED, PARTITIONED, signSsoToken, unsignedToken, type SsoClaims } from '../helpers/sso.ts';
import { registerSite, rotateSiteSecret, siteSsoSecret } from '../../src/domain/sites/sites.ts';
import { createAccount } from '../../src/domain/users/accounts.ts';
import { saveModerationSettings } from '../../src/domain/moderation/settings.ts';
import { accountReader } from '../helpers/readers.ts';
import { avatar } from '../../src/render/avatar.ts';

describe.each(testEngines())('embed single sign-on (%s)', (engine) => {
  let t: TestApp;
  let secret: string;
  let threadId: string;
  let n = 0;
  /** A new subject for each test, so tests do not share accounts. */
  const subject = () => `member-${++n}`;

  beforeAll(async () => {
    t = await buildTestApp(engine);
    await registerSite(t.ctx, { name: 'blog', title: 'The Blog', origins: ['https://blog.example'] });
    secret = await siteSsoSecret(t.ctx, 'blog');
    await saveModerationSettings(t.ctx, { nearDuplicates: 0 });
    const { user } = await makeStaffWithToken(t.ctx, 'editor');
    const slug = (await makePost(t.ctx, user, { title: 'Single sign-on' })).slug;
    threadId = (await t.app.inject(`/api/v1/posts/${slug}`)).json().threadId;
  });
  afterAll(async () => t?.close());

  const sso = (token: string, headers: Record<string, string> = {}, site = 'blog') =>
    t.app.inject({ method: 'POST', url: '/api/v1/embed/sso', headers: { ...EMBED, ...headers }, payload: { site, token } });
  const sign = (claims: Parameters<typeof signSsoToken>[1]) => signSsoToken(secret, claims, t.clock.now());

  it('makes the account, starts a partitioned session and comments under the name the site gave', async () => {
    const picture = 'https://blog.example/avatars/priya.jpg';
    const response = await sso(await sign({ sub: subject(), name: 'Priya from the Blog', email: 'priya@blog.example', avatar: picture }));
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ sessionStarted: true, reader: { displayName: 'Priya from the Blog', ssoSite: 'blog' } });
    expect(response.headers['set-cookie']).toMatch(/^gz_embed_session=gzs_/);
    expect(cookieAttributes(response.headers['set-cookie'])).toEqual(expect.arrayContaining(PARTITIONED));

    const posted = await t.app.inject({
      method: 'POST',
      url: `/api/v1/threads/${threadId}/comments`,
      headers: { ...EMBED, cookie: cookiesOf(response.headers['set-cookie']) },
      payload: { body: 'Signed in through my blog, commenting as myself.', parentId: null },
    });
    expect(posted.statusCode).toBe(201);
    expect(posted.json().author).toMatchObject({ name: 'Priya from the Blog', isGuest: false, avatarUrl: picture });
    // The site's picture is drawn as it is: no .webp twin is asked of another server.
    expect(avatar('Priya from the Blog', 'small', picture).value).toContain(`<img src="${picture}"`);
    expect(avatar('Priya from the Blog', 'small', picture).value).not.toContain('<source');
  });

  it('updates the same account on a later token, and starts no new session for a browser already signed in as it', async () => {
    const id = subject();
    const first = await sso(await sign({ id, name: 'Old Name' }));
    expect(first.statusCode).toBe(200);
    const cookie = cookiesOf(first.headers['set-cookie']);
    const second = await sso(await sign({ id, name: 'New Name', avatar: 'https://blog.example/avatars/new.png' }), { cookie });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({
      sessionStarted: false,
      reader: { id: first.json().reader.id, displayName: 'New Name', avatarUrl: 'https://blog.example/avatars/new.png' },
    });
    expect(second.headers['set-cookie']).toBeUndefined();
    const row = await t.ctx.db.selectFrom('users').selectAll().where('id', '=', first.json().reader.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ display_name: 'New Name', sso_site: 'blog', sso_subject: id, password_hash: null });
  });

  it("ends a site's single sign-on session when its host says nobody is signed in, and no other session", async () => {
    const signedIn = await sso(await sign({ sub: subject(), name: 'Leaving Member' }));
    const cookie = cookiesOf(signedIn.headers['set-cookie']);
    const signOut = (site: string, as = cookie) =>
      t.app.inject({ method: 'DELETE', url: `/api/v1/embed/session?ssoSite=${site}`, headers: { ...EMBED, cookie: as } });
    expect((await signOut('another-site')).json()).toEqual({ ended: false });
    expect((await t.app.inject({ url: '/api/v1/me', headers: { ...EMBED, cookie } })).statusCode).toBe(200);
    // A frame signed in with a Gazette account (the popup's hand-off) stays signed in.
    const gazetteReader = await accountReader(t.ctx, 'Gazette Reader');
    const framedGazetteReader = gazetteReader.cookie.replace(/^gz_session=/, 'gz_embed_session=');
    expect((await signOut('blog', framedGazetteReader)).json()).toEqual({ ended: false });
    const ended = await signOut('blog');
    expect(ended.json()).toEqual({ ended: true });
    expect(cookieAttributes(ended.headers['set-cookie'])).toEqual(expect.arrayContaining(PARTITIONED));
    expect((await t.app.inject({ url: '/api/v1/me', headers: { ...EMBED, cookie } })).statusCode).toBe(401);
  });

  it('accepts a token made by hand with an HMAC of the secret, as the PHP example in docs/EMBED.md does', async () => {
    const b64 = (bytes: Buffer | string) => Buffer.from(bytes).toString('base64url');
    const now = Math.floor(t.clock.now().getTime() / 1000);
    const claims = { sub: 42, name: 'Hand Made', avatar: 'https://blog.example/me.png', iat: now, exp: now + 300 };
    // PHP's json_encode writes "\/" in URLs: still the same JSON.
    const signed = `${b64(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64(JSON.stringify(claims).replaceAll('/', '\\/'))}`;
    const token = `${signed}.${b64(createHmac('sha256', secret).update(signed).digest())}`;
    const response = await sso(token);
    expect(response.statusCode).toBe(200);
    expect(response.json().reader).toMatchObject({ displayName: 'Hand Made', avatarUrl: 'https://blog.example/me.png' });
  });

  it('refuses an expired token', async () => {
    const now = Math.floor(t.clock.now().getTime() / 1000);
    const response = await sso(await sign({ sub: subject(), name: 'Late', iat: now - 400, exp: now - 60 }));
    expect(response.statusCode).toBe(401);
    expect(response.json().error).toMatchObject({ code: 'SSO_TOKEN_EXPIRED', field: 'token' });
  });

  it('refuses a token used once already (same token, or the same jti), and forgets it once expired', async () => {
    const token = await sign({ sub: subject(), name: 'Once' });
    expect((await sso(token)).statusCode).toBe(200);
    const again = await sso(token);
    expect(again.statusCode).toBe(401);
    expect(again.json().error.code).toBe('SSO_TOKEN_REPLAYED');

    const id = subject();
    expect((await sso(await sign({ sub: id, name: 'Jti', jti: `jti-${id}` }))).statusCode).toBe(200);
    const sameJti = await sso(await sign({ sub: id, name: 'Jti again', jti: `jti-${id}` }));
    expect(sameJti.json().error.code).toBe('SSO_TOKEN_REPLAYED');

    const before = await t.ctx.db.selectFrom('sso_token_uses').select('token_hash').execute();
    expect(before.length).toBeGreaterThanOrEqual(2);
    t.clock.advance(20 * 60 * 1000);
    expect((await sso(await sign({ sub: subject(), name: 'Later' }))).statusCode).toBe(200);
    const after = await t.ctx.db.selectFrom('sso_token_uses').select('token_hash').execute();
    expect(after).toHaveLength(1);
  });

  it("refuses a token signed with another secret, and after the site's secret changed", async () => {
    const response = await sso(
      await signSsoToken('not-the-site-secret-at-all-0123456789', { sub: subject(), name: 'Forger' }, t.clock.now()),
    );
    expect(response.statusCode).toBe(401);
    expect(response.json().error).toMatchObject({ code: 'SSO_TOKEN_INVALID', field: 'token' });
    expect(response.json().error.message).toMatch(/signature/);

    const before = await sign({ sub: subject(), name: 'Rotated' });
    await rotateSiteSecret(t.ctx, 'blog');
    const stale = await sso(before);
    expect(stale.json().error.code).toBe('SSO_TOKEN_INVALID');
    secret = await siteSsoSecret(t.ctx, 'blog');
    expect((await sso(await sign({ sub: subject(), name: 'Rotated' }))).statusCode).toBe(200);
  });

  it('refuses alg none and public-key algorithms', async () => {
    const now = Math.floor(t.clock.now().getTime() / 1000);
    const none = await sso(unsignedToken({ sub: subject(), name: 'Nobody', iat: now, exp: now + 60 }));
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe('SSO_TOKEN_INVALID');

    const { privateKey } = await generateKeyPair('RS256');
    const rs = await new SignJWT({ sub: subject(), name: 'Keyholder', iat: now, exp: now + 60 })
      .setProtectedHeader({ alg: 'RS256' })
      .sign(privateKey);
    const refused = await sso(rs);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error).toMatchObject({ code: 'SSO_TOKEN_INVALID' });
    expect(refused.json().error.message).toMatch(/HS256/);

    const hs512 = await signSsoToken(secret, { sub: subject(), name: 'Long hash' }, t.clock.now(), { alg: 'HS512' });
    expect((await sso(hs512)).json().error.code).toBe('SSO_TOKEN_INVALID');
  });

  it.each<[string, SsoClaims]>([
    ['sub', { name: 'No Subject' }],
    ['name', { sub: 'someone' }],
    ['name', { sub: 'someone', name: '   ' }],
    ['exp', { sub: 'someone', name: 'No Expiry', exp: undefined }],
    ['exp', { sub: 'someone', name: 'Long Lived', exp: 2_000_000_000 }],
    ['email', { sub: 'someone', name: 'Bad Mail', email: 'not an address' }],
  ])('refuses a token whose "%s" claim is missing or wrong, naming it', async (claim, claims) => {
    const response = await sso(await sign({ ...claims, sub: claims.sub === undefined ? undefined : `${claims.sub}-${subject()}` }));
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('SSO_TOKEN_INVALID');
    expect(response.json().error.message).toContain(`"${claim}"`);
  });

  it.each([
    'javascript:alert(1)',
    'http://blog.example/a.png',
    'data:image/png;base64,AAAA',
    '//evil.example/a.png',
    'https://blog.example/a b.png',
  ])('drops the unsafe avatar %s and signs in anyway', async (avatar) => {
    const response = await sso(await sign({ sub: subject(), name: 'Avatar Test', avatar }));
    expect(response.statusCode).toBe(200);
    expect(response.json().reader.avatarUrl).toBeNull();
  });

  it('refuses an unknown site', async () => {
    const response = await sso(await sign({ sub: subject(), name: 'Lost' }), {}, 'no-such-site');
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('SITE_NOT_FOUND');
  });

  it('refuses a cross-site request and a body that is not JSON', async () => {
    const token = await sign({ sub: subject(), name: 'Cross' });
    const cross = await sso(token, { origin: 'https://evil.example' });
    expect(cross.statusCode).toBe(403);
    expect(cross.json().error.code).toBe('CROSS_SITE_REQUEST');
    const form = await t.app.inject({
      method: 'POST',
      url: '/api/v1/embed/sso',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `site=blog&token=${token}`,
    });
    expect(form.statusCode).toBe(415);
  });

  it('keeps a site account apart from a Gazette account of the same address, and never lets it sign in by password or mail', async () => {
    const gazette = await createAccount(t.ctx, {
      email: 'same@example.com',
      displayName: 'Gazette Self',
      role: 'reader',
      password: 'a long password 123',
    });
    const response = await sso(await sign({ sub: subject(), name: 'Site Self', email: 'same@example.com' }));
    expect(response.statusCode).toBe(200);
    const ssoId = response.json().reader.id;
    expect(ssoId).not.toBe(gazette.id);
    const row = await t.ctx.db.selectFrom('users').selectAll().where('id', '=', ssoId).executeTakeFirstOrThrow();
    expect(row.email).not.toBe('same@example.com');
    expect(row.sso_email).toBe('same@example.com');
    const untouched = await t.ctx.db.selectFrom('users').selectAll().where('id', '=', gazette.id).executeTakeFirstOrThrow();
    expect(untouched).toMatchObject({ display_name: 'Gazette Self', sso_site: null });

    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: row.email, password: 'anything at all 123' },
    });
    expect(login.statusCode).toBe(401);
    expect(login.json().error.code).toBe('SIGN_IN_FAILED');
    const outboxBefore = await t.ctx.db.selectFrom('outbox').select('id').where('to_address', '=', row.email).execute();
    expect(outboxBefore).toHaveLength(0);
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/signin-link', payload: { email: row.email } });
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email: row.email } });
    const links = await t.ctx.db.selectFrom('email_tokens').select('id').where('user_id', '=', ssoId).execute();
    expect(links).toHaveLength(0);
  });
});
