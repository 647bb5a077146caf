// The desk's home page arrangement without JavaScript: editors choose the lead and featured
// stories with a form of selects; the home page follows; a draft or a repeated story is refused
// at its select, nothing saved; authors and readers are refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makePost, makeUser } from '../helpers/factories.ts';
import { testEngines } from '../helpers/engines.ts';
import { createSession } from '../../src/domain/users/sessions.ts';
import { csrfTokenFor } from '../../src/http/plugins/csrf.ts';
import { homeArrangement } from '../../src/domain/posts/home.ts';
import type { Role, User } from '../../src/storage/schema.ts';

interface Person {
  user: User;
  cookie: string;
  csrf: string;
}

describe.each(testEngines())('the desk’s home page form on %s', (engine) => {
  let t: TestApp;
  let editor: Person;
  let author: Person;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await buildTestApp(engine);
    t.clock.set('2026-03-10T12:00:00Z');
    editor = await signIn('editor');
    author = await signIn('author');
    for (const [name, day] of [
      ['Oldest', '01'],
      ['Middle', '02'],
      ['Newest', '03'],
    ] as const) {
      ids[name] = (
        await makePost(t.ctx, editor.user, { title: `${name} story`, status: 'published', publishedAt: `2026-03-${day}T09:00:00Z` })
      ).id;
    }
    ids.Later = (await makePost(t.ctx, editor.user, { title: 'Later story', status: 'scheduled', publishedAt: '2026-03-20T09:00:00Z' })).id;
    ids.Draft = (await makePost(t.ctx, editor.user, { title: 'Draft story', status: 'draft' })).id;
  });
  afterAll(async () => t?.close());

  async function signIn(role: Role): Promise<Person> {
    const user = await makeUser(t.ctx, role);
    const token = await createSession(t.ctx, user.id, { userAgent: null, ip: null });
    return { user, cookie: `gz_session=${token}`, csrf: csrfTokenFor(token) };
  }
  const page = (url: string, who: Person) => t.app.inject({ url, headers: { cookie: who.cookie } });
  const send = (fields: Record<string, string>, who: Person) =>
    t.app.inject({
      method: 'POST',
      url: '/desk/front-page',
      headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ csrf: who.csrf, ...fields }).toString(),
    });
  const headlines = async () => [...(await t.app.inject('/')).body.matchAll(/<h[23][^>]*>\s*<a[^>]*>([^<]+ story)<\/a>/g)].map((m) => m[1]);

  it('offers published and scheduled articles, newest first, and never drafts', async () => {
    const res = await page('/desk/front-page', editor);
    expect(res.statusCode).toBe(200);
    const lead = /<select id="desk-home-lead"[\s\S]*?<\/select>/.exec(res.body)![0];
    expect([...lead.matchAll(/<option value="[^"]*">([^<]*)<\/option>/g)].map((m) => m[1])).toEqual([
      'None: the newest article leads',
      'Later story (scheduled)',
      'Newest story',
      'Middle story',
      'Oldest story',
    ]);
    expect(res.body).toContain('<label for="desk-home-featured-6">Featured 6</label>');
  });

  it('saves the lead and featured stories in slot order, skipping empty slots; the home page follows', async () => {
    const res = await send({ lead: ids.Oldest!, 'featured-1': '', 'featured-2': ids.Middle!, 'featured-3': ids.Later! }, editor);
    expect([res.statusCode, res.headers.location]).toEqual([303, '/desk/front-page?saved=1']);
    expect(await homeArrangement(t.ctx, editor.user)).toEqual({ lead: ids.Oldest, featured: [ids.Middle, ids.Later] });
    const again = await page('/desk/front-page?saved=1', editor);
    expect(again.body).toContain('Home page saved.');
    expect(again.body).toMatch(new RegExp(`id="desk-home-featured-1"[\\s\\S]*?value="${ids.Middle}" selected`));
    // The scheduled story is not shown before its time; the lead comes first.
    expect((await headlines()).slice(0, 3)).toEqual(['Oldest story', 'Middle story', 'Newest story']);
  });

  it('refuses a draft or a story chosen twice at its own select, and keeps the arrangement as it was', async () => {
    const before = await homeArrangement(t.ctx, editor.user);
    const draft = await send({ lead: ids.Newest!, 'featured-4': ids.Draft! }, editor);
    expect(draft.statusCode).toBe(409);
    expect(draft.body).toMatch(/id="desk-home-featured-4-error" class="field-error">&quot;Draft story&quot; is a draft/);
    expect(draft.body).toMatch(/id="desk-home-featured-4" name="featured-4" aria-invalid="true"/);
    const twice = await send({ lead: ids.Newest!, 'featured-2': ids.Newest! }, editor);
    expect(twice.statusCode).toBe(400);
    expect(twice.body).toMatch(/id="desk-home-featured-2" name="featured-2" aria-invalid="true"/);
    expect(twice.body).toContain('is already chosen as lead');
    expect(await homeArrangement(t.ctx, editor.user)).toEqual(before);
  });

  it('the desk navigation shows each role only the sections it may use, and marks the current one', async () => {
    const admin = await signIn('admin');
    const sections = async (who: Person, url = '/desk/posts') => {
      const nav = /<nav class="desk-nav"[\s\S]*?<\/nav>/.exec((await page(url, who)).body)![0];
      return [...nav.matchAll(/<a href="[^"]*"( aria-current="page")?>([^<]+)<\/a>/g)].map((m) => (m[1] ? `[${m[2]}]` : m[2]));
    };
    expect(await sections(author)).toEqual(['Desk', '[Posts]', 'In review', 'New article']);
    expect(await sections(editor, '/desk/posts?status=review')).toEqual([
      'Desk',
      'Posts',
      '[In review]',
      'New article',
      'Error reports',
      'Home page',
    ]);
    expect(await sections(admin, '/desk/front-page')).toEqual([
      'Desk',
      'Posts',
      'In review',
      'New article',
      'Error reports',
      '[Home page]',
      'People',
      'Sites',
    ]);
  });

  it('is for editors and admins: authors get the refusal page, form posts need the CSRF token', async () => {
    expect((await page('/desk/front-page', author)).statusCode).toBe(403);
    expect((await send({ lead: ids.Newest! }, author)).statusCode).toBe(403);
    const forged = await t.app.inject({
      method: 'POST',
      url: '/desk/front-page',
      headers: { cookie: editor.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `lead=${ids.Newest}`,
    });
    expect(forged.statusCode).toBe(403);
    expect((await t.app.inject('/desk/front-page')).statusCode).toBe(303);
  });
});
