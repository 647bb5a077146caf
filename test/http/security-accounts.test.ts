// Account mail and sign-in under attack (issue 11, findings 2, 9, 13, 16, 17): links in mail never
// come from request headers; sign-up and link requests do the same work for a registered and an
// unknown address; a new password ends old links and API tokens; a mailed link signs in only by a
// same-origin POST; password guesses from one address do not lock the owner out.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { makeStaffWithToken, makeUser } from '../helpers/factories.ts';
import { issueEmailLink } from '../../src/domain/users/email-links.ts';
import { passwordHasher } from '../../src/domain/users/passwords.ts';
import { resetPassword } from '../../src/domain/users/self-service.ts';
import { countOutbox, listOutbox } from '../../src/storage/repos/outbox.ts';
import { RATE_RULES } from '../../src/limits/rules.ts';
import { createUnlimitedLimiter } from '../../src/limits/memory.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const EVIL = { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' };

/** A browser that keeps its cookies between requests. */
function browserOn(t: TestApp, remoteAddress = '127.0.0.1') {
  const jar = new Map<string, string>();
  return {
    jar,
    async call(method: 'GET' | 'POST', url: string, payload?: Record<string, unknown> | string, headers: Record<string, string> = {}) {
      const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
      const response = await t.app.inject({ method, url, payload, remoteAddress, headers: { ...(cookie ? { cookie } : {}), ...headers } });
      const set = response.headers['set-cookie'];
      for (const line of Array.isArray(set) ? set : set ? [set] : []) {
        const [name, value] = line.split(';')[0]!.split('=');
        if (value) jar.set(name!, value);
        else jar.delete(name!);
      }
      return response;
    },
  };
}

/** The hidden fields of the confirm form on a mailed link's page (token, and csrf when the browser has an identity). */
function confirmForm(body: string): { action: string; fields: Record<string, string> } {
  const form = /<form id="link-confirm"[^>]*action="([^"]+)"[\s\S]*?<\/form>/.exec(body);
  if (!form) throw new Error('no confirm form on the page');
  return {
    action: form[1]!,
    fields: Object.fromEntries([...form[0].matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!])),
  };
}

// Links end at white space, or at a bracket or full stop that closes the sentence around them.
const linksIn = (text: string) => [...text.matchAll(/https?:\/\/[^\s<>"]+?(?=[).,]*(?:\s|$))/g)].map((m) => new URL(m[0]));

describe.each(testEngines())('links in account mail on %s (finding 2)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    // Behind a trusted proxy, with no GAZETTE_PUBLIC_URL: the site knows itself only by the URL it was first set up with.
    t = await buildTestApp(engine, { trustProxy: true, publicUrl: null }, { siteUrl: 'https://news.example' });
  });
  afterAll(async () => t?.close());

  it('points every link at the site, whatever Host and X-Forwarded-Host say', async () => {
    const owner = await makeUser(t.ctx, 'reader', 'Owner');
    const api = (url: string, payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url, payload, headers: EVIL });
    const form = (url: string, payload: Record<string, string>) =>
      t.app.inject({ method: 'POST', url, payload: new URLSearchParams(payload).toString(), headers: { ...EVIL, ...FORM } });
    const answers = [
      await api('/api/v1/auth/signup', { email: 'new-reader@example.com', password: 'a long unusual phrase', displayName: 'New' }),
      await api('/api/v1/auth/signup', { email: owner.email, password: 'a long unusual phrase', displayName: 'Impostor' }),
      await api('/api/v1/auth/password-reset', { email: owner.email }),
      await api('/api/v1/auth/signin-link', { email: owner.email }),
      await form('/signup', { email: 'form-reader@example.com', password: 'a long unusual phrase', displayName: 'Form' }),
      await form('/reset', { email: owner.email }),
      await form('/signin/link', { linkEmail: owner.email }),
    ];
    expect(answers.map((a) => a.statusCode)).toEqual([202, 202, 202, 202, 200, 200, 200]);

    const mails = await listOutbox(t.ctx.db, { limit: 50, offset: 0 });
    expect(mails).toHaveLength(7);
    for (const mail of mails) {
      expect(mail.text_body + mail.html_body).not.toContain('evil.example');
      const links = linksIn(mail.text_body);
      expect(links.length).toBeGreaterThan(0);
      expect(new Set(links.map((l) => l.origin))).toEqual(new Set(['https://news.example']));
    }
    expect(mails.some((m) => linksIn(m.text_body).some((l) => l.pathname === '/reset/confirm'))).toBe(true);
    expect(mails.some((m) => linksIn(m.text_body).some((l) => l.pathname === '/signin/link'))).toBe(true);
  });
});

describe.each(testEngines())('a site that does not know its address on %s (finding 2)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(engine, { publicUrl: null }, { siteUrl: null });
  });
  afterAll(async () => t?.close());

  it('refuses account mail with SITE_URL_UNKNOWN and queues nothing, until the server has listened once', async () => {
    const owner = await makeUser(t.ctx, 'reader', 'Owner');
    const requests = [
      { url: '/api/v1/auth/signup', payload: { email: 'someone@example.com', password: 'a long unusual phrase', displayName: 'Someone' } },
      { url: '/api/v1/auth/signup', payload: { email: owner.email, password: 'a long unusual phrase', displayName: 'Someone' } },
      { url: '/api/v1/auth/password-reset', payload: { email: owner.email } },
      { url: '/api/v1/auth/password-reset', payload: { email: 'nobody@example.com' } },
      { url: '/api/v1/auth/signin-link', payload: { email: owner.email } },
    ];
    for (const request of requests) {
      const refused = await t.app.inject({ method: 'POST', ...request, headers: EVIL });
      expect(refused.statusCode).toBe(503);
      expect(refused.json().error).toMatchObject({ code: 'SITE_URL_UNKNOWN', message: expect.stringContaining('GAZETTE_PUBLIC_URL') });
    }
    const page = await t.app.inject({ method: 'POST', url: '/reset', headers: FORM, payload: `email=${encodeURIComponent(owner.email)}` });
    expect(page.statusCode).toBe(503);
    expect(page.body).toContain('GAZETTE_PUBLIC_URL');
    expect(await countOutbox(t.ctx.db)).toBe(0);

    // Listening records the server's own address (from its socket, not a header) as the site's first URL.
    const listening = new URL(await t.app.listen({ port: 0, host: '127.0.0.1' }));
    // The address is recorded by an onListen hook, which may finish just after listen() resolves.
    await expect
      .poll(
        async () =>
          (await t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email: owner.email }, headers: EVIL }))
            .statusCode,
      )
      .toBe(202);
    const [mail] = await listOutbox(t.ctx.db, { limit: 1, offset: 0 });
    expect(linksIn(mail!.text_body).map((l) => l.origin)).toContain(`http://localhost:${listening.port}`);
  });
});

describe.each(testEngines())('account endpoints cost the same either way on %s (finding 9)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(engine, {}, { limiter: () => createUnlimitedLimiter() });
  });
  afterAll(async () => t?.close());
  afterEach(() => vi.restoreAllMocks());

  /** Hashing work and mails queued by one request: the same for a registered and an unknown address. */
  async function workOf(url: string, payload: Record<string, unknown>) {
    const hash = vi.spyOn(passwordHasher, 'hash');
    const verify = vi.spyOn(passwordHasher, 'verify');
    const before = await countOutbox(t.ctx.db);
    const response = await t.app.inject({ method: 'POST', url, payload });
    const work = {
      status: response.statusCode,
      body: response.body,
      hashes: hash.mock.calls.length,
      verifies: verify.mock.calls.length,
      mails: (await countOutbox(t.ctx.db)) - before,
    };
    vi.restoreAllMocks();
    return work;
  }

  it('hashes a password on sign-up whether or not the address has an account', async () => {
    const owner = await makeUser(t.ctx, 'reader', 'Registered');
    const fresh = await workOf('/api/v1/auth/signup', {
      email: 'brand-new@example.com',
      password: 'a long unusual phrase',
      displayName: 'New',
    });
    const taken = await workOf('/api/v1/auth/signup', { email: owner.email, password: 'a long unusual phrase', displayName: 'Impostor' });
    expect(fresh).toMatchObject({ status: 202, hashes: 1, mails: 1 });
    expect(taken).toEqual(fresh);
  });

  it('mails a reset or sign-in link request either way, with no hashing on either path', async () => {
    const owner = await makeUser(t.ctx, 'reader', 'Registered');
    for (const url of ['/api/v1/auth/password-reset', '/api/v1/auth/signin-link']) {
      const known = await workOf(url, { email: owner.email });
      const unknown = await workOf(url, { email: `nobody-${url.length}@example.com` });
      expect(known).toMatchObject({ status: 202, hashes: 0, verifies: 0, mails: 1 });
      expect(unknown).toEqual(known);
    }
    const mails = await listOutbox(t.ctx.db, { limit: 50, offset: 0 });
    expect(mails.find((m) => m.to_address === 'nobody-27@example.com')?.subject).toMatch(/No account/);
  });

  it('verifies a password on log-in whether or not the address has an account', async () => {
    await workOf('/api/v1/auth/login', { email: 'warm-up@example.com', password: 'a wrong password' }); // the decoy hash is made once
    const owner = await makeUser(t.ctx, 'reader', 'Registered');
    await resetPassword(t.ctx, {
      token: await issueEmailLink(t.ctx, { purpose: 'reset', email: owner.email, userId: owner.id }),
      password: 'the real long phrase',
    });
    const known = await workOf('/api/v1/auth/login', { email: owner.email, password: 'a wrong password' });
    const unknown = await workOf('/api/v1/auth/login', { email: 'ghost@example.com', password: 'a wrong password' });
    expect(known).toMatchObject({ status: 401, hashes: 0, verifies: 1 });
    expect(unknown).toEqual(known);
  });
});

describe.each(testEngines())('a new password ends old links and tokens on %s (finding 13)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(engine);
  });
  afterAll(async () => t?.close());

  const linkWorks = async (token: string) => {
    const b = browserOn(t);
    return (await b.call('POST', '/signin/link/confirm', `token=${token}`, FORM)).statusCode === 303;
  };
  const tokenWorks = async (authorization: string) =>
    (await t.app.inject({ url: '/api/v1/admin/posts', headers: { authorization } })).statusCode === 200;

  it('a password reset retires earlier sign-in and reset links and revokes API tokens', async () => {
    const { user, auth } = await makeStaffWithToken(t.ctx, 'editor');
    const signIn = await issueEmailLink(t.ctx, { purpose: 'login', email: user.email, userId: user.id });
    expect(await tokenWorks(auth.authorization)).toBe(true);
    const reset = await issueEmailLink(t.ctx, { purpose: 'reset', email: user.email, userId: user.id });

    const done = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/confirm',
      payload: { token: reset, password: 'a brand new phrase' },
    });
    expect(done.statusCode).toBe(200);
    expect(await linkWorks(signIn)).toBe(false);
    expect(await tokenWorks(auth.authorization)).toBe(false);
  });

  it('a password change does the same', async () => {
    const { user, auth } = await makeStaffWithToken(t.ctx, 'editor');
    await resetPassword(t.ctx, {
      token: await issueEmailLink(t.ctx, { purpose: 'reset', email: user.email, userId: user.id }),
      password: 'the first long phrase',
    });
    const signIn = await issueEmailLink(t.ctx, { purpose: 'login', email: user.email, userId: user.id });
    const b = browserOn(t);
    expect((await b.call('POST', '/api/v1/auth/login', { email: user.email, password: 'the first long phrase' })).statusCode).toBe(200);
    const changed = await b.call('POST', '/api/v1/me/password', {
      currentPassword: 'the first long phrase',
      password: 'the second long phrase',
    });
    expect(changed.statusCode).toBe(204);
    expect(await linkWorks(signIn)).toBe(false);
    expect(await tokenWorks(auth.authorization)).toBe(false);
  });
});

describe.each(testEngines())('mailed links sign in only by a same-origin POST on %s (finding 16)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(engine);
  });
  afterAll(async () => t?.close());

  for (const kind of ['sign-in', 'confirmation'] as const) {
    it(`a ${kind} link's GET shows a button and signs nobody in; its POST does`, async () => {
      const user = await makeUser(t.ctx, 'reader', `Linked ${kind}`);
      const token = await issueEmailLink(t.ctx, { purpose: kind === 'sign-in' ? 'login' : 'verify', email: user.email, userId: user.id });
      const url = `${kind === 'sign-in' ? '/signin/link' : '/verify'}?token=${token}`;

      // A page on another site makes the victim's browser load the link: nothing happens.
      const victim = browserOn(t);
      victim.jar.set('gz_guest', 'g'.repeat(40)); // the victim has commented as a guest: an identity to protect
      const page = await victim.call('GET', url);
      expect(page.statusCode).toBe(200);
      expect(victim.jar.has('gz_session')).toBe(false);
      const { action, fields } = confirmForm(page.body);
      expect(fields.token).toBe(token);
      expect(fields.csrf).toBeTruthy();

      // A cross-site POST, or one without the page's CSRF token, is refused.
      expect(
        (await victim.call('POST', action, new URLSearchParams(fields).toString(), { ...FORM, origin: 'https://evil.example' })).statusCode,
      ).toBe(403);
      expect((await victim.call('POST', action, `token=${token}`, FORM)).statusCode).toBe(403);
      expect(victim.jar.has('gz_session')).toBe(false);

      // The button on the page signs in (the token was not spent by the GET).
      const confirmed = await victim.call('POST', action, new URLSearchParams(fields).toString(), FORM);
      expect([200, 303]).toContain(confirmed.statusCode);
      expect(victim.jar.get('gz_session')).toMatch(/^gzs_/);
      expect((await victim.call('GET', '/api/v1/me')).json().email).toBe(user.email);
    });
  }
});

describe.each(testEngines())('password guesses from one address do not lock the owner out on %s (finding 17)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(engine);
  });
  afterAll(async () => t?.close());

  it('throttles the attacker’s address for that account; the owner signs in from another, and by mailed link from the same', async () => {
    const owner = await makeUser(t.ctx, 'reader', 'Owner');
    await resetPassword(t.ctx, {
      token: await issueEmailLink(t.ctx, { purpose: 'reset', email: owner.email, userId: owner.id }),
      password: 'the owner long phrase',
    });
    const login = (remoteAddress: string, password: string) =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, payload: { email: owner.email, password } });

    const A = '203.0.113.66';
    for (let i = 0; i < RATE_RULES.loginPerIpAccount.limit; i++) expect((await login(A, `wrong guess ${i}`)).statusCode).toBe(401);
    const throttled = await login(A, 'wrong guess again');
    expect(throttled.statusCode).toBe(429);
    expect(throttled.json().error.code).toBe('RATE_LIMITED');
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    // The form is throttled the same way.
    const form = await t.app.inject({
      method: 'POST',
      url: '/signin',
      remoteAddress: A,
      headers: FORM,
      payload: new URLSearchParams({ email: owner.email, password: 'the owner long phrase' }).toString(),
    });
    expect(form.statusCode).toBe(429);

    // The owner, from another address, signs in with the right password.
    expect((await login('198.51.100.9', 'the owner long phrase')).statusCode).toBe(200);

    // From the throttled address itself, an emailed sign-in link still lets the owner in.
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/v1/auth/signin-link', remoteAddress: A, payload: { email: owner.email } }))
        .statusCode,
    ).toBe(202);
    const [mail] = await listOutbox(t.ctx.db, { limit: 1, offset: 0 });
    const link = linksIn(mail!.text_body).find((l) => l.pathname === '/signin/link')!;
    const b = browserOn(t, A);
    const { action, fields } = confirmForm((await b.call('GET', link.pathname + link.search)).body);
    expect((await b.call('POST', action, new URLSearchParams(fields).toString(), FORM)).statusCode).toBe(303);
    expect((await b.call('GET', '/api/v1/me')).json().email).toBe(owner.email);
  });
});
