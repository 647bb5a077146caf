// The writers' desk without JavaScript: who may open it, the posts list (filters, search,
// pages, authors see their own) and the editor form (create, edit, errors at the field, the
// review workflow, publishing and scheduling in the writer's time zone, stored in UTC).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makeCategory, makePost, makeUser } from '../helpers/factories.ts';
import { testEngines } from '../helpers/engines.ts';
import { createSession } from '../../src/domain/users/sessions.ts';
import { csrfTokenFor } from '../../src/http/plugins/csrf.ts';
import { findPostById } from '../../src/storage/repos/posts.ts';
import { listPostRevisions } from '../../src/domain/posts/revisions.ts';
import { updatePost } from '../../src/domain/posts/write.ts';
import type { Role, User } from '../../src/storage/schema.ts';

interface Person {
  user: User;
  cookie: string;
  csrf: string;
}

describe.each(testEngines())('writers’ desk pages on %s', (engine) => {
  let t: TestApp;
  let author: Person;
  let editor: Person;
  let categorySlug: string;

  beforeAll(async () => {
    t = await buildTestApp(engine);
    t.clock.set('2026-03-10T12:00:00Z');
    author = await signIn('author');
    editor = await signIn('editor');
    categorySlug = (await makeCategory(t.ctx, editor.user, 'Phones')).slug;
  });
  afterAll(async () => t?.close());

  async function signIn(role: Role): Promise<Person> {
    const user = await makeUser(t.ctx, role);
    const token = await createSession(t.ctx, user.id, { userAgent: null, ip: null });
    return { user, cookie: `gz_session=${token}`, csrf: csrfTokenFor(token) };
  }
  const page = (url: string, who: Person) => t.app.inject({ url, headers: { cookie: who.cookie } });
  const send = (url: string, fields: Record<string, string>, who: Person) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ csrf: who.csrf, ...fields }).toString(),
    });
  const idFrom = (location: string | undefined) => /\/desk\/posts\/([^/]+)\/edit/.exec(location ?? '')![1]!;
  const versionOf = async (id: string) => String((await findPostById(t.ctx.db, id))!.version);

  it('opens for authors, editors and admins; readers and moderators are refused; the signed-out sign in first', async () => {
    for (const who of [author, editor, await signIn('admin')]) {
      const desk = await page('/desk', who);
      expect(desk.statusCode).toBe(200);
      expect(desk.headers['cache-control']).toBe('private, no-store');
      expect(desk.body).toContain('href="/desk"');
    }
    for (const role of ['reader', 'moderator'] as Role[]) {
      const refused = await page('/desk/posts', await signIn(role));
      expect(refused.statusCode, role).toBe(403);
      expect(refused.body).toContain('the desk is for authors, editors and administrators');
      expect((await page('/', await signIn(role))).body).not.toContain('href="/desk"');
    }
    const anonymous = await t.app.inject('/desk/posts/new');
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe('/signin?next=%2Fdesk%2Fposts%2Fnew');
    // Form posts are guarded too: no token, no save.
    const forged = await t.app.inject({
      method: 'POST',
      url: '/desk/posts',
      headers: { cookie: author.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'title=x&body=y&action=draft',
    });
    expect(forged.statusCode).toBe(403);
    expect(forged.body).toContain('this form has expired');
  });

  it('creates and edits a draft, submits it for review, and keeps the author from publishing', async () => {
    const created = await send(
      '/desk/posts',
      {
        title: 'Battery test',
        excerpt: 'How long it lasts',
        body: 'Two **days**.',
        slug: '',
        category: categorySlug,
        tags: 'Sony, Batteries',
        action: 'draft',
      },
      author,
    );
    expect(created.statusCode).toBe(303);
    const id = idFrom(created.headers.location);
    const form = await page(created.headers.location!, author);
    expect(form.body).toContain('Draft saved.');
    expect(form.body).toContain('value="battery-test"');
    expect(form.body).toMatch(/value="(Sony, Batteries|Batteries, Sony)"/);
    expect(form.body).toContain('value="review"');
    expect(form.body).not.toContain('value="publish"');

    const refused = await send(
      `/desk/posts/${id}`,
      {
        title: 'Battery test',
        body: 'Two **days**.',
        category: categorySlug,
        tags: '',
        action: 'publish',
        baseVersion: await versionOf(id),
      },
      author,
    );
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('id="desk-status-error"');
    expect(refused.body).toContain('submit the post for review instead');
    expect((await findPostById(t.ctx.db, id))!.status).toBe('draft');

    const submitted = await send(
      `/desk/posts/${id}`,
      {
        title: 'Battery test, day two',
        body: 'Two **days**.',
        category: categorySlug,
        tags: 'Sony',
        action: 'review',
        baseVersion: await versionOf(id),
      },
      author,
    );
    expect(submitted.statusCode).toBe(303);
    expect(await findPostById(t.ctx.db, id)).toMatchObject({ status: 'review', title: 'Battery test, day two', published_at: null });
    expect((await t.app.inject('/articles/battery-test')).statusCode).toBe(404);
  });

  it('shows a bad field’s message at that field and saves nothing', async () => {
    const before = (await page('/desk/posts', editor)).body.match(/(\d+) posts?</)?.[1];
    const bad = await send('/desk/posts', { title: '   ', body: 'Text', slug: 'Not A Slug', action: 'draft' }, editor);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="desk-title-error"');
    expect(bad.body).toContain('aria-invalid="true"');
    const badSlug = await send('/desk/posts', { title: 'Fine', body: 'Text', slug: 'Not A Slug', action: 'draft' }, editor);
    expect(badSlug.body).toContain('id="desk-slug-error"');
    expect(badSlug.body).toContain('value="Not A Slug"');
    const badTime = await send('/desk/posts', { title: 'Fine', body: 'Text', publishAt: '', tzOffset: '0', action: 'schedule' }, editor);
    expect(badTime.body).toContain('id="desk-publishAt-error"');
    expect((await page('/desk/posts', editor)).body.match(/(\d+) posts?</)?.[1]).toBe(before);
  });

  it('lets an editor publish an author’s post and schedule one in the writer’s time zone, stored in UTC', async () => {
    const draft = await makePost(t.ctx, author.user, { title: 'Submitted piece', status: 'review' });
    const form = await page(`/desk/posts/${draft.id}/edit`, editor);
    expect(form.body).toContain('value="publish"');
    expect(form.body).toContain(`<option value="${author.user.slug}" selected>`);
    const published = await send(
      `/desk/posts/${draft.id}`,
      { title: 'Submitted piece', body: 'Text', author: author.user.slug, action: 'publish', baseVersion: await versionOf(draft.id) },
      editor,
    );
    expect(published.statusCode, published.body.match(/role="alert"><p>(.*?)<\/p>/)?.[1]).toBe(303);
    expect(await findPostById(t.ctx.db, draft.id)).toMatchObject({
      status: 'published',
      published_at: '2026-03-10T12:00:00.000Z',
      author_id: author.user.id,
    });

    // 09:30 in Berlin in March (UTC+1, the browser says +60) is 08:30 UTC.
    const scheduled = await send(
      '/desk/posts',
      { title: 'Morning piece', body: 'Text', publishAt: '2026-03-11T09:30', tzOffset: '60', action: 'schedule' },
      editor,
    );
    expect(scheduled.statusCode, scheduled.body.match(/role="alert"><p>([^]*?)<\/p>/)?.[1]).toBe(303);
    const id = idFrom(scheduled.headers.location);
    expect(await findPostById(t.ctx.db, id)).toMatchObject({ status: 'scheduled', published_at: '2026-03-11T08:30:00.000Z' });
    // Without a script the offset stays 0: the time is UTC, and the form says so.
    const noScript = await send(
      '/desk/posts',
      { title: 'UTC piece', body: 'Text', publishAt: '2026-03-11T09:30', tzOffset: '0', action: 'schedule' },
      editor,
    );
    expect(await findPostById(t.ctx.db, idFrom(noScript.headers.location))).toMatchObject({ published_at: '2026-03-11T09:30:00.000Z' });
    expect((await page(noScript.headers.location!, editor)).body).toContain('In UTC unless your browser runs JavaScript');
  });

  it('shows a scheduled article as published in its editor once its time has come, with its link', async () => {
    const scheduled = await send(
      '/desk/posts',
      { title: 'Timed piece', body: 'Text', publishAt: '2026-03-10T13:00', tzOffset: '0', action: 'schedule' },
      editor,
    );
    const editorPage = scheduled.headers.location!.replace(/\?.*/, '');
    const status = async () => /Status: <strong[^>]*>([^<]*)<\/strong>([^]*?)<\/p>/.exec((await page(editorPage, editor)).body)!;
    expect((await status())[1]).toBe('Scheduled');
    expect((await status())[2]).not.toContain('View article');
    t.clock.set('2026-03-10T13:00:00Z');
    try {
      const [, label, rest] = await status();
      expect(label).toBe('Published');
      expect(rest).toContain('<a href="/articles/timed-piece">View article</a>');
      expect((await page(editorPage, editor)).body).toContain('value="draft">Unpublish');
    } finally {
      t.clock.set('2026-03-10T12:00:00Z');
    }
  });

  it('offers an author who may not publish no save on their live article, and refuses one', async () => {
    const live = await makePost(t.ctx, author.user, { title: 'Reviewed piece', bodyMarkdown: 'As reviewed.' });
    const form = (await page(`/desk/posts/${live.id}/edit`, author)).body;
    expect(form).not.toContain('name="action"');
    expect(form).toContain('only an editor may change it');
    expect(form).toContain('data-kept-aside="Your changes are kept as a revision beside the article: ask an editor to make them live."');
    expect((await page(`/desk/posts/${live.id}/edit`, editor)).body).toContain('value="save"');

    const refused = await send(
      `/desk/posts/${live.id}`,
      { title: 'Reviewed piece', body: 'Unreviewed words.', action: 'save', baseVersion: await versionOf(live.id) },
      author,
    );
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('this article is live, so only an editor may change it: ask an editor to make the change');
    expect(refused.body).toContain('Unreviewed words.');
    expect((await findPostById(t.ctx.db, live.id))!.body_markdown).toBe('As reviewed.');

    // Nor does an earlier revision's page offer the author a restore; an editor has the button.
    const [first] = await listPostRevisions(t.ctx, editor.user, live.id);
    const revisionPage = `/desk/posts/${live.id}/revisions/${first!.id}`;
    await updatePost(t.ctx, editor.user, live.id, {
      bodyMarkdown: 'Corrected by an editor.',
      baseVersion: Number(await versionOf(live.id)),
    });
    const authorsView = (await page(revisionPage, author)).body;
    expect(authorsView).not.toContain('Restore this revision');
    expect(authorsView).toContain('only an editor may restore an earlier text');
    expect((await page(revisionPage, editor)).body).toContain('Restore this revision');
  });

  it('refuses a save over a newer version and keeps the writer’s text in the conflict page', async () => {
    const created = await send('/desk/posts', { title: 'Shared draft', body: 'First words', action: 'draft' }, editor);
    const id = idFrom(created.headers.location);
    const base = await versionOf(id);
    expect(
      (await send(`/desk/posts/${id}`, { title: 'Shared draft', body: 'Their words', action: 'save', baseVersion: base }, editor))
        .statusCode,
    ).toBe(303);
    const late = await send(`/desk/posts/${id}`, { title: 'Shared draft', body: 'My words', action: 'save', baseVersion: base }, editor);
    expect(late.statusCode).toBe(409);
    // The conflict page (desk-revisions-pages.test.ts tests it whole): "Keep mine" carries the text.
    expect(late.body).toContain('after you opened it. Nothing of yours was saved.');
    expect(late.body).toContain('<input type="hidden" name="body" value="My words" />');
    expect(late.body).toContain(`name="baseVersion" value="${await versionOf(id)}"`);
    expect((await findPostById(t.ctx.db, id))!.body_markdown).toBe('Their words');
  });

  it('lets an admin allow authors to publish their own posts', async () => {
    const admin = await signIn('admin');
    expect((await send('/desk/settings', { authorsMayPublish: '1' }, author)).statusCode).toBe(403);
    expect((await send('/desk/settings', { authorsMayPublish: '1' }, admin)).statusCode).toBe(303);
    const own = await send('/desk/posts', { title: 'Self-published', body: 'Text', action: 'publish' }, author);
    expect(own.statusCode).toBe(303);
    expect((await findPostById(t.ctx.db, idFrom(own.headers.location)))!.status).toBe('published');
    expect((await send('/desk/settings', {}, admin)).statusCode).toBe(303);
    expect((await send('/desk/posts', { title: 'Not again', body: 'Text', action: 'publish' }, author)).statusCode).toBe(403);
  });

  it('lists posts with filters, search and pages; an author sees only their own', async () => {
    const colleague = await makeUser(t.ctx, 'author', 'Cora Colleague');
    await makePost(t.ctx, colleague, { title: 'Colleague zebra story', status: 'draft' });
    for (let i = 0; i < 21; i++) await makePost(t.ctx, editor.user, { title: `Zebra report ${i}`, status: 'draft', categorySlug });

    const mine = await page('/desk/posts', author);
    expect(mine.body).toContain('Battery test, day two');
    expect(mine.body).not.toContain('Colleague zebra story');
    expect(mine.body).toContain('You see your own posts.');
    // The author filter cannot widen an author's view.
    expect((await page(`/desk/posts?author=${colleague.slug}`, author)).body).not.toContain('Colleague zebra story');

    const all = await page('/desk/posts?q=ZEBRA', editor);
    expect(all.body).toContain('22 posts');
    expect(all.body).toContain('Page 1 of 2');
    expect(all.body).toContain('href="/desk/posts?q=ZEBRA&amp;page=2"');
    const second = await page('/desk/posts?q=ZEBRA&page=2', editor);
    expect(second.body.match(/\/edit">/g)).toHaveLength(2);

    expect((await page(`/desk/posts?q=zebra&author=${colleague.slug}`, editor)).body).toContain('1 post<');
    expect((await page(`/desk/posts?q=zebra&category=${categorySlug}`, editor)).body).toContain('21 posts');
    const review = await page('/desk/posts?status=review', editor);
    expect(review.body).toContain('Battery test, day two');
    expect(review.body).toContain('In review');
    expect(review.body).not.toContain('Zebra report');
    expect((await page('/desk/posts?status=scheduled', editor)).body).toContain('Morning piece');
    expect((await page('/desk/posts?q=100%25', editor)).body).toContain('0 posts');
    const bad = await page('/desk/posts?status=lost', editor);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('status: must be one of');
  });
});
