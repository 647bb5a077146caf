// The admin API for sites that embed the discussion (issue 15): registering, reading, changing,
// removing, rotating the SSO secret; validation that names the field; admins only; and a site
// that takes account comments only refusing a guest.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makeStaffWithToken } from '../helpers/factories.ts';
import { testEngines } from '../helpers/engines.ts';
import { resolveEmbedThread } from '../../src/domain/sites/embed-thread.ts';
import { requireSite, siteSsoSecret } from '../../src/domain/sites/sites.ts';

type Json = Record<string, unknown>;

describe.each(testEngines())('sites admin API (%s)', (engine) => {
  let t: TestApp;
  let admin: { authorization: string };
  let editor: { authorization: string };
  beforeAll(async () => {
    t = await buildTestApp(engine);
    admin = (await makeStaffWithToken(t.ctx, 'admin')).auth;
    editor = (await makeStaffWithToken(t.ctx, 'editor')).auth;
  });
  afterAll(async () => t?.close());

  const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: Json, headers = admin) =>
    t.app.inject({ method, url: `/api/v1/admin${url}`, payload, headers });
  const fieldOf = (response: { json(): Json }) => (response.json().error as Json).field;

  it('registers a site, showing its secret once, and lists it without the secret', async () => {
    const made = await api('POST', '/sites', {
      name: 'blog',
      title: 'The Blog',
      origins: ['https://Blog.Example/', 'https://blog.example', 'http://localhost:8080'],
      guestPolicy: 'guests',
      defaultPolicy: 'first-comment',
      lang: 'pt-BR',
      theme: { accent: '#1A5FB4', font: 'serif', radius: '6' },
    });
    expect(made.statusCode).toBe(201);
    const body = made.json();
    expect(body).toMatchObject({
      name: 'blog',
      title: 'The Blog',
      origins: ['https://blog.example', 'http://localhost:8080'],
      defaultPolicy: 'first-comment',
      lang: 'pt-BR',
      theme: { accent: '#1a5fb4', font: expect.stringContaining('Georgia'), radius: '6px' },
    });
    expect(body.ssoSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.ssoSecret).toBe(await siteSsoSecret(t.ctx, 'blog'));

    const list = await api('GET', '/sites');
    expect(list.statusCode).toBe(200);
    expect(list.json().sites.map((s: Json) => s.name)).toEqual(['blog']);
    expect(list.body).not.toContain(body.ssoSecret);
    expect(list.body).not.toMatch(/secret/i);
    const one = await api('GET', '/sites/blog');
    expect(one.json()).toMatchObject({ name: 'blog', guestPolicy: 'guests' });
    expect(one.body).not.toContain(body.ssoSecret);

    const again = await api('POST', '/sites', { name: 'blog', origins: ['https://other.example'] });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('SITE_EXISTS');
  });

  it('refuses bad input, naming the field', async () => {
    const cases: [Json, string][] = [
      [{ name: 'Blog!', origins: ['https://a.example'] }, 'name'],
      [{ name: 'x'.repeat(41), origins: ['https://a.example'] }, 'body.name'],
      [{ name: 'a', origins: ['ftp://a.example'] }, 'origins[0]'],
      [{ name: 'a', origins: ['https://a.example/path'] }, 'origins[0]'],
      [{ name: 'a', origins: ['https://user@a.example'] }, 'origins[0]'],
      [{ name: 'a', origins: [] }, 'body.origins'],
      [{ name: 'a', origins: ['https://a.example'], theme: { accent: 'red' } }, 'theme.accent'],
      [{ name: 'a', origins: ['https://a.example'], theme: { radius: '30px' } }, 'theme.radius'],
      [{ name: 'a', origins: ['https://a.example'], theme: { font: 'Comic Sans' } }, 'theme.font'],
      [{ name: 'a', origins: ['https://a.example'], lang: 'english please' }, 'lang'],
      [{ name: 'a', origins: ['https://a.example'], defaultPolicy: 'sometimes' }, 'body.defaultPolicy'],
    ];
    for (const [payload, field] of cases) {
      const response = await api('POST', '/sites', payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_FAILED');
      expect(String(fieldOf(response)), JSON.stringify(payload)).toContain(field);
    }
    expect((await api('GET', '/sites')).json().sites).toHaveLength(1);
  });

  it('changes a site, rotates its secret and removes it', async () => {
    const patched = await api('PATCH', '/sites/blog', { title: 'Renamed', guestPolicy: 'accounts', theme: { accent: null } });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ title: 'Renamed', guestPolicy: 'accounts', theme: { accent: null, radius: '6px' } });
    expect((await api('PATCH', '/sites/blog', { origins: ['javascript:alert(1)'] })).statusCode).toBe(400);
    expect((await api('PATCH', '/sites/nosuch', { title: 'x' })).json().error.code).toBe('SITE_NOT_FOUND');

    const old = await siteSsoSecret(t.ctx, 'blog');
    const rotated = await api('POST', '/sites/blog/secret');
    expect(rotated.statusCode).toBe(200);
    expect(rotated.json().ssoSecret).not.toBe(old);
    expect(rotated.json().ssoSecret).toBe(await siteSsoSecret(t.ctx, 'blog'));

    await api('POST', '/sites', { name: 'gone', origins: ['https://gone.example'] });
    expect((await api('DELETE', '/sites/gone')).statusCode).toBe(204);
    expect((await api('GET', '/sites/gone')).json().error.code).toBe('SITE_NOT_FOUND');
    expect((await api('DELETE', '/sites/gone')).statusCode).toBe(404);
  });

  it('is for admins only', async () => {
    for (const [method, url] of [
      ['GET', '/sites'],
      ['POST', '/sites'],
      ['GET', '/sites/blog'],
      ['PATCH', '/sites/blog'],
      ['DELETE', '/sites/blog'],
      ['POST', '/sites/blog/secret'],
    ] as const) {
      const payload =
        method === 'POST' && url === '/sites'
          ? { name: 'x', origins: ['https://x.example'] }
          : method === 'PATCH'
            ? { title: 'x' }
            : undefined;
      const asEditor = await api(method, url, payload, editor);
      expect(asEditor.statusCode, `${method} ${url}`).toBe(403);
      expect(asEditor.json().error.code).toBe('ROLE_NOT_ALLOWED');
      expect((await t.app.inject({ method, url: `/api/v1/admin${url}`, payload })).statusCode).toBe(401);
    }
    expect((await requireSite(t.ctx, 'blog')).title).toBe('Renamed');
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await t.app.inject('/api/v1/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/admin/sites', '/api/v1/admin/sites/{name}', '/api/v1/admin/sites/{name}/secret']),
    );
  });

  it("refuses a guest's comment on a site that takes accounts only, and takes it when guests are welcome", async () => {
    const site = await requireSite(t.ctx, 'blog');
    expect(site.guestPolicy).toBe('accounts');
    const thread = await resolveEmbedThread(t.ctx, site, 'https://blog.example', { pageId: 'p1', url: null, title: 'P1' });
    const post = () =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/threads/${thread!.threadId}/comments`,
        payload: { body: 'A guest says hello.', guest: { name: 'Gina Guest', email: 'gina@example.com' } },
      });
    const refused = await post();
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('SITE_REQUIRES_ACCOUNT');
    await api('PATCH', '/sites/blog', { guestPolicy: 'guests' });
    // Taken, and held: the site's default policy (first-comment) reviews a new guest's first comment.
    expect((await post()).statusCode).toBe(202);
  });
});
