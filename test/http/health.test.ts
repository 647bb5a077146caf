import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';

describe.each(testEngines())('service endpoints on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(engine);
  });
  afterAll(async () => t?.close());

  it('answers /healthz while the database is reachable', async () => {
    const response = await t.app.inject('/healthz');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('describes the API in OpenAPI 3, including the admin routes and their security', async () => {
    const doc = (await t.app.inject('/api/v1/openapi.json')).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/posts',
        '/api/v1/posts/{slug}',
        '/api/v1/search',
        '/api/v1/categories',
        '/api/v1/tags',
        '/api/v1/admin/posts',
        '/api/v1/admin/posts/{id}',
        '/api/v1/admin/media',
        '/api/v1/admin/media/{id}',
        '/api/v1/admin/categories',
        '/api/v1/admin/tags',
        '/api/v1/threads/{threadId}/comments',
        '/api/v1/threads/{threadId}/events',
        '/api/v1/comments/{id}',
        '/api/v1/comments/{id}/vote',
      ]),
    );
    expect(doc.paths['/api/v1/admin/posts'].post.security).toEqual([{ apiToken: [] }, { session: [] }]);
    expect(doc.paths['/api/v1/admin/media'].post.security).toEqual([{ apiToken: [] }, { session: [] }]);
    // Pages are not part of the API document.
    expect(Object.keys(doc.paths).some((path: string) => path.startsWith('/articles'))).toBe(false);
  });

  it('answers unknown API paths with a JSON 404 and unknown pages with an HTML 404', async () => {
    const api = await t.app.inject('/api/v1/nothing');
    expect(api.statusCode).toBe(404);
    expect(api.json().error.code).toBe('NOT_FOUND');
    // (/favicon.ico is not one of them: it leads to the site's icon, see edges.test.ts.)
    for (const path of ['/wp-login.php', '/apple-touch-icon-precomposed.png'])
      expect((await t.app.inject(path)).statusCode, path).toBe(404);
    const page = await t.app.inject('/no-such-page');
    expect(page.statusCode).toBe(404);
    expect(page.headers['content-type']).toContain('text/html');
  });
});

describe('health when the database is gone', () => {
  it('answers 503 without leaking the error', async () => {
    const t = await buildTestApp('sqlite');
    await t.storage.close();
    const response = await t.app.inject('/healthz');
    expect(response.statusCode).toBe(503);
    expect(response.body).not.toMatch(/sqlite|stack/i);
    await t.app.close();
  });
});
