import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makeStaffWithToken } from '../helpers/factories.ts';
import { testEngines } from '../helpers/engines.ts';
import { changeDeskSettings } from '../../src/domain/posts/desk-settings.ts';

describe.each(testEngines())('admin posts API on %s', (engine) => {
  let t: TestApp;
  let editor: Awaited<ReturnType<typeof makeStaffWithToken>>;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    editor = await makeStaffWithToken(t.ctx, 'editor');
  });
  afterAll(async () => t?.close());

  const post = (body: object, auth = editor.auth) =>
    t.app.inject({ method: 'POST', url: '/api/v1/admin/posts', headers: auth, payload: body });

  it('refuses requests without a valid token', async () => {
    const none = await t.app.inject({ method: 'POST', url: '/api/v1/admin/posts', payload: { title: 'x', bodyMarkdown: 'y' } });
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe('UNAUTHENTICATED');
    const wrong = await post({ title: 'x', bodyMarkdown: 'y' }, { authorization: 'Bearer gz_nope' });
    expect(wrong.statusCode).toBe(401);
  });

  it('keeps readers out of every admin route', async () => {
    const reader = await makeStaffWithToken(t.ctx, 'reader');
    for (const [method, url] of [
      ['GET', '/api/v1/admin/posts'],
      ['POST', '/api/v1/admin/categories'],
      ['GET', '/api/v1/admin/posts/x'],
    ] as const) {
      const response = await t.app.inject({ method, url, headers: reader.auth, payload: method === 'POST' ? { name: 'n' } : undefined });
      expect(response.statusCode, `${method} ${url}`).toBe(403);
    }
  });

  it('creates a draft, names the field at fault, and rejects unknown fields', async () => {
    const missing = await post({ bodyMarkdown: 'text' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'body.title' });

    const unknown = await post({ title: 'T', bodyMarkdown: 'b', colour: 'red' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.field).toBe('body.colour');

    const badCategory = await post({ title: 'T', bodyMarkdown: 'b', categorySlug: 'nowhere' });
    expect(badCategory.statusCode).toBe(400);
    expect(badCategory.json().error.field).toBe('categorySlug');

    const created = await post({ title: 'Hello, “World”', bodyMarkdown: 'Body', tags: ['Android', 'Sony'] });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      status: 'draft',
      slug: 'hello-world',
      publishedAt: null,
      tags: [{ slug: 'android' }, { slug: 'sony' }],
    });
    // Nothing about a draft is public.
    expect((await t.app.inject('/api/v1/posts/hello-world')).statusCode).toBe(404);
  });

  it('answers a slug clash with 409 and leaves nothing half-written', async () => {
    const first = await post({ title: 'Clash', slug: 'clash', bodyMarkdown: 'one', status: 'published' });
    expect(first.statusCode).toBe(201);
    const second = await post({ title: 'Clash again', slug: 'clash', bodyMarkdown: 'two', tags: ['only-in-the-failed-post'] });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.field).toBe('slug');
    const tags = (await t.app.inject('/api/v1/tags')).json().tags as { slug: string }[];
    expect(tags.map((tag) => tag.slug)).not.toContain('only-in-the-failed-post');
  });

  it('publishes through PATCH and the page shows the change on the next request', async () => {
    const created = (await post({ title: 'Breaking', bodyMarkdown: 'First version.' })).json();
    expect((await t.app.inject('/articles/breaking')).statusCode).toBe(404);

    const published = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/admin/posts/${created.id}`,
      headers: editor.auth,
      payload: { status: 'published', baseVersion: created.version },
    });
    expect(published.statusCode).toBe(200);
    expect(published.json()).toMatchObject({ status: 'published', publishedAt: '2026-01-15T12:00:00.000Z' });

    const page = await t.app.inject('/articles/breaking');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('First version.');
    // Served again from the cache...
    expect((await t.app.inject('/articles/breaking')).headers.etag).toBe(page.headers.etag);

    await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/admin/posts/${created.id}`,
      headers: editor.auth,
      payload: { bodyMarkdown: 'Corrected version.', baseVersion: published.json().version },
    });
    // ...but a change is visible at once.
    const after = await t.app.inject('/articles/breaking');
    expect(after.body).toContain('Corrected version.');
    expect(after.body).not.toContain('First version.');

    const conditional = await t.app.inject({ url: '/articles/breaking', headers: { 'if-none-match': after.headers.etag as string } });
    expect(conditional.statusCode).toBe(304);
  });

  it('schedules a post for later and refuses scheduling in the past', async () => {
    const past = await post({ title: 'Old news', bodyMarkdown: 'b', status: 'scheduled', publishedAt: '2020-01-01T00:00:00Z' });
    expect(past.statusCode).toBe(400);
    expect(past.json().error.field).toBe('publishedAt');

    const scheduled = await post({ title: 'Tomorrow', bodyMarkdown: 'b', status: 'published', publishedAt: '2026-01-16T09:00:00Z' });
    expect(scheduled.json().status).toBe('scheduled');
    expect((await t.app.inject('/articles/tomorrow')).statusCode).toBe(404);
    const home = await t.app.inject('/');
    expect(home.body).not.toContain('Tomorrow');
    t.clock.set('2026-01-16T09:00:00Z');
    expect((await t.app.inject('/')).body).toContain('Tomorrow');
    expect((await t.app.inject('/articles/tomorrow')).statusCode).toBe(200);
    t.clock.set('2026-01-15T12:00:00Z');
  });

  it('lets an author edit their own posts but not a colleague’s', async () => {
    const author = await makeStaffWithToken(t.ctx, 'author');
    const mine = (await post({ title: 'Mine', bodyMarkdown: 'b' }, author.auth)).json();
    const theirs = (await post({ title: 'Theirs', bodyMarkdown: 'b' })).json();
    const ownEdit = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/admin/posts/${mine.id}`,
      headers: author.auth,
      payload: { title: 'Mine, edited', baseVersion: mine.version },
    });
    expect(ownEdit.statusCode).toBe(200);
    const otherEdit = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/admin/posts/${theirs.id}`,
      headers: author.auth,
      payload: { title: 'Hijacked', baseVersion: theirs.version },
    });
    expect(otherEdit.statusCode).toBe(403);
    const list = (await t.app.inject({ url: '/api/v1/admin/posts', headers: author.auth })).json().posts as { id: string }[];
    expect(list.map((p) => p.id)).toEqual([mine.id]);
    const page = await post({ type: 'page', title: 'Imprint', bodyMarkdown: 'b' }, author.auth);
    expect(page.statusCode).toBe(403);
  });

  it('keeps an author who may not publish from changing their live article; editors and allowed authors may', async () => {
    const author = await makeStaffWithToken(t.ctx, 'author');
    const live = (
      await post({
        title: 'Live piece',
        slug: 'live-piece',
        bodyMarkdown: 'As reviewed.',
        status: 'published',
        authorSlug: author.user.slug,
      })
    ).json();
    const scheduled = (
      await post({
        title: 'Later piece',
        bodyMarkdown: 'As reviewed.',
        status: 'scheduled',
        publishedAt: '2026-02-01T09:00:00Z',
        authorSlug: author.user.slug,
      })
    ).json();
    const patch = (id: string, payload: object, auth = author.auth) =>
      t.app.inject({ method: 'PATCH', url: `/api/v1/admin/posts/${id}`, headers: auth, payload });

    for (const [target, change] of [
      [live, { bodyMarkdown: 'Unreviewed words.' }],
      [live, { title: 'Unreviewed title' }],
      [live, { tags: ['Unreviewed'] }],
      [scheduled, { bodyMarkdown: 'Unreviewed words.' }],
    ] as const) {
      const refused = await patch(target.id, { ...change, baseVersion: target.version });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error).toMatchObject({ code: 'PUBLISH_NOT_ALLOWED', message: expect.stringContaining('ask an editor') });
    }
    expect((await t.app.inject('/articles/live-piece')).body).toContain('As reviewed.');

    // Restoring an earlier text is a change too; an autosave is kept beside the article, as for anyone.
    const editorsFix = await patch(live.id, { bodyMarkdown: 'As corrected.', baseVersion: live.version }, editor.auth);
    expect(editorsFix.statusCode).toBe(200);
    const revisions = (await t.app.inject({ url: `/api/v1/admin/posts/${live.id}/revisions`, headers: author.auth })).json().revisions;
    const first = revisions[revisions.length - 1];
    const restore = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/posts/${live.id}/revisions/${first.id}/restore`,
      headers: author.auth,
      payload: { baseVersion: editorsFix.json().version },
    });
    expect(restore.statusCode).toBe(403);
    const autosave = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/admin/posts/${live.id}/autosave`,
      headers: author.auth,
      payload: { title: 'Live piece', excerpt: '', bodyMarkdown: 'A suggestion.', baseVersion: editorsFix.json().version },
    });
    expect(autosave.json()).toMatchObject({ applied: false });
    expect((await t.app.inject('/articles/live-piece')).body).toContain('As corrected.');

    await changeDeskSettings(t.ctx, { id: 'admin', role: 'admin' }, { authorsMayPublish: true });
    try {
      const allowed = await patch(live.id, { bodyMarkdown: 'Self-published fix.', baseVersion: editorsFix.json().version });
      expect(allowed.statusCode).toBe(200);
    } finally {
      await changeDeskSettings(t.ctx, { id: 'admin', role: 'admin' }, { authorsMayPublish: false });
    }
  });

  it('deletes a post', async () => {
    const created = (await post({ title: 'Short-lived', bodyMarkdown: 'b', status: 'published' })).json();
    expect((await t.app.inject('/articles/short-lived')).statusCode).toBe(200);
    const deleted = await t.app.inject({ method: 'DELETE', url: `/api/v1/admin/posts/${created.id}`, headers: editor.auth });
    expect(deleted.statusCode).toBe(204);
    expect((await t.app.inject('/articles/short-lived')).statusCode).toBe(404);
  });

  it('builds a category tree and archives include sub-categories', async () => {
    const create = (payload: object) => t.app.inject({ method: 'POST', url: '/api/v1/admin/categories', headers: editor.auth, payload });
    expect((await create({ name: 'Reviews' })).statusCode).toBe(201);
    const child = await create({ name: 'Phone reviews', parentSlug: 'reviews' });
    expect(child.json()).toMatchObject({ slug: 'phone-reviews', parentSlug: 'reviews' });
    const cycle = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/admin/categories/reviews',
      headers: editor.auth,
      payload: { parentSlug: 'phone-reviews' },
    });
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json().error.field).toBe('parentSlug');

    await post({ title: 'Xperia X review', bodyMarkdown: 'b', status: 'published', categorySlug: 'phone-reviews' });
    const archive = await t.app.inject('/category/reviews');
    expect(archive.statusCode).toBe(200);
    expect(archive.body).toContain('Xperia X review');
    expect(archive.body).toContain('href="/category/phone-reviews"');
    const api = (await t.app.inject('/api/v1/posts?category=reviews')).json();
    expect(api.posts.map((p: { title: string }) => p.title)).toContain('Xperia X review');
    const unknown = await t.app.inject('/api/v1/posts?category=nope');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.field).toBe('querystring.category');

    const busy = await t.app.inject({ method: 'DELETE', url: '/api/v1/admin/categories/reviews', headers: editor.auth });
    expect(busy.statusCode).toBe(409);
  });
});
