// The admin's sites page in the desk (issue 15): add, edit, rotate the secret and remove with
// plain forms; refusals shown at the field, values kept; admins only, and "Sites" in their nav.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makeUser } from '../helpers/factories.ts';
import { testEngines } from '../helpers/engines.ts';
import { createSession } from '../../src/domain/users/sessions.ts';
import { csrfTokenFor } from '../../src/http/plugins/csrf.ts';
import { findSite, siteSsoSecret } from '../../src/domain/sites/sites.ts';
import type { Role } from '../../src/storage/schema.ts';

interface Person {
  cookie: string;
  csrf: string;
}

describe.each(testEngines())('the desk’s sites page on %s', (engine) => {
  let t: TestApp;
  let admin: Person;
  let editor: Person;

  beforeAll(async () => {
    t = await buildTestApp(engine);
    admin = await signIn('admin');
    editor = await signIn('editor');
  });
  afterAll(async () => t?.close());

  async function signIn(role: Role): Promise<Person> {
    const user = await makeUser(t.ctx, role);
    const token = await createSession(t.ctx, user.id, { userAgent: null, ip: null });
    return { cookie: `gz_session=${token}`, csrf: csrfTokenFor(token) };
  }
  const post = (url: string, fields: Record<string, string>, who = admin) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ csrf: who.csrf, ...fields }).toString(),
    });
  const get = (url: string, who = admin) => t.app.inject({ url, headers: { cookie: who.cookie } });

  it('adds a site and shows its secret once', async () => {
    const page = await get('/desk/sites');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<a href="/desk/sites" aria-current="page">Sites</a>');
    expect(page.body).toContain('No site is registered yet.');
    const added = await post('/desk/sites', {
      name: 'blog',
      title: 'The Blog',
      origins: 'https://blog.example\r\n\r\nhttp://localhost:8080\r\n',
      guestPolicy: 'accounts',
      defaultPolicy: 'all',
      lang: 'de',
      accent: '#336699',
      font: 'mono',
      radius: '12',
    });
    expect(added.statusCode).toBe(200);
    const secret = await siteSsoSecret(t.ctx, 'blog');
    expect(added.body).toContain(`<code>${secret}</code>`);
    expect(await findSite(t.ctx, 'blog')).toMatchObject({
      origins: ['https://blog.example', 'http://localhost:8080'],
      guestPolicy: 'accounts',
      defaultPolicy: 'all',
      lang: 'de',
      theme: { accent: '#336699', radius: '12px', font: expect.stringContaining('monospace') },
    });
    const list = await get('/desk/sites');
    expect(list.body).toContain('<a href="/desk/sites/blog">blog</a>');
    expect(list.body).not.toContain(secret);
  });

  it('refuses a bad field with the message at it, the values kept', async () => {
    const refused = await post('/desk/sites', { name: 'docs', origins: 'https://docs.example/path', title: 'Kept title' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('id="site-add-origins-error" class="field-error"');
    expect(refused.body).toContain('aria-invalid="true"');
    expect(refused.body).toContain('value="Kept title"');
    expect(await findSite(t.ctx, 'docs')).toBeNull();
    const taken = await post('/desk/sites', { name: 'blog', origins: 'https://x.example' });
    expect(taken.statusCode).toBe(409);
    expect(taken.body).toContain('id="site-add-name-error"');
  });

  it('edits a site, checking the theme, rotates its secret and removes it', async () => {
    const form = await get('/desk/sites/blog');
    expect(form.body).toMatch(/<textarea id="site-edit-origins"[^>]*>https:\/\/blog.example\nhttp:\/\/localhost:8080<\/textarea>/);
    expect(form.body).toContain('<option value="mono" selected>');
    const base = {
      title: 'The Blog',
      origins: 'https://blog.example',
      guestPolicy: 'guests',
      defaultPolicy: '',
      lang: '',
      font: '',
      accent: '',
      radius: '',
    };
    for (const [field, value] of [
      ['accent', 'blue'],
      ['radius', '25'],
      ['font', 'Papyrus'],
    ]) {
      const bad = await post('/desk/sites/blog', { ...base, [field!]: value! });
      expect(bad.statusCode, field).toBe(400);
      expect(bad.body).toContain(`id="site-edit-${field}-error" class="field-error"`);
    }
    const saved = await post('/desk/sites/blog', { ...base, accent: '#ABCDEF', radius: '0' });
    expect([saved.statusCode, saved.headers.location]).toEqual([303, '/desk/sites/blog?saved=1']);
    expect(await findSite(t.ctx, 'blog')).toMatchObject({
      origins: ['https://blog.example'],
      guestPolicy: 'guests',
      defaultPolicy: null,
      lang: null,
      theme: { accent: '#abcdef', radius: '0px', font: null },
    });

    const old = await siteSsoSecret(t.ctx, 'blog');
    const rotated = await post('/desk/sites/blog/secret', {});
    const secret = await siteSsoSecret(t.ctx, 'blog');
    expect(secret).not.toBe(old);
    expect(rotated.body).toContain(`<code>${secret}</code>`);

    const removed = await post('/desk/sites/blog/remove', {});
    expect([removed.statusCode, removed.headers.location]).toEqual([303, '/desk/sites?removed=blog']);
    expect(await findSite(t.ctx, 'blog')).toBeNull();
    expect((await get('/desk/sites/blog')).statusCode).toBe(404);
  });

  it('is for admins only', async () => {
    const page = await get('/desk/sites', editor);
    expect(page.statusCode).toBe(403);
    expect((await get('/desk', editor)).body).not.toContain('href="/desk/sites"');
    expect((await post('/desk/sites', { name: 'sneaky', origins: 'https://x.example' }, editor)).statusCode).toBe(403);
    expect(await findSite(t.ctx, 'sneaky')).toBeNull();
    expect((await t.app.inject({ url: '/desk/sites' })).statusCode).toBe(303);
  });
});
