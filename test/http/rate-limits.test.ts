// Budgets over HTTP: login, sign-up and reset per IP and per account; posting per IP for everyone,
// per account when signed in (stricter for accounts under a day old); over budget is a 429 with
// Retry-After, on the API and on the form.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makePost, makeStaffWithToken } from '../helpers/factories.ts';
import { testEngines } from '../helpers/engines.ts';
import { RATE_RULES } from '../../src/limits/rules.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const DAY_MS = 24 * 3600 * 1000;

describe.each(testEngines())('rate limits on %s', (engine) => {
  let t: TestApp;
  let threadId: string;
  let slug: string;
  let n = 0;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    const { user } = await makeStaffWithToken(t.ctx, 'editor');
    const post = await makePost(t.ctx, user, { title: 'Busy thread' });
    slug = post.slug;
    threadId = (await t.app.inject(`/api/v1/posts/${slug}`)).json().threadId;
  });
  afterAll(async () => t?.close());

  const postJson = (remoteAddress: string, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/threads/${threadId}/comments`,
      remoteAddress,
      headers,
      // A different guest each time: one person posting this fast would be held as a burst (moderation velocity).
      payload: {
        body: `Comment number ${++n}`,
        ...(headers.authorization ? {} : { guest: { name: 'Guest', email: `guest${n}@example.com` } }),
      },
    });
  const postForm = (remoteAddress: string) =>
    t.app.inject({
      method: 'POST',
      url: `/articles/${slug}/comments`,
      remoteAddress,
      headers: FORM,
      payload: new URLSearchParams({ body: `Form comment ${++n}`, name: 'Guest', email: `guest${n}@example.com` }).toString(),
    });

  it('refuses API posts from one IP beyond its budget with 429 and Retry-After; other IPs still post', async () => {
    const { limit } = RATE_RULES.commentPerIp;
    for (let i = 0; i < limit; i++) expect((await postJson('203.0.113.1')).statusCode).toBe(201);

    const refused = await postJson('203.0.113.1');
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toEqual({
      error: { code: 'RATE_LIMITED', message: expect.stringMatching(/^too many attempts; try again in \d+ seconds?$/) },
    });
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(RATE_RULES.commentPerIp.windowSeconds);
    expect(refused.headers['ratelimit-remaining']).toBe('0');

    expect((await postJson('203.0.113.2')).statusCode).toBe(201);

    t.clock.advance(retryAfter * 1000);
    expect((await postJson('203.0.113.1')).statusCode).toBe(201);
  });

  it('refuses no-JS form posts beyond the budget with an HTML page and Retry-After', async () => {
    const { limit } = RATE_RULES.commentPerIp;
    for (let i = 0; i < limit; i++) expect((await postForm('198.51.100.7')).statusCode).toBe(303);

    const refused = await postForm('198.51.100.7');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toContain('text/html');
    expect(refused.body).toContain('too many attempts');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await postForm('198.51.100.8')).statusCode).toBe(303);
  });

  it('limits a new account across IPs, more strictly than an established one', async () => {
    const fresh = await makeStaffWithToken(t.ctx, 'reader');
    const { limit } = RATE_RULES.commentNewAccount;
    for (let i = 0; i < limit; i++) expect((await postJson(`192.0.2.${i + 1}`, fresh.auth)).statusCode).toBe(201);
    const refused = await postJson('192.0.2.200', fresh.auth);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('RATE_LIMITED');

    // A day on, the same account has the ordinary per-account budget (a new window, too).
    t.clock.advance(DAY_MS);
    const perAccount = RATE_RULES.commentPerAccount.limit;
    expect(perAccount).toBeGreaterThan(limit);
    // Spaced out (all inside one window), so the moderation pipeline does not hold them as a burst.
    for (let i = 0; i < perAccount; i++) {
      t.clock.advance(20_000);
      expect((await postJson(`192.0.2.${i + 1}`, fresh.auth)).statusCode).toBe(201);
    }
    expect((await postJson('192.0.2.201', fresh.auth)).statusCode).toBe(429);
  });

  it('limits password guesses per account across IPs, and per IP across accounts', async () => {
    const login = (email: string, remoteAddress: string) =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, payload: { email, password: 'wrong guess number' } });
    // The per-account ceiling is high (guessing spread over many addresses): most of it is spent
    // on the limiter directly, the last guesses over HTTP, each from its own address.
    const perAccount = RATE_RULES.loginPerAccount.limit;
    for (let i = 0; i < perAccount - 5; i++) await t.limiter.consume('target@example.com', RATE_RULES.loginPerAccount);
    for (let i = 0; i < 5; i++) expect((await login('target@example.com', `198.51.100.${i + 1}`)).statusCode).toBe(401);
    const locked = await login('Target@Example.com', '198.51.100.200');
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // Another address from a fresh IP is unaffected.
    expect((await login('someone-else@example.com', '198.51.100.201')).statusCode).toBe(401);

    const perIp = RATE_RULES.loginPerIp.limit;
    for (let i = 0; i < perIp; i++) expect((await login(`spray${i}@example.com`, '192.0.2.50')).statusCode).toBe(401);
    expect((await login('spray-last@example.com', '192.0.2.50')).statusCode).toBe(429);
  });

  it('limits sign-ups per address (each one sends mail) and password resets per account', async () => {
    const signup = (remoteAddress: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/signup',
        remoteAddress,
        payload: { email: 'flood@example.com', password: 'a long unusual phrase', displayName: 'Flood' },
      });
    for (let i = 0; i < RATE_RULES.signupPerAccount.limit; i++) expect((await signup(`203.0.113.${100 + i}`)).statusCode).toBe(202);
    expect((await signup('203.0.113.150')).statusCode).toBe(429);

    const reset = (remoteAddress: string) =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', remoteAddress, payload: { email: 'flood@example.com' } });
    for (let i = 0; i < RATE_RULES.resetPerAccount.limit; i++) expect((await reset(`203.0.113.${160 + i}`)).statusCode).toBe(202);
    expect((await reset('203.0.113.199')).statusCode).toBe(429);
  });
});
