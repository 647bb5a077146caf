// The admin's people page in the desk: roles changed with a plain form, the last admin kept,
// everyone else refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makeUser } from '../helpers/factories.ts';
import { testEngines } from '../helpers/engines.ts';
import { createSession } from '../../src/domain/users/sessions.ts';
import { csrfTokenFor } from '../../src/http/plugins/csrf.ts';
import { findUserById } from '../../src/storage/repos/users.ts';
import type { Role, User } from '../../src/storage/schema.ts';

interface Person {
  user: User;
  cookie: string;
  csrf: string;
}

describe.each(testEngines())('the desk’s people page on %s', (engine) => {
  let t: TestApp;
  let admin: Person;
  let editor: Person;
  let reader: User;

  beforeAll(async () => {
    t = await buildTestApp(engine);
    admin = await signIn('admin');
    editor = await signIn('editor');
    reader = await makeUser(t.ctx, 'reader', 'Rea Der');
  });
  afterAll(async () => t?.close());

  async function signIn(role: Role): Promise<Person> {
    const user = await makeUser(t.ctx, role);
    const token = await createSession(t.ctx, user.id, { userAgent: null, ip: null });
    return { user, cookie: `gz_session=${token}`, csrf: csrfTokenFor(token) };
  }
  const setRole = (id: string, role: string, who: Person) =>
    t.app.inject({
      method: 'POST',
      url: `/desk/users/${id}/role`,
      headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ csrf: who.csrf, role }).toString(),
    });

  it('lists people with their role as a labelled select', async () => {
    const res = await t.app.inject({ url: '/desk/users', headers: { cookie: admin.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`<label class="visually-hidden" for="role-${reader.id}">Role of Rea Der</label>`);
    expect(res.body).toMatch(new RegExp(`id="role-${reader.id}"[\\s\\S]*?<option value="reader" selected>Reader</option>`));
  });

  it('changes a role and says so on the row', async () => {
    const res = await setRole(reader.id, 'author', admin);
    expect([res.statusCode, res.headers.location]).toEqual([303, `/desk/users?changed=${reader.id}`]);
    expect((await findUserById(t.ctx.db, reader.id))!.role).toBe('author');
    const page = await t.app.inject({ url: res.headers.location as string, headers: { cookie: admin.cookie } });
    expect(page.body).toContain(`<p id="role-${reader.id}-note" class="desk-saved" role="status">Role changed.</p>`);
  });

  it('keeps the last admin, with the reason at that row; an unknown role is named', async () => {
    const last = await setRole(admin.user.id, 'reader', admin);
    expect(last.statusCode).toBe(409);
    expect(last.body).toContain(`<p id="role-${admin.user.id}-note" class="field-error" role="alert">this is the only admin`);
    expect((await findUserById(t.ctx.db, admin.user.id))!.role).toBe('admin');
    const unknown = await setRole(reader.id, 'owner', admin);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('must be one of reader, author, editor, moderator, admin');
  });

  it('is for admins only', async () => {
    expect((await t.app.inject({ url: '/desk/users', headers: { cookie: editor.cookie } })).statusCode).toBe(403);
    expect((await setRole(reader.id, 'admin', editor)).statusCode).toBe(403);
    expect((await findUserById(t.ctx.db, reader.id))!.role).not.toBe('admin');
  });
});
