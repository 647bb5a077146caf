// What the router refuses before any route runs (review of 7 Dec): a slug of 101 to 120
// characters made its article unreachable (the router's default parameter limit, 100, answered
// 414 in Fastify's own words), and a broken %-escape got Fastify's JSON on pages too, without the
// request id or security headers. Every such answer is now one of ours.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { makePost, makeUser } from '../helpers/factories.ts';

describe.each(testEngines())('router refusals on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(engine);
  });
  afterAll(async () => t?.close());

  it('serves an article whose slug is as long as slugs go', async () => {
    const post = await makePost(t.ctx, await makeUser(t.ctx, 'editor'), { title: 'a long headline '.repeat(10) });
    expect(post.slug.length).toBeGreaterThan(100);
    expect((await t.app.inject(`/articles/${post.slug}`)).statusCode).toBe(200);
    expect((await t.app.inject(`/api/v1/posts/${post.slug}`)).json().slug).toBe(post.slug);
  });

  it('answers a broken %-escape in our words, with the request id and security headers', async () => {
    const api = await t.app.inject('/api/v1/posts/%FF');
    expect(api.statusCode).toBe(400);
    expect(api.json()).toEqual({
      error: { code: 'VALIDATION_FAILED', field: 'url', message: 'the address is not valid: it has a broken %-escape' },
    });
    expect(api.headers['x-request-id']).toMatch(/\S/);
    expect(api.headers['x-content-type-options']).toBe('nosniff');
    const page = await t.app.inject('/articles/%FF');
    expect(page.statusCode).toBe(400);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('names a parameter over its own limit, and answers 404 past any limit', async () => {
    const tooLong = await t.app.inject(`/api/v1/posts/${'a'.repeat(121)}`);
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.field).toBe('params.slug');
    const absurd = await t.app.inject(`/api/v1/posts/${'a'.repeat(5000)}`);
    expect(absurd.statusCode).toBe(404);
    expect(absurd.json().error.code).toBe('NOT_FOUND');
    expect(absurd.headers['x-request-id']).toMatch(/\S/);
  });
});
