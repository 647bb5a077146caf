// Sign in with OpenID Connect over HTTP, against a real oidc-provider listening on this machine:
// the settings, the account rules (link, create, refuse) and the routes' refusals.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { signInWithOidc } from '../../src/domain/users/oidc.ts';
import { AppError } from '../../src/errors.ts';
import { identitiesOfUser } from '../../src/storage/repos/oidc-identities.ts';
import { findUserByEmail } from '../../src/storage/repos/users.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { makePost, makeUser } from '../helpers/factories.ts';
import { listenOidcProvider, type LocalOidcProvider } from '../helpers/oidc-provider.ts';
import { createAccount } from '../../src/domain/users/accounts.ts';

const SITE = 'http://news.test';

describe('GAZETTE_OIDC_PROVIDERS', () => {
  const load = (value: string) => loadConfig({ GAZETTE_OIDC_PROVIDERS: value }).oidcProviders;
  const google = { id: 'google', name: 'Google', issuer: 'https://accounts.google.com', clientId: 'id', clientSecret: 'secret' };

  it('reads a list of providers, with openid email profile as the default scopes', () => {
    expect(loadConfig({}).oidcProviders).toEqual([]);
    expect(load(JSON.stringify([google]))).toEqual([{ ...google, scopes: 'openid email profile' }]);
    expect(load(JSON.stringify([{ ...google, issuer: 'http://127.0.0.1:4000', clientSecret: undefined }]))[0]).toMatchObject({
      issuer: 'http://127.0.0.1:4000',
      clientSecret: undefined,
    });
  });

  it.each([
    ['not json', /GAZETTE_OIDC_PROVIDERS: expected a JSON array/],
    [JSON.stringify(google), /expected a JSON array/],
    [JSON.stringify([{ ...google, id: 'Not A Slug' }]), /entry 1 \("Not A Slug"\): "id" must be a slug/],
    [JSON.stringify([{ ...google, issuer: 'accounts.google.com' }]), /entry 1 \("google"\): "issuer" is not a URL/],
    [JSON.stringify([{ ...google, issuer: 'http://idp.example.com' }]), /"issuer" must be an https URL/],
    [JSON.stringify([{ ...google, clientId: '' }]), /"clientId" must be a non-empty string/],
    [JSON.stringify([{ ...google, scopes: 'email' }]), /"scopes" must include openid/],
    [JSON.stringify([{ ...google, clientSecert: 'typo' }]), /unknown field "clientSecert"/],
    [JSON.stringify([google, { ...google }]), /the id "google" is used twice/],
    [JSON.stringify([google, 'github']), /entry 2: expected an object/],
  ])('refuses %s naming the setting and the entry', (value, message) => {
    expect(() => load(value)).toThrow(ConfigError);
    expect(() => load(value)).toThrow(message);
  });
});

describe.each(testEngines())('OpenID Connect sign-in on %s', (engine) => {
  let idp: LocalOidcProvider;
  /** A second provider that is down at first: discovery must be retried once it answers. */
  let late: LocalOidcProvider;
  let t: TestApp;

  beforeAll(async () => {
    [idp, late] = await Promise.all([listenOidcProvider(), listenOidcProvider()]);
    idp.start([`${SITE}/auth/oidc/local/callback`]);
    idp.accounts.set('ada', { email: 'Ada@Example.test', email_verified: true, name: 'Ada Lovelace' });
    idp.accounts.set('grace', { email: 'grace@example.test', email_verified: true, name: 'Grace at the provider' });
    idp.accounts.set('mallory', { email: 'victim@example.test', email_verified: false, name: 'Mallory' });
    t = await buildTestApp(engine, { publicUrl: SITE, oidcProviders: [idp.config, { ...late.config, id: 'late', name: 'Late' }] });
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all([idp?.close(), late?.close()]);
  });

  /** A browser that keeps its cookies between requests (paths ignored: every cookie goes everywhere). */
  function browser() {
    const jar = new Map<string, string>();
    return {
      jar,
      async get(url: string) {
        const response = await t.app.inject({
          method: 'GET',
          url,
          headers: jar.size ? { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } : {},
        });
        const set = response.headers['set-cookie'];
        for (const line of Array.isArray(set) ? set : set ? [set] : []) {
          const [pair] = line.split(';');
          const eq = pair!.indexOf('=');
          if (eq < pair!.length - 1) jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
          else jar.delete(pair!.slice(0, eq));
        }
        return response;
      },
    };
  }

  async function viaProvider(b: ReturnType<typeof browser>, action: { login: string } | { cancel: true }, next = '/') {
    const start = await b.get(`/auth/oidc/local?next=${encodeURIComponent(next)}`);
    expect(start.statusCode).toBe(302);
    const back = await idp.signIn(start.headers.location as string, action);
    expect(back.origin).toBe(SITE);
    return { back, answer: await b.get(back.pathname + back.search) };
  }

  it('offers a button per provider on the sign-in page', async () => {
    const page = await t.app.inject('/signin?next=/articles/x');
    expect(page.body).toContain('href="/auth/oidc/local?next=%2Farticles%2Fx">Sign in with Local</a>');
    expect(page.body).toContain('Sign in with Late</a>');
  });

  it('sends the browser to the provider with PKCE, state and nonce kept in a signed, httpOnly, Lax cookie', async () => {
    const start = await t.app.inject('/auth/oidc/local?next=/articles/x');
    expect(start.statusCode).toBe(302);
    const to = new URL(start.headers.location as string);
    expect(to.origin).toBe(idp.issuer);
    expect(Object.fromEntries(to.searchParams)).toMatchObject({
      client_id: idp.config.clientId,
      response_type: 'code',
      scope: 'openid email profile',
      redirect_uri: `${SITE}/auth/oidc/local/callback`,
      code_challenge_method: 'S256',
    });
    for (const name of ['code_challenge', 'state', 'nonce']) expect(to.searchParams.get(name)).toMatch(/^[\w-]{32,}$/);
    expect(start.headers['set-cookie']).toMatch(/^gz_oidc=[\w-]+\.[\w-]+; Max-Age=600; Path=\/auth\/oidc; HttpOnly; SameSite=Lax$/);
    // The PKCE verifier stays in the cookie; only its S256 challenge goes to the provider.
    const sealed = /^gz_oidc=([\w-]+)\./.exec(start.headers['set-cookie'] as string)![1]!;
    const pending = JSON.parse(Buffer.from(sealed, 'base64url').toString());
    expect(pending).toMatchObject({
      provider: 'local',
      state: to.searchParams.get('state'),
      nonce: to.searchParams.get('nonce'),
      next: '/articles/x',
    });
    expect(start.headers.location).not.toContain(pending.verifier);
    expect(to.searchParams.get('code_challenge')).toBe(createHash('sha256').update(pending.verifier).digest('base64url'));
  });

  it('answers 404 for a provider that is not configured', async () => {
    expect((await t.app.inject('/auth/oidc/facebook')).statusCode).toBe(404);
    expect((await t.app.inject('/auth/oidc/facebook/callback?code=x&state=y')).statusCode).toBe(404);
  });

  it('creates a verified reader account, signs the browser in, and reuses the account next time', async () => {
    const b = browser();
    const { answer } = await viaProvider(b, { login: 'ada' }, '/articles/somewhere');
    expect(answer.statusCode).toBe(303);
    expect(answer.headers.location).toBe('/articles/somewhere');
    expect(b.jar.has('gz_oidc')).toBe(false);
    const me = (await b.get('/api/v1/me')).json();
    expect(me).toMatchObject({ email: 'ada@example.test', emailVerified: true, displayName: 'Ada Lovelace', role: 'reader' });

    const again = browser();
    await viaProvider(again, { login: 'ada' });
    expect((await again.get('/api/v1/me')).json().id).toBe(me.id);
    expect(await identitiesOfUser(t.ctx.db, me.id)).toMatchObject([{ provider: 'local', subject: 'ada', email: 'ada@example.test' }]);
  });

  it('links an existing account when the provider has verified its address, and claims the guest comments of the browser signing in', async () => {
    const author = await makeUser(t.ctx, 'editor');
    const post = await makePost(t.ctx, author);
    const threadId = (await t.app.inject(`/api/v1/posts/${post.slug}`)).json().threadId as string;
    const b = browser();
    const posted = await t.app.inject({
      method: 'POST',
      url: `/api/v1/threads/${threadId}/comments`,
      payload: { body: 'Said as a guest', guest: { name: 'G', email: 'grace@example.test' } },
    });
    expect(posted.statusCode).toBe(201);
    // The guest wrote from browser b: its key cookie is what proves the comment theirs.
    const guestCookie = /^gz_guest=([^;]+)/.exec(posted.headers['set-cookie'] as string)![1]!;
    b.jar.set('gz_guest', guestCookie);
    const grace = await createAccount(t.ctx, {
      email: 'grace@example.test',
      displayName: 'Grace Hopper',
      role: 'reader',
      emailVerified: false,
    });

    expect((await viaProvider(b, { login: 'grace' })).answer.statusCode).toBe(303);
    expect((await b.get('/api/v1/me')).json()).toMatchObject({ id: grace.id, displayName: 'Grace Hopper', emailVerified: true });
    const thread = (await t.app.inject(`/api/v1/threads/${threadId}/comments`)).json();
    expect(thread.comments[0].author).toMatchObject({ name: 'Grace Hopper', isGuest: false });
  });

  it('refuses to link an address the provider has not verified, with a page that says why', async () => {
    const victim = await createAccount(t.ctx, { email: 'victim@example.test', displayName: 'Victim', role: 'reader' });
    const b = browser();
    const { answer } = await viaProvider(b, { login: 'mallory' });
    expect(answer.statusCode).toBe(409);
    expect(answer.body).toContain('your sign-in provider has not confirmed that the address is yours');
    expect(b.jar.has('gz_session')).toBe(false);
    expect(await identitiesOfUser(t.ctx.db, victim.id)).toEqual([]);
  });

  it('refuses a provider that shares no email address', async () => {
    const { answer } = await viaProvider(browser(), { login: 'nobody-without-claims' });
    expect(answer.statusCode).toBe(422);
    expect(answer.body).toContain('did not share an email address');
  });

  it('shows a friendly page when the person cancels at the provider', async () => {
    const b = browser();
    const { back, answer } = await viaProvider(b, { cancel: true });
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(answer.statusCode).toBe(400);
    expect(answer.body).toContain('You did not allow Local to sign you in here');
    expect(b.jar.has('gz_session')).toBe(false);
  });

  it('refuses an answer whose state does not match the cookie, and a cookie that was altered or is missing', async () => {
    const b = browser();
    const start = await b.get('/auth/oidc/local');
    const back = await idp.signIn(start.headers.location as string, { login: 'ada' });
    const cookie = b.jar.get('gz_oidc')!;

    const wrongState = new URL(back);
    wrongState.searchParams.set('state', 'not-the-state-we-sent');
    const refused = await t.app.inject({ url: wrongState.pathname + wrongState.search, headers: { cookie: `gz_oidc=${cookie}` } });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Signing in did not work');
    expect(String(refused.headers['set-cookie'])).not.toContain('gz_session=');

    const [body, signature] = cookie.split('.');
    const pending = JSON.parse(Buffer.from(body!, 'base64url').toString());
    const altered = `${Buffer.from(JSON.stringify({ ...pending, next: '/elsewhere' })).toString('base64url')}.${signature}`;
    for (const headers of [{ cookie: `gz_oidc=${altered}` }, {}]) {
      const answer = await t.app.inject({ url: back.pathname + back.search, headers });
      expect(answer.statusCode).toBe(400);
      expect(answer.body).toContain('This sign-in has expired');
    }
  });

  it('refuses a pending sign-in older than ten minutes', async () => {
    const b = browser();
    const start = await b.get('/auth/oidc/local');
    const back = await idp.signIn(start.headers.location as string, { login: 'ada' });
    t.clock.advance(11 * 60 * 1000);
    const answer = await b.get(back.pathname + back.search);
    expect(answer.statusCode).toBe(400);
    expect(answer.body).toContain('This sign-in has expired');
  });

  it('shows a page when the provider cannot be reached, and tries discovery again later', async () => {
    const down = await t.app.inject('/auth/oidc/late');
    expect(down.statusCode).toBe(503);
    expect(down.body).toContain('Late cannot be reached');
    late.start([`${SITE}/auth/oidc/late/callback`]);
    const up = await t.app.inject('/auth/oidc/late');
    expect(up.statusCode).toBe(302);
    expect(up.headers.location).toContain(late.issuer);
  });
});

describe.each(testEngines())('signInWithOidc rules on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(engine);
  });
  afterAll(async () => t?.close());

  const base = { provider: 'example', emailVerified: true, name: 'Someone' };
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => null,
      (error: unknown) => (error instanceof AppError ? error : Promise.reject(error)),
    );

  it('creates an account whose address stays unconfirmed when the provider has not verified it', async () => {
    const user = await signInWithOidc(t.ctx, { ...base, subject: 's-1', email: 'new@example.test', emailVerified: false, name: '  ' });
    expect(user).toMatchObject({
      email: 'new@example.test',
      email_verified_at: null,
      role: 'reader',
      display_name: 'new',
      password_hash: null,
    });
  });

  it('keeps answering with the linked account even when the provider later reports another address', async () => {
    const first = await signInWithOidc(t.ctx, { ...base, subject: 's-2', email: 'first@example.test' });
    const again = await signInWithOidc(t.ctx, { ...base, subject: 's-2', email: 'changed@example.test' });
    expect(again.id).toBe(first.id);
    expect(await findUserByEmail(t.ctx.db, 'changed@example.test')).toBeUndefined();
  });

  it('links by verified address, and the same subject at another provider is another identity', async () => {
    const owner = await makeUser(t.ctx, 'author');
    const linked = await signInWithOidc(t.ctx, { ...base, subject: 's-3', email: owner.email.toUpperCase() });
    expect(linked.id).toBe(owner.id);
    const elsewhere = await signInWithOidc(t.ctx, { ...base, provider: 'other', subject: 's-3', email: owner.email });
    expect(elsewhere.id).toBe(owner.id);
    expect((await identitiesOfUser(t.ctx.db, owner.id)).map((i) => i.provider)).toEqual(['example', 'other']);
  });

  it('refuses a taken address the provider has not verified, and a missing or malformed one', async () => {
    const owner = await makeUser(t.ctx, 'reader');
    expect(await refusal(signInWithOidc(t.ctx, { ...base, subject: 's-4', email: owner.email, emailVerified: false }))).toMatchObject({
      code: 'CONFLICT',
      field: 'email',
    });
    expect(await refusal(signInWithOidc(t.ctx, { ...base, subject: 's-5', email: null }))).toMatchObject({
      code: 'UNPROCESSABLE',
      field: 'email',
    });
    expect(await refusal(signInWithOidc(t.ctx, { ...base, subject: 's-6', email: 'not an address' }))).toMatchObject({
      code: 'UNPROCESSABLE',
      field: 'email',
    });
    expect(await identitiesOfUser(t.ctx.db, owner.id)).toEqual([]);
  });
});
