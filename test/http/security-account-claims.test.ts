// An unconfirmed account is nobody's yet (review of 7 Dec): someone who signs up with another
// person's address, or signs in with a provider that does not vouch for it, must not keep a way in
// once the owner proves the address by a sign-in provider, a reset or a sign-in link. And every
// mailed link that signs in, the confirmation link included, ends with a new password.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identitiesOfUser } from '../../src/storage/repos/oidc-identities.ts';
import { findUserByEmail } from '../../src/storage/repos/users.ts';
import { listOutbox } from '../../src/storage/repos/outbox.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { cookieBrowser } from '../helpers/cookie-browser.ts';
import { listenOidcProvider, type LocalOidcProvider } from '../helpers/oidc-provider.ts';

const SITE = 'http://news.test';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe.each(testEngines())('claiming an unconfirmed account on %s', (engine) => {
  let idp: LocalOidcProvider;
  let t: TestApp;
  let ipSeq = 0;

  beforeAll(async () => {
    idp = await listenOidcProvider();
    idp.start([`${SITE}/auth/oidc/local/callback`]);
    idp.accounts.set('owner-a', { email: 'owner-a@example.test', email_verified: true, name: 'Owner A' });
    idp.accounts.set('lax-b', { email: 'owner-b@example.test', email_verified: false, name: 'Lax B' });
    t = await buildTestApp(engine, { publicUrl: SITE, oidcProviders: [idp.config] });
  });
  afterAll(async () => {
    await t?.close();
    await idp?.close();
  });

  /** A browser keeping its cookies, each on its own address so the limits of one never meet another's. */
  function browser() {
    const { jar, call } = cookieBrowser(t, `203.0.113.${++ipSeq}`);
    return {
      jar,
      get: (url: string) => call('GET', url),
      post: (url: string, payload: Record<string, unknown> | string, headers?: Record<string, string>) =>
        call('POST', url, payload, headers),
      me: async () => (await call('GET', '/api/v1/me')).json() as { id?: string; error?: unknown },
    };
  }
  type Browser = ReturnType<typeof browser>;

  async function viaProvider(b: Browser, login: string) {
    const start = await b.get('/auth/oidc/local?next=/');
    expect(start.statusCode).toBe(302);
    const back = await idp.signIn(start.headers.location as string, { login });
    return b.get(back.pathname + back.search);
  }

  /** The tokens of every link to `path` mailed to `to`, so far. */
  async function mailedTokens(to: string, path: string): Promise<Set<string>> {
    const mails = await listOutbox(t.ctx.db, { limit: 500, offset: 0 });
    const pattern = new RegExp(`${path}\\?token=([\\w-]+)`);
    return new Set(mails.filter((m) => m.to_address === to).flatMap((m) => pattern.exec(m.text_body)?.[1] ?? []));
  }

  /** The one link to `path` mailed to `to`. */
  async function mailedToken(to: string, path: string): Promise<string> {
    const tokens = [...(await mailedTokens(to, path))];
    expect(tokens).toHaveLength(1);
    return tokens[0]!;
  }

  const logIn = (b: Browser, email: string, password: string) => b.post('/api/v1/auth/login', { email, password });

  it('a provider that vouches for the address takes the account without the password someone else set', async () => {
    const attacker = browser();
    const signUp = await attacker.post('/api/v1/auth/signup', {
      email: 'owner-a@example.test',
      password: 'attacker chosen phrase',
      displayName: 'Sleeper',
    });
    expect(signUp.statusCode).toBe(202);
    expect((await logIn(attacker, 'owner-a@example.test', 'attacker chosen phrase')).json().error.code).toBe('EMAIL_NOT_CONFIRMED');
    const confirmLinks = await mailedTokens('owner-a@example.test', '/verify'); // at sign-up, and at the refused log-in
    expect(confirmLinks.size).toBe(2);

    const owner = browser();
    expect((await viaProvider(owner, 'owner-a')).statusCode).toBe(303);
    const account = await owner.me();
    expect(account.id).toBe((await findUserByEmail(t.ctx.db, 'owner-a@example.test'))!.id);

    const again = await logIn(attacker, 'owner-a@example.test', 'attacker chosen phrase');
    expect(again.statusCode).toBe(401);
    expect(again.json().error.code).toBe('SIGN_IN_FAILED');
    // The confirmation links mailed before (the attacker cannot read them, but nobody needs them now) sign nobody in.
    for (const token of confirmLinks)
      expect((await browser().post('/api/v1/auth/verify', { token })).json().error.code).toBe('LINK_EXPIRED');
    expect((await findUserByEmail(t.ctx.db, 'owner-a@example.test'))!.password_hash).toBeNull();
    // The owner stays signed in, by the provider alone.
    expect((await owner.me()).id).toBe(account.id);
    expect((await identitiesOfUser(t.ctx.db, account.id!)).map((i) => i.subject)).toEqual(['owner-a']);
  });

  it('a reset by the owner unlinks an identity that a provider did not vouch for, and signs it out', async () => {
    const lax = browser();
    expect((await viaProvider(lax, 'lax-b')).statusCode).toBe(303);
    const squatted = await lax.me();
    expect(squatted.id).toBeTruthy();

    const owner = browser();
    expect((await owner.post('/api/v1/auth/password-reset', { email: 'owner-b@example.test' })).statusCode).toBe(202);
    const reset = await owner.post('/api/v1/auth/password-reset/confirm', {
      token: await mailedToken('owner-b@example.test', '/reset/confirm'),
      password: 'the owner own phrase',
    });
    expect(reset.statusCode).toBe(200);
    expect(reset.json()).toMatchObject({ id: squatted.id, emailVerified: true });

    expect((await lax.me()).error).toBeTruthy();
    expect(await identitiesOfUser(t.ctx.db, squatted.id!)).toEqual([]);
    const comeBack = await viaProvider(browser(), 'lax-b');
    expect(comeBack.statusCode).toBe(409);
    expect(comeBack.body).toContain('your sign-in provider has not confirmed that the address is yours');
    expect((await logIn(browser(), 'owner-b@example.test', 'the owner own phrase')).statusCode).toBe(200);
  });

  it('a sign-in link takes an unconfirmed account without the password set at sign-up', async () => {
    const attacker = browser();
    await attacker.post('/api/v1/auth/signup', {
      email: 'owner-c@example.test',
      password: 'attacker chosen phrase',
      displayName: 'Sleeper',
    });
    const owner = browser();
    await owner.post('/api/v1/auth/signin-link', { email: 'owner-c@example.test' });
    const link = await mailedToken('owner-c@example.test', '/signin/link');
    expect((await owner.post('/signin/link/confirm', `token=${link}`, FORM)).statusCode).toBe(303);
    expect((await owner.me()).id).toBeTruthy();
    expect((await logIn(attacker, 'owner-c@example.test', 'attacker chosen phrase')).statusCode).toBe(401);
  });

  it('the confirmation link keeps the password of whoever signed up', async () => {
    const reader = browser();
    await reader.post('/api/v1/auth/signup', { email: 'owner-d@example.test', password: 'my own long phrase', displayName: 'Dee' });
    expect((await reader.post('/api/v1/auth/verify', { token: await mailedToken('owner-d@example.test', '/verify') })).statusCode).toBe(
      200,
    );
    expect((await logIn(browser(), 'owner-d@example.test', 'my own long phrase')).statusCode).toBe(200);
  });

  it('a new password retires confirmation links too: they sign in', async () => {
    const reader = browser();
    await reader.post('/api/v1/auth/signup', { email: 'owner-e@example.test', password: 'first long phrase', displayName: 'Eve' });
    const first = await mailedToken('owner-e@example.test', '/verify');
    await logIn(reader, 'owner-e@example.test', 'first long phrase'); // unconfirmed: a second link is mailed
    const [second] = [...(await mailedTokens('owner-e@example.test', '/verify'))].filter((token) => token !== first);
    expect(second).toBeTruthy();
    expect((await reader.post('/api/v1/auth/verify', { token: first })).statusCode).toBe(200);
    const changed = await reader.post('/api/v1/me/password', { currentPassword: 'first long phrase', password: 'second long phrase' });
    expect(changed.statusCode).toBe(204);
    const stale = await browser().post('/api/v1/auth/verify', { token: second! });
    expect(stale.json().error.code).toBe('LINK_EXPIRED');
  });
});
