// The desk's revision pages without JavaScript: the list (kind, who, when, live or kept beside),
// the word diff between any two (<ins>/<del> named for screen readers), one revision's text,
// Restore (CSRF-guarded, itself a revision), the edit-conflict page with the other person's
// change and its two ways on ("Keep mine", "Take theirs": nothing lost either way), and the
// editor's aside with correction notes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makePost, makeUser } from '../helpers/factories.ts';
import { testEngines } from '../helpers/engines.ts';
import { createSession } from '../../src/domain/users/sessions.ts';
import { csrfTokenFor } from '../../src/http/plugins/csrf.ts';
import { findPostById } from '../../src/storage/repos/posts.ts';
import type { Role, User } from '../../src/storage/schema.ts';

interface Person {
  user: User;
  cookie: string;
  csrf: string;
}

/** The hidden fields of the form whose submit button says `button` (the conflict page's two forms). */
function hiddenFieldsOf(page: string, button: string): Record<string, string> {
  const forms = page.match(/<form[\s\S]*?<\/form>/g) ?? [];
  const form = forms.find((f) => f.includes(`>${button}</button>`));
  if (!form) throw new Error(`no form with the button ${button}`);
  const fields: Record<string, string> = {};
  const decode = (v: string) =>
    v
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  for (const m of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) fields[decode(m[1]!)] = decode(m[2]!);
  return fields;
}

describe.each(testEngines())('desk revision pages on %s', (engine) => {
  let t: TestApp;
  let ana: Person;
  let ben: Person;
  let author: Person;
  let otherAuthor: Person;

  beforeAll(async () => {
    t = await buildTestApp(engine);
    t.clock.set('2026-03-10T12:00:00Z');
    ana = await signIn('editor', 'Ana Editor');
    ben = await signIn('editor', 'Ben Editor');
    author = await signIn('author', 'Ada Author');
    otherAuthor = await signIn('author', 'Otto Author');
  });
  afterAll(async () => t?.close());

  async function signIn(role: Role, name: string): Promise<Person> {
    const user = await makeUser(t.ctx, role, name);
    const token = await createSession(t.ctx, user.id, { userAgent: null, ip: null });
    return { user, cookie: `gz_session=${token}`, csrf: csrfTokenFor(token) };
  }
  const page = (url: string, who: Person) => t.app.inject({ url, headers: { cookie: who.cookie } });
  const send = (url: string, fields: Record<string, string>, who: Person, csrf = true) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ ...(csrf ? { csrf: who.csrf } : {}), ...fields }).toString(),
    });
  const revisionsOf = (postId: string) =>
    t.ctx.db.selectFrom('post_revisions').selectAll().where('post_id', '=', postId).orderBy('created_at', 'desc').execute();
  const version = async (id: string) => String((await findPostById(t.ctx.db, id))!.version);
  /** The editor form's save of a new body, from the version given (the one the writer opened). */
  const saveBody = async (id: string, body: string, who: Person, baseVersion?: string) => {
    const post = (await findPostById(t.ctx.db, id))!;
    return send(
      `/desk/posts/${id}`,
      {
        title: post.title,
        excerpt: post.excerpt,
        body,
        slug: post.slug,
        tags: '',
        action: 'save',
        baseVersion: baseVersion ?? String(post.version),
      },
      who,
    );
  };

  it('lists revisions with kind, who, when and state, and diffs any two word by word', async () => {
    const post = await makePost(t.ctx, ana.user, { title: 'Council vote', bodyMarkdown: 'The council met on Monday to vote.' });
    t.clock.advance(60_000);
    expect((await saveBody(post.id, 'The council met on Tuesday to vote.', ana)).statusCode).toBe(303);
    t.clock.advance(60_000);
    expect((await saveBody(post.id, 'The city council met on Tuesday to vote.', ben)).statusCode).toBe(303);

    const list = await page(`/desk/posts/${post.id}/revisions`, ana);
    expect(list.statusCode).toBe(200);
    expect(list.headers['cache-control']).toBe('private, no-store');
    expect(list.body).toContain('Revisions of “Council vote”');
    expect(list.body).toContain('Ben Editor');
    expect(list.body).toContain('Ana Editor');
    expect(list.body).toContain('<time datetime="2026-03-10T12:02:00.000Z">10 Mar 2026, 12:02 UTC</time>');
    expect(list.body).toContain('Live now');
    expect(list.body).toContain('Earlier');
    const ids = [...list.body.matchAll(/name="from" value="([^"]+)"/g)].map((m) => m[1]!);
    expect(ids).toHaveLength(3);
    // The newest two are chosen already, so "Compare" works at once.
    expect(list.body).toMatch(new RegExp(`name="from" value="${ids[1]}"[^>]*checked`));
    expect(list.body).toMatch(new RegExp(`name="to" value="${ids[0]}"[^>]*checked`));

    const diff = await page(`/desk/posts/${post.id}/revisions/diff?from=${ids[2]}&to=${ids[0]}`, ana);
    expect(diff.statusCode).toBe(200);
    expect(diff.body).toContain('<del><span class="visually-hidden">[removed: </span>Monday<span class="visually-hidden">]</span></del>');
    expect(diff.body).toContain('<ins><span class="visually-hidden">[added: </span>Tuesday<span class="visually-hidden">]</span></ins>');
    expect(diff.body).toContain('<ins><span class="visually-hidden">[added: </span>city <span class="visually-hidden">]</span></ins>');

    // Bad input named at the field: a missing side, an unknown revision.
    const missing = await page(`/desk/posts/${post.id}/revisions/diff?from=${ids[1]}`, ana);
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('To: choose the revision to compare to');
    const unknown = await page(`/desk/posts/${post.id}/revisions/diff?from=nope&to=${ids[0]}`, ana);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('From: this post has no revision');
    expect((await page(`/desk/posts/${post.id}/revisions?page=0`, ana)).statusCode).toBe(400);
  });

  it('shows one revision and restores it with the form token; the restore is a revision itself', async () => {
    const post = await makePost(t.ctx, ana.user, { title: 'Restore me', bodyMarkdown: 'First words.' });
    t.clock.advance(60_000);
    await saveBody(post.id, 'Second words.', ana);
    const list = await page(`/desk/posts/${post.id}/revisions`, ana);
    const first = [...list.body.matchAll(/name="from" value="([^"]+)"/g)].map((m) => m[1]!).at(-1)!;

    const text = await page(`/desk/posts/${post.id}/revisions/${first}`, ana);
    expect(text.statusCode).toBe(200);
    expect(text.body).toContain('First words.');
    expect(text.body).toContain('Restore this revision');
    const restoreUrl = `/desk/posts/${post.id}/revisions/${first}/restore`;

    const forged = await send(restoreUrl, { baseVersion: await version(post.id) }, ana, false);
    expect(forged.statusCode).toBe(403);
    expect((await findPostById(t.ctx.db, post.id))!.body_markdown).toBe('Second words.');
    const stale = await send(restoreUrl, { baseVersion: '1' }, ana);
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('nothing was restored');

    t.clock.advance(60_000);
    const restored = await send(restoreUrl, { baseVersion: await version(post.id) }, ana);
    expect(restored.statusCode).toBe(303);
    expect(restored.headers.location).toBe(`/desk/posts/${post.id}/edit?restored=${first}`);
    expect((await findPostById(t.ctx.db, post.id))!.body_markdown).toBe('First words.');
    const editor = await page(restored.headers.location!, ana);
    expect(editor.body).toContain('Restored revision from 10 Mar 2026');
    const after = await page(`/desk/posts/${post.id}/revisions`, ana);
    expect(after.body).toContain('<td>Restored</td>');
    // The current text's own page has nothing to restore.
    const current = [...after.body.matchAll(/name="to" value="([^"]+)"/g)][0]![1]!;
    expect((await page(`/desk/posts/${post.id}/revisions/${current}`, ana)).body).toContain("This is the post's text now.");
  });

  it('lets authors see the revisions of their own posts only', async () => {
    const own = await makePost(t.ctx, author.user, { status: 'draft' });
    const others = await makePost(t.ctx, otherAuthor.user, { status: 'draft' });
    expect((await page(`/desk/posts/${own.id}/revisions`, author)).statusCode).toBe(200);
    const refused = await page(`/desk/posts/${others.id}/revisions`, author);
    expect([403, 404]).toContain(refused.statusCode);
    expect(refused.body).not.toContain(others.title);
    const revision = (await revisionsOf(others.id))[0]!;
    expect([403, 404]).toContain((await page(`/desk/posts/${others.id}/revisions/${revision.id}`, author)).statusCode);
    const restore = await send(`/desk/posts/${others.id}/revisions/${revision.id}/restore`, { baseVersion: '1' }, author);
    expect([403, 404]).toContain(restore.statusCode);
    expect((await page('/desk/posts/x/revisions', ana)).statusCode).toBe(404);
  });

  it("explains a conflict with the other person's change; Keep mine saves over it, theirs stays in the revisions", async () => {
    const post = await makePost(t.ctx, ana.user, { title: 'Budget', bodyMarkdown: 'The budget passed on Monday.' });
    const opened = await version(post.id);
    t.clock.set('2026-03-10T14:03:00Z');
    expect((await saveBody(post.id, 'The budget passed late on Monday.', ana, opened)).statusCode).toBe(303);

    const refused = await saveBody(post.id, 'The budget passed on Monday night.', ben, opened);
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain(
      'Ana Editor saved this post at <time datetime="2026-03-10T14:03:00.000Z">14:03 UTC on 10 Mar 2026</time>, after you opened it. Nothing of yours was saved.',
    );
    expect(refused.body).toContain('<ins><span class="visually-hidden">[added: </span>late <span class="visually-hidden">]</span></ins>');
    expect(refused.body).toContain('>Keep mine</button>');
    expect(refused.body).toContain('>Take theirs</button>');
    expect((await findPostById(t.ctx.db, post.id))!.body_markdown).toBe('The budget passed late on Monday.');

    const keep = hiddenFieldsOf(refused.body, 'Keep mine');
    expect(keep).toMatchObject({ body: 'The budget passed on Monday night.', baseVersion: await version(post.id), action: 'save' });
    t.clock.advance(60_000);
    const kept = await send(`/desk/posts/${post.id}`, keep, ben);
    expect(kept.statusCode).toBe(303);
    const now = (await findPostById(t.ctx.db, post.id))!;
    expect(now.body_markdown).toBe('The budget passed on Monday night.');
    const texts = (await revisionsOf(post.id)).map((r) => r.body_markdown);
    expect(texts).toContain('The budget passed late on Monday.');
  });

  it('Take theirs opens their version and keeps the writer’s text as a revision beside it', async () => {
    const post = await makePost(t.ctx, ana.user, { title: 'Roads', bodyMarkdown: 'Roads close at noon.' });
    const opened = await version(post.id);
    t.clock.advance(60_000);
    await saveBody(post.id, 'Roads close at ten.', ana, opened);
    const refused = await saveBody(post.id, 'Roads close at noon on Friday.', ben, opened);
    expect(refused.statusCode).toBe(409);

    const take = hiddenFieldsOf(refused.body, 'Take theirs');
    expect(take.body).toBe('Roads close at noon on Friday.');
    const { csrf, ...withoutToken } = take;
    expect(csrf).toBe(ben.csrf);
    expect((await send(`/desk/posts/${post.id}/take-theirs`, withoutToken, ben, false)).statusCode).toBe(403);
    const taken = await send(`/desk/posts/${post.id}/take-theirs`, take, ben);
    expect(taken.statusCode).toBe(303);
    expect(taken.headers.location).toBe(`/desk/posts/${post.id}/edit?kept=mine`);
    expect((await findPostById(t.ctx.db, post.id))!.body_markdown).toBe('Roads close at ten.');
    const editor = await page(taken.headers.location!, ben);
    expect(editor.body).toContain('Your text is kept in the revisions');
    expect(editor.body).toContain('Roads close at ten.');
    const beside = (await revisionsOf(post.id)).find((r) => r.body_markdown === 'Roads close at noon on Friday.');
    expect(beside).toMatchObject({ live: 0, author_id: ben.user.id, kind: 'save' });
    expect((await page(`/desk/posts/${post.id}/revisions`, ben)).body).toContain('Kept beside');
  });

  it('shows revisions and correction notes beside the editor; editors add and remove notes on published articles', async () => {
    const post = await makePost(t.ctx, author.user, { title: 'Bridge opens' });
    const editorPage = await page(`/desk/posts/${post.id}/edit`, ana);
    expect(editorPage.body).toContain(`href="/desk/posts/${post.id}/revisions"`);
    expect(editorPage.body).toContain('Add correction or update note');
    expect(editorPage.body).toContain('No open reports.');
    // The author sees the notes, not the form, and no reports.
    const authorsPage = await page(`/desk/posts/${post.id}/edit`, author);
    expect(authorsPage.body).toContain('No correction or update notes.');
    expect(authorsPage.body).not.toContain('Add correction or update note');
    expect(authorsPage.body).not.toContain("Readers' error reports");
    expect((await send(`/desk/posts/${post.id}/corrections`, { kind: 'correction', text: 'x' }, author)).statusCode).toBe(403);

    const url = `/desk/posts/${post.id}/corrections`;
    expect((await send(url, { kind: 'correction', text: 'Wrong day.' }, ana, false)).statusCode).toBe(403);
    const empty = await send(url, { kind: 'correction', text: '  ' }, ana);
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('<p id="desk-correction-text-error" class="field-error">must not be empty</p>');
    const badKind = await send(url, { kind: 'erratum', text: 'Wrong day.' }, ana);
    expect(badKind.statusCode).toBe(400);
    expect(badKind.body).toContain('id="desk-correction-kind-error"');
    expect(badKind.body).toContain('Wrong day.');

    const added = await send(url, { kind: 'correction', text: 'The bridge opens on Friday, not Thursday.' }, ana);
    expect(added.statusCode).toBe(303);
    expect(added.headers.location).toBe(`/desk/posts/${post.id}/edit?correction=added`);
    const withNote = await page(added.headers.location!, ana);
    expect(withNote.body).toContain('Correction note added');
    expect(withNote.body).toContain('The bridge opens on Friday, not Thursday.');
    expect((await t.app.inject(`/articles/${post.slug}`)).body).toContain('The bridge opens on Friday, not Thursday.');

    const removeAction = /action="(\/desk\/posts\/[^"]+\/corrections\/[^"]+\/remove)"/.exec(withNote.body)![1]!;
    const removed = await send(removeAction, {}, ana);
    expect(removed.statusCode).toBe(303);
    expect((await t.app.inject(`/articles/${post.slug}`)).body).not.toContain('The bridge opens on Friday, not Thursday.');

    // A draft: no form, and a post says why at the page.
    const draft = await makePost(t.ctx, ana.user, { status: 'draft' });
    expect((await page(`/desk/posts/${draft.id}/edit`, ana)).body).toContain('Correction notes go on published articles');
    const refused = await send(`/desk/posts/${draft.id}/corrections`, { kind: 'update', text: 'Later.' }, ana);
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('is not published');
  });
});
