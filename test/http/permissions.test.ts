// Every role × action through the real HTTP API, on both engines, plus the promise that a reader
// (or anyone unauthenticated) reaches no /api/v1/admin/ route at all, however they authenticate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { makePost, makeUser } from '../helpers/factories.ts';
import { createApiToken } from '../../src/domain/users/accounts.ts';
import { createSession } from '../../src/domain/users/sessions.ts';
import { can } from '../../src/domain/policy.ts';
import type { Role, User } from '../../src/storage/schema.ts';

const ROLES: Role[] = ['reader', 'author', 'editor', 'moderator', 'admin'];

interface Person {
  user: User;
  bearer: Record<string, string>;
  session: Record<string, string>;
}

describe.each(testEngines())('roles and permissions on %s', (engine) => {
  let t: TestApp;
  const people = {} as Record<Role, Person>;
  let someoneElse: User;

  beforeAll(async () => {
    t = await buildTestApp(engine);
    for (const role of ROLES) {
      const user = await makeUser(t.ctx, role, `The ${role}`);
      const token = await createApiToken(t.ctx, user.id, 'test');
      const session = await createSession(t.ctx, user.id, { userAgent: null, ip: null });
      people[role] = { user, bearer: { authorization: `Bearer ${token}` }, session: { cookie: `gz_session=${session}` } };
    }
    someoneElse = await makeUser(t.ctx, 'author', 'Another Author');
  });
  afterAll(async () => t?.close());

  const threadOf = async (slug: string) => (await t.app.inject(`/api/v1/posts/${slug}`)).json().threadId as string;

  /** Each action tried for real; the answer says whether the role was allowed. */
  const ACTIONS: Record<string, (p: Person) => Promise<boolean>> = {
    'write a post': async (p) => {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/v1/admin/posts',
        headers: p.bearer,
        payload: { title: 'Draft by role', bodyMarkdown: 'Text.' },
      });
      return r.statusCode === 201;
    },
    // Authors submit for review; publishing their own needs the admin's desk setting (off by default).
    'publish own post': async (p) => {
      const draft = await t.app.inject({
        method: 'POST',
        url: '/api/v1/admin/posts',
        headers: p.bearer,
        payload: { title: 'Own draft', bodyMarkdown: 'Text.' },
      });
      if (draft.statusCode !== 201) return false;
      const r = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/admin/posts/${draft.json().id}`,
        headers: p.bearer,
        payload: { status: 'published', baseVersion: draft.json().version },
      });
      return r.statusCode === 200;
    },
    "publish another's post": async (p) => {
      const draft = await makePost(t.ctx, someoneElse, { status: 'draft' });
      const r = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/admin/posts/${draft.id}`,
        headers: p.bearer,
        payload: { status: 'published', baseVersion: draft.version },
      });
      return r.statusCode === 200;
    },
    'manage categories': async (p) => {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/v1/admin/categories',
        headers: p.bearer,
        payload: { name: `Section by ${p.user.role} ${Math.random()}` },
      });
      return r.statusCode === 201;
    },
    "edit another's comment": async (p) => {
      const threadId = await threadOf((await makePost(t.ctx, someoneElse)).slug);
      const posted = await t.app.inject({
        method: 'POST',
        url: `/api/v1/threads/${threadId}/comments`,
        payload: { body: 'Original words', guest: { name: 'Guest', email: 'g@example.com' } },
      });
      const r = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/comments/${posted.json().id}`,
        headers: p.bearer,
        payload: { body: 'Corrected by staff' },
      });
      return r.statusCode === 200;
    },
    "remove another's comment": async (p) => {
      const threadId = await threadOf((await makePost(t.ctx, someoneElse)).slug);
      const posted = await t.app.inject({
        method: 'POST',
        url: `/api/v1/threads/${threadId}/comments`,
        payload: { body: 'Off-topic words', guest: { name: 'Guest', email: 'g@example.com' } },
      });
      const r = await t.app.inject({ method: 'DELETE', url: `/api/v1/comments/${posted.json().id}`, headers: p.session });
      return r.statusCode === 204;
    },
    'manage users': async (p) => (await t.app.inject({ url: '/api/v1/admin/users', headers: p.session })).statusCode === 200,
    // The moderation desk and site settings arrive with their own endpoints; the rule is already the one they will ask.
    moderate: async (p) => can('comment.moderate', { id: p.user.id, role: p.user.role }),
    'change settings': async (p) => can('settings.change', { id: p.user.id, role: p.user.role }),
  };

  const EXPECTED: Record<string, Role[]> = {
    'write a post': ['author', 'editor', 'admin'],
    'publish own post': ['editor', 'admin'],
    "publish another's post": ['editor', 'admin'],
    'manage categories': ['editor', 'admin'],
    "edit another's comment": ['moderator', 'admin'],
    "remove another's comment": ['moderator', 'admin'],
    'manage users': ['admin'],
    moderate: ['moderator', 'admin'],
    'change settings': ['admin'],
  };

  for (const [action, attempt] of Object.entries(ACTIONS)) {
    it(`${action}: ${EXPECTED[action]!.join(', ')}`, async () => {
      const allowed: Role[] = [];
      for (const role of ROLES) if (await attempt(people[role])) allowed.push(role);
      expect(allowed).toEqual(EXPECTED[action]);
    });
  }

  it('lets an admin change a role, but never remove the last admin', async () => {
    const reader = await makeUser(t.ctx, 'reader');
    const admin = people.admin;
    const promoted = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/admin/users/${reader.id}`,
      headers: admin.bearer,
      payload: { role: 'moderator' },
    });
    expect(promoted.json()).toMatchObject({ id: reader.id, role: 'moderator' });
    const bad = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/admin/users/${reader.id}`,
      headers: admin.bearer,
      payload: { role: 'emperor' },
    });
    expect(bad.statusCode).toBe(400);
    const last = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/admin/users/${admin.user.id}`,
      headers: admin.bearer,
      payload: { role: 'reader' },
    });
    expect(last.statusCode).toBe(409);
    expect(last.json().error.field).toBe('role');
  });

  it('keeps readers and strangers out of every /api/v1/admin/ route', async () => {
    const doc = (await t.app.inject('/api/v1/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/v1/admin/'))
      .flatMap(([path, methods]) =>
        Object.keys(methods).map((method) => ({ method: method.toUpperCase(), url: path.replace(/\{[^}]+\}/g, 'x1') })),
      );
    expect(routes.length).toBeGreaterThanOrEqual(12);
    for (const route of routes) {
      const method = route.method as 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
      const byToken = await t.app.inject({ method, url: route.url, headers: people.reader.bearer });
      const bySession = await t.app.inject({ method, url: route.url, headers: people.reader.session });
      const anonymous = await t.app.inject({ method, url: route.url });
      expect([route, byToken.statusCode, bySession.statusCode, anonymous.statusCode]).toEqual([route, 403, 403, 401]);
    }
  });

  it('lets staff use the admin API with their session, but only from this site', async () => {
    const editor = people.editor;
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/categories',
      headers: editor.session,
      payload: { name: 'Session-made section' },
    });
    expect(ok.statusCode).toBe(201);
    const cross = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/categories',
      headers: { ...editor.session, origin: 'https://evil.example' },
      payload: { name: 'Cross-site section' },
    });
    expect(cross.statusCode).toBe(403);
  });
});
