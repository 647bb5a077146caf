// Accounts end to end over HTTP: mail goes through a real SMTP server and the tests follow the
// links in it, the way a person would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { linkTo, startMailbox, type Mailbox } from '../helpers/mail.ts';
import { makePost, makeUser } from '../helpers/factories.ts';
import { resetPassword } from '../../src/domain/users/self-service.ts';
import { issueEmailLink } from '../../src/domain/users/email-links.ts';

type Json = Record<string, unknown>;

describe.each(testEngines())('accounts on %s', (engine) => {
  let t: TestApp;
  let mailbox: Mailbox;
  beforeAll(async () => {
    mailbox = await startMailbox();
    t = await buildTestApp(engine, { smtpUrl: mailbox.url, publicUrl: 'http://news.test' });
  });
  afterAll(async () => {
    await t?.close();
    await mailbox?.close();
  });

  /** A browser that keeps its cookies between requests. */
  function browser() {
    const jar = new Map<string, string>();
    const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    return {
      jar,
      async call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: Json | string, headers: Record<string, string> = {}) {
        const response = await t.app.inject({ method, url, payload, headers: { ...(jar.size ? { cookie: cookie() } : {}), ...headers } });
        const set = response.headers['set-cookie'];
        for (const line of Array.isArray(set) ? set : set ? [set] : []) {
          const [pair] = line.split(';');
          const [name, value] = pair!.split('=');
          if (value) jar.set(name!, value);
          else jar.delete(name!);
        }
        return response;
      },
    };
  }

  /** Follows a mailed link as a person does: open the page, press its button (a POST with the form's token and CSRF field). */
  async function follow(b: ReturnType<typeof browser>, link: URL) {
    const page = await b.call('GET', link.pathname + link.search);
    expect(page.statusCode).toBe(200);
    const form = /<form id="link-confirm"[^>]*action="([^"]+)"[\s\S]*?<\/form>/.exec(page.body);
    if (!form) throw new Error(`no confirm form on ${link.pathname}`);
    const fields = new URLSearchParams(
      [...form[0].matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!]),
    );
    return b.call('POST', form[1]!, fields.toString(), { 'content-type': 'application/x-www-form-urlencoded' });
  }

  const mailTo = async (to: string, subject: RegExp) => {
    await t.mail.deliverNow();
    return mailbox.waitFor((m) => m.to.includes(to) && subject.test(m.subject));
  };

  it('signs up, mails a confirmation link whose page confirms by POST and signs in', async () => {
    const b = browser();
    const signup = await b.call('POST', '/api/v1/auth/signup', {
      email: 'Ada@Example.com',
      password: 'lovelace engine 1843',
      displayName: 'Ada',
    });
    expect(signup.statusCode).toBe(202);
    expect(signup.json()).toMatchObject({ status: 'check-your-email' });

    const mail = await mailTo('ada@example.com', /Confirm your email/);
    expect(mail.html).toContain('Confirm my email');
    expect(mail.text).toContain('/verify?token=');
    const link = linkTo(mail, '/verify');
    expect(link.origin).toBe('http://news.test');

    // Not yet confirmed: the password is right, but sign-in asks for the address first.
    const early = await browser().call('POST', '/api/v1/auth/login', { email: 'ada@example.com', password: 'lovelace engine 1843' });
    expect(early.statusCode).toBe(403);
    expect(early.json().error.message).toMatch(/confirm your email/);

    const verified = await follow(b, link);
    expect(verified.statusCode).toBe(200);
    expect(verified.body).toContain('Your email is confirmed');
    expect(b.jar.get('gz_session')).toMatch(/^gzs_/);
    const me = await b.call('GET', '/api/v1/me');
    expect(me.json()).toMatchObject({ email: 'ada@example.com', displayName: 'Ada', emailVerified: true, role: 'reader' });

    // The link works once.
    const again = await follow(browser(), link);
    expect(again.statusCode).toBe(422);
    expect(again.body).toContain('already been used');
  });

  it('answers sign-up the same way for a registered address, and tells the owner by mail instead', async () => {
    await makeUser(t.ctx, 'reader', 'Existing Person').then(async (user) => {
      const fresh = await browser().call('POST', '/api/v1/auth/signup', {
        email: 'nobody-yet@example.com',
        password: 'a long unusual phrase',
        displayName: 'New',
      });
      const taken = await browser().call('POST', '/api/v1/auth/signup', {
        email: user.email,
        password: 'a long unusual phrase',
        displayName: 'Impostor',
      });
      expect(taken.statusCode).toBe(fresh.statusCode);
      expect(taken.body).toBe(fresh.body);
      const notice = await mailTo(user.email, /already have an account/);
      expect(notice.text).toContain('/reset');
    });
  });

  it('refuses weak passwords and bad fields, naming the field', async () => {
    const short = await browser().call('POST', '/api/v1/auth/signup', { email: 'p@example.com', password: 'short', displayName: 'P' });
    expect(short.statusCode).toBe(400);
    expect(short.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'password' });
    const common = await browser().call('POST', '/api/v1/auth/signup', {
      email: 'p@example.com',
      password: 'password1234',
      displayName: 'P',
    });
    expect(common.json().error.field).toBe('password');
    expect(common.json().error.message).toMatch(/common/);
    const email = await browser().call('POST', '/api/v1/auth/signup', {
      email: 'not-an-address',
      password: 'a long unusual phrase',
      displayName: 'P',
    });
    expect(email.json().error.field).toBe('email');
    const extra = await browser().call('POST', '/api/v1/auth/signup', {
      email: 'p@example.com',
      password: 'a long unusual phrase',
      displayName: 'P',
      role: 'admin',
    });
    expect(extra.statusCode).toBe(400);
  });

  async function verifiedAccount(email: string, password: string, name: string) {
    const b = browser();
    await b.call('POST', '/api/v1/auth/signup', { email, password, displayName: name });
    const link = linkTo(await mailTo(email, /Confirm your email/), '/verify');
    await follow(b, link);
    return b;
  }

  it('logs in with the same answer for an unknown address and a wrong password, rotating the session', async () => {
    await verifiedAccount('grace@example.com', 'cobol compiler 1959', 'Grace');
    const wrong = await browser().call('POST', '/api/v1/auth/login', { email: 'grace@example.com', password: 'not the password' });
    const unknown = await browser().call('POST', '/api/v1/auth/login', { email: 'ghost@example.com', password: 'not the password' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json()).toEqual(wrong.json());

    const b = browser();
    b.jar.set('gz_session', 'gzs_' + 'A'.repeat(43)); // a token planted before login
    const login = await b.call('POST', '/api/v1/auth/login', { email: 'GRACE@example.com', password: 'cobol compiler 1959' });
    expect(login.statusCode).toBe(200);
    const cookie = login.headers['set-cookie'] as string;
    expect(cookie).toMatch(/^gz_session=gzs_[A-Za-z0-9_-]{43}; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(b.jar.get('gz_session')).not.toBe('gzs_' + 'A'.repeat(43));

    const logout = await b.call('POST', '/api/v1/auth/logout', {}); // JSON: a bodyless cookie POST could come from another site
    expect(logout.statusCode).toBe(204);
    expect((await b.call('GET', '/api/v1/me')).statusCode).toBe(401);
  });

  it('logs out everywhere: every device loses its session', async () => {
    const laptop = await verifiedAccount('linus@example.com', 'penguins all the way', 'Linus');
    const phone = browser();
    await phone.call('POST', '/api/v1/auth/login', { email: 'linus@example.com', password: 'penguins all the way' });
    expect((await phone.call('GET', '/api/v1/me')).statusCode).toBe(200);
    const all = await laptop.call('POST', '/api/v1/auth/logout-everywhere', {});
    expect(all.json().endedSessions).toBe(2);
    expect((await phone.call('GET', '/api/v1/me')).statusCode).toBe(401);
    expect((await laptop.call('GET', '/api/v1/me')).statusCode).toBe(401);
  });

  it('resets a forgotten password by a single-use, expiring link that signs out other devices', async () => {
    const old = await verifiedAccount('barbara@example.com', 'liskov substitution', 'Barbara');
    const unknown = await browser().call('POST', '/api/v1/auth/password-reset', { email: 'nobody@example.com' });
    const known = await browser().call('POST', '/api/v1/auth/password-reset', { email: 'barbara@example.com' });
    expect(known.statusCode).toBe(202);
    expect(known.body).toBe(unknown.body);
    const token = linkTo(await mailTo('barbara@example.com', /Reset your password/), '/reset/confirm').searchParams.get('token')!;

    const weak = await browser().call('POST', '/api/v1/auth/password-reset/confirm', { token, password: 'short' });
    expect(weak.json().error.field).toBe('password');

    const b = browser();
    const done = await b.call('POST', '/api/v1/auth/password-reset/confirm', { token, password: 'abstraction and data' });
    expect(done.statusCode).toBe(200);
    expect((await b.call('GET', '/api/v1/me')).json().email).toBe('barbara@example.com');
    expect((await old.call('GET', '/api/v1/me')).statusCode).toBe(401);
    expect(
      (await browser().call('POST', '/api/v1/auth/password-reset/confirm', { token, password: 'another good phrase' })).statusCode,
    ).toBe(422);
    expect(
      (await browser().call('POST', '/api/v1/auth/login', { email: 'barbara@example.com', password: 'abstraction and data' })).statusCode,
    ).toBe(200);

    // A link older than an hour no longer works.
    await browser().call('POST', '/api/v1/auth/password-reset', { email: 'barbara@example.com' });
    mailbox.messages.length = 0;
    await browser().call('POST', '/api/v1/auth/password-reset', { email: 'barbara@example.com' });
    const late = linkTo(await mailTo('barbara@example.com', /Reset your password/), '/reset/confirm').searchParams.get('token')!;
    t.clock.advance(61 * 60 * 1000);
    expect(
      (await browser().call('POST', '/api/v1/auth/password-reset/confirm', { token: late, password: 'abstraction and data 2' })).statusCode,
    ).toBe(422);
  });

  it('signs in by an emailed link', async () => {
    await verifiedAccount('katherine@example.com', 'orbital mechanics', 'Katherine');
    const asked = await browser().call('POST', '/api/v1/auth/signin-link', { email: 'katherine@example.com' });
    expect(asked.statusCode).toBe(202);
    const link = linkTo(await mailTo('katherine@example.com', /sign-in link/), '/signin/link');
    const b = browser();
    const followed = await follow(b, link);
    expect(followed.statusCode).toBe(303);
    expect((await b.call('GET', '/api/v1/me')).json().displayName).toBe('Katherine');
  });

  it('brings a reader who asked for a sign-in link on an article back to that article, and never off the site', async () => {
    await verifiedAccount('nora@example.com', 'fibres of light', 'Nora');
    const post = await makePost(t.ctx, await makeUser(t.ctx, 'editor'));
    /** Opens the sign-in page as a reader arriving from `next`, and sends its "email me a link" form. */
    async function askForLink(b: ReturnType<typeof browser>, next: string) {
      const page = await b.call('GET', `/signin?next=${encodeURIComponent(next)}`);
      const form = /<form id="signin-link"[\s\S]*?<\/form>/.exec(page.body)![0];
      const fields = new URLSearchParams(
        [...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!.replaceAll('&amp;', '&')]),
      );
      fields.set('linkEmail', 'nora@example.com');
      const sent = await b.call('POST', '/signin/link', fields.toString(), { 'content-type': 'application/x-www-form-urlencoded' });
      expect(sent.statusCode).toBe(200);
      mailbox.messages.length = 0;
      return linkTo(await mailTo('nora@example.com', /sign-in link/), '/signin/link');
    }

    const b = browser();
    const link = await askForLink(b, `/articles/${post.slug}`);
    expect(link.searchParams.get('next')).toBe(`/articles/${post.slug}`);
    const signedIn = await follow(b, link);
    expect(signedIn.statusCode).toBe(303);
    expect(signedIn.headers.location).toBe(`/articles/${post.slug}`);
    expect((await b.call('GET', '/api/v1/me')).json().displayName).toBe('Nora');

    // Another host, or a protocol-relative one, is not carried: the link lands on the front page.
    const elsewhere = browser();
    const offSite = await askForLink(elsewhere, '//evil.example/phish');
    expect(offSite.searchParams.get('next')).toBeNull();
    expect((await follow(elsewhere, offSite)).headers.location).toBe('/');
    // Nor is one written into the link by hand.
    const crafted = new URL(offSite.href.replace('/signin/link?', '/signin/link?next=https%3A%2F%2Fevil.example&'));
    const third = browser();
    const link3 = await askForLink(third, '/');
    crafted.searchParams.set('token', link3.searchParams.get('token')!);
    expect((await follow(third, crafted)).headers.location).toBe('/');
  });

  it('gives a verified account the comments its owner left as a guest with that address, in the browser that confirms', async () => {
    const author = await makeUser(t.ctx, 'editor');
    const post = await makePost(t.ctx, author);
    const threadId = (await t.app.inject(`/api/v1/posts/${post.slug}`)).json().threadId as string;
    // Claimed because this same browser (its guest cookie) wrote it: the address alone proves nothing.
    const b = browser();
    const posted = await b.call('POST', `/api/v1/threads/${threadId}/comments`, {
      body: 'Posted before I had an account',
      guest: { name: 'Hedy', email: 'hedy@example.com' },
    });
    expect(posted.statusCode).toBe(201);

    await b.call('POST', '/api/v1/auth/signup', { email: 'hedy@example.com', password: 'frequency hopping', displayName: 'Hedy Lamarr' });
    const link = linkTo(await mailTo('hedy@example.com', /Confirm your email/), '/verify');
    const page = await follow(b, link);
    expect(page.body).toContain('1 comment you left as a guest');
    const thread = (await t.app.inject(`/api/v1/threads/${threadId}/comments`)).json();
    expect(thread.comments[0].author).toMatchObject({ name: 'Hedy Lamarr', isGuest: false });
  });

  it('refuses cross-site writes: JSON from another origin, a form without its token', async () => {
    const cross = await browser().call(
      'POST',
      '/api/v1/auth/login',
      { email: 'x@example.com', password: 'whatever it is' },
      { origin: 'https://evil.example' },
    );
    expect(cross.statusCode).toBe(403);
    const form = await browser().call('POST', '/api/v1/auth/login', 'email=x%40example.com&password=whatever', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(form.statusCode).toBe(415);

    const b = await verifiedAccount('ida@example.com', 'hidden plain sight', 'Ida');
    const noToken = await b.call('POST', '/signout', 'csrf=', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(noToken.statusCode).toBe(403);
    const crossForm = await b.call('POST', '/signout', 'csrf=x', {
      'content-type': 'application/x-www-form-urlencoded',
      origin: 'https://evil.example',
    });
    expect(crossForm.statusCode).toBe(403);
    expect((await b.call('GET', '/api/v1/me')).statusCode).toBe(200);
  });
});

describe.each(testEngines())('session cookie behind a TLS-terminating proxy on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(engine, { trustProxy: true });
  });
  afterAll(async () => t?.close());

  it('marks the session cookie Secure when the request came over HTTPS', async () => {
    const user = await makeUser(t.ctx, 'reader', 'Secure Sam');
    const token = await issueEmailLink(t.ctx, { purpose: 'reset', email: user.email, userId: user.id });
    await resetPassword(t.ctx, { token, password: 'a secure long phrase' });
    const over = (proto: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: user.email, password: 'a secure long phrase' },
        headers: { 'x-forwarded-proto': proto },
      });
    expect((await over('https')).headers['set-cookie']).toMatch(/; HttpOnly; Secure; SameSite=Lax$/);
    expect((await over('http')).headers['set-cookie']).not.toMatch(/Secure/);
  });
});
