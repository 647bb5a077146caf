// Issue 13, "sign in comes back": the masthead's Sign in and Sign up links, and the comment form's
// Sign in, carry the page the reader was on (built from the route's own path, so the cached page
// is the same for everyone whatever the request's headers), and signing in comes back there. A
// `next` that is not a path on this site is refused: the reader lands on the front page.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/domain/users/accounts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { makePost, makeUser } from '../helpers/factories.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const PASSWORD = 'a long enough password';
const unique = () => randomBytes(4).toString('hex');

describe.each(testEngines())('signing in comes back on %s', (engine) => {
  let t: TestApp;
  let slug: string;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    slug = (await makePost(t.ctx, await makeUser(t.ctx, 'editor'), { title: 'Come back here' })).slug;
  });
  afterAll(async () => t?.close());

  const back = () => encodeURIComponent(`/articles/${slug}`);

  it('links the masthead and the comment form to sign in coming back to the article, the same for every request', async () => {
    const plain = await t.app.inject(`/articles/${slug}`);
    expect(plain.headers['cache-control']).toBe('public, no-cache');
    expect(plain.body).toContain(`<a href="/signin?next=${back()}">Sign in</a>`);
    expect(plain.body).toContain(`<a href="/signup?next=${back()}">Sign up</a>`);
    expect(plain.body).toContain(
      `<p class="comment-sign-in">Have an account? <a href="/signin?next=${encodeURIComponent(`/articles/${slug}#comments`)}">Sign in</a> to comment under your name.</p>`,
    );
    // Headers never make the link: another host name, a forwarded host or a referrer change nothing.
    const forged = await t.app.inject({
      url: `/articles/${slug}?sort=newest`,
      headers: { host: 'evil.example', 'x-forwarded-host': 'evil.example', referer: 'https://evil.example/x' },
    });
    expect(forged.body).toContain(`<a href="/signin?next=${back()}">Sign in</a>`);
    expect(forged.body).not.toMatch(/next=[^"]*evil/);
  });

  it('carries the return on other pages, and not on the account pages themselves', async () => {
    expect((await t.app.inject('/?page=1')).body).toContain('<a href="/signin">Sign in</a>');
    const about = await makePost(t.ctx, await makeUser(t.ctx, 'editor'), { title: 'About us', type: 'page' });
    const aboutPage = await t.app.inject(`/${about.slug}`);
    expect(aboutPage.statusCode).toBe(200);
    expect(aboutPage.body).toContain(`<a href="/signin?next=${encodeURIComponent(`/${about.slug}`)}">`);
    const signin = await t.app.inject(`/signin?next=${back()}`);
    expect(signin.body).toContain('<a href="/signin">Sign in</a>');
    // The sign-in page keeps the return for the form and for "Create an account", and back again.
    expect(signin.body).toContain(`name="next" value="/articles/${slug}"`);
    expect(signin.body).toContain(`<a href="/signup?next=${back()}">Create an account</a>`);
    expect((await t.app.inject(`/signup?next=${back()}`)).body).toContain(`<a href="/signin?next=${back()}">Sign in</a>`);
  });

  it('signs in and lands on the discussion it came from', async () => {
    const user = await createAccount(t.ctx, {
      email: `${unique()}@example.test`,
      displayName: 'Returning Reader',
      role: 'reader',
      password: PASSWORD,
      emailVerified: true,
    });
    const next = `/articles/${slug}#comments`;
    const page = await t.app.inject(`/signin?next=${encodeURIComponent(next)}`);
    expect(page.body).toContain(`name="next" value="${next}"`);
    const signedIn = await t.app.inject({
      method: 'POST',
      url: '/signin',
      headers: FORM,
      payload: new URLSearchParams({ email: user.email, password: PASSWORD, next }).toString(),
    });
    expect(signedIn.statusCode).toBe(303);
    expect(signedIn.headers.location).toBe(next);
    const cookie = String(signedIn.headers['set-cookie']).split(';')[0]!;
    const article = await t.app.inject({ url: `/articles/${slug}`, headers: { cookie } });
    expect(article.body).toContain('Commenting as <strong>Returning Reader</strong>');
    expect(article.body).not.toContain('comment-sign-in');
  });

  it.each([
    '//evil.example/x',
    '/\\evil.example',
    '\\\\evil.example',
    'https://evil.example',
    'javascript:alert(1)',
    '/\t/evil.example',
    '///evil.example',
    ' /articles/x',
  ])('refuses the open redirect %j: the sign-in page and its form fall back to the front page', async (next) => {
    const page = await t.app.inject(`/signin?next=${encodeURIComponent(next)}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('name="next" value="/"');
    expect(page.body).toContain('<a href="/signup">Create an account</a>');
    const user = await createAccount(t.ctx, {
      email: `${unique()}@example.test`,
      displayName: 'Careful Reader',
      role: 'reader',
      password: PASSWORD,
      emailVerified: true,
    });
    const signedIn = await t.app.inject({
      method: 'POST',
      url: '/signin',
      headers: FORM,
      payload: new URLSearchParams({ email: user.email, password: PASSWORD, next }).toString(),
    });
    expect(signedIn.headers.location).toBe('/');
  });
});
