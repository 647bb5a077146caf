// Readers' error reports in the desk without JavaScript (/desk/reports): editors see the open
// ones newest first (article, report, when, the reader's address), narrowed to one article from
// the editor's aside, and answer (mailed to a reader who left an address), dismiss, or make a
// correction note in one click; bad input is named at its field; authors and readers are refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makePost, makeUser } from '../helpers/factories.ts';
import { testEngines } from '../helpers/engines.ts';
import { submitErrorReport } from '../../src/domain/posts/error-reports.ts';
import { createSession } from '../../src/domain/users/sessions.ts';
import { csrfTokenFor } from '../../src/http/plugins/csrf.ts';
import { listOutbox } from '../../src/storage/repos/outbox.ts';
import type { Role, User } from '../../src/storage/schema.ts';

interface Person {
  user: User;
  cookie: string;
  csrf: string;
}

describe.each(testEngines())('error reports in the desk on %s', (engine) => {
  let t: TestApp;
  let editor: Person;
  let author: Person;

  beforeAll(async () => {
    t = await buildTestApp(engine);
    t.clock.set('2026-03-10T12:00:00Z');
    editor = await signIn('editor');
    author = await signIn('author');
  });
  afterAll(async () => t?.close());

  async function signIn(role: Role): Promise<Person> {
    const user = await makeUser(t.ctx, role);
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
  const report = async (slug: string, text: string, email?: string) => {
    t.clock.advance(60_000);
    return submitErrorReport(t.ctx, slug, { text, email, ip: '203.0.113.9' });
  };

  it('lists open reports newest first for editors, narrowed per article; authors and readers are refused', async () => {
    const first = await makePost(t.ctx, author.user, { title: 'Harbour reopens' });
    const second = await makePost(t.ctx, author.user, { title: 'Ferry timetable' });
    await report(first.slug, 'The harbour reopened on Tuesday.', 'reader@example.org');
    await report(second.slug, 'The 9:15 ferry no longer runs.');

    const list = await page('/desk/reports', editor);
    expect(list.statusCode).toBe(200);
    expect(list.headers['cache-control']).toBe('private, no-store');
    expect(list.body).toContain('aria-current="page">Error reports</a>');
    expect(list.body.indexOf('Ferry timetable')).toBeLessThan(list.body.indexOf('Harbour reopens'));
    expect(list.body).toContain(`<a href="/desk/posts/${first.id}/edit">Harbour reopens</a>`);
    expect(list.body).toContain('<a href="mailto:reader@example.org">reader@example.org</a>');
    expect(list.body).toContain('No address left');
    expect(list.body).toContain('<time datetime=');
    // "Make correction": the report's words are already in the note.
    expect(list.body).toMatch(/<textarea id="report-[^"]+-text" name="text"[^>]*>The harbour reopened on Tuesday\.<\/textarea>/);

    const narrowed = await page(`/desk/reports?post=${first.id}`, editor);
    expect(narrowed.body).toContain('Error reports on “Harbour reopens”');
    expect(narrowed.body).not.toContain('Ferry timetable');
    // The editor's aside counts them and links here.
    const aside = await page(`/desk/posts/${first.id}/edit`, editor);
    expect(aside.body).toContain(`href="/desk/reports?post=${first.id}"`);
    expect(aside.body).toContain('The harbour reopened on Tuesday.');

    for (const role of ['author', 'reader', 'moderator'] as Role[]) {
      const who = role === 'author' ? author : await signIn(role);
      const refused = await page('/desk/reports', who);
      expect(refused.statusCode, role).toBe(403);
      expect(refused.body).toContain('error reports are handled by editors and administrators');
    }
    expect((await t.app.inject('/desk/reports')).statusCode).toBe(303);
  });

  it('answers (mailing a reader who left an address), naming an empty answer at its field', async () => {
    const post = await makePost(t.ctx, editor.user, { title: 'Tram fares' });
    const r = await report(post.slug, 'Fares went up in May, not June.', 'asker@example.org');
    const url = `/desk/reports/${r.id}/answer`;

    expect((await send(url, { note: 'Thanks' }, editor, false)).statusCode).toBe(403);
    expect((await send(url, { note: 'Thanks' }, author)).statusCode).toBe(403);
    const empty = await send(url, { note: '   ', post: post.id }, editor);
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain(`<p id="report-${r.id}-note-error" class="field-error">write the answer</p>`);
    expect(empty.body).toContain(`id="report-${r.id}-note" name="note"`);

    const answered = await send(url, { note: 'You are right; we have corrected it.', post: post.id }, editor);
    expect(answered.statusCode).toBe(303);
    expect(answered.headers.location).toBe(`/desk/reports?done=answered&post=${post.id}`);
    const after = await page(answered.headers.location!, editor);
    expect(after.body).toContain('Answer recorded');
    expect(after.body).not.toContain('Fares went up in May');
    const mail = (await listOutbox(t.ctx.db, { limit: 50, offset: 0 })).find((m) => m.to_address === 'asker@example.org');
    expect(mail?.text_body).toContain('You are right; we have corrected it.');

    const again = await send(url, { note: 'Twice' }, editor);
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('this report was already answered');
  });

  it('dismisses a report', async () => {
    const post = await makePost(t.ctx, editor.user, { title: 'Library hours' });
    const r = await report(post.slug, 'I just dislike this article.');
    const dismissed = await send(`/desk/reports/${r.id}/dismiss`, {}, editor);
    expect(dismissed.statusCode).toBe(303);
    expect(dismissed.headers.location).toBe('/desk/reports?done=dismissed');
    const after = await page(dismissed.headers.location!, editor);
    expect(after.body).toContain('Report dismissed.');
    expect(after.body).not.toContain('I just dislike this article.');
    expect((await send('/desk/reports/no-such-report/dismiss', {}, editor)).statusCode).toBe(404);
  });

  it('makes a correction note from a report in one step, shown on the article', async () => {
    const post = await makePost(t.ctx, editor.user, { title: 'Stadium plans' });
    const r = await report(post.slug, 'It has 40,000 seats, not 4,000.');
    const url = `/desk/reports/${r.id}/correction`;

    const empty = await send(url, { kind: 'correction', text: '' }, editor);
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain(`<p id="report-${r.id}-text-error" class="field-error">must not be empty</p>`);
    const badKind = await send(url, { kind: 'erratum', text: 'An earlier version gave 4,000 seats.' }, editor);
    expect(badKind.statusCode).toBe(400);
    expect(badKind.body).toContain(`id="report-${r.id}-kind-error"`);
    // The editor's words are kept for the next try.
    expect(badKind.body).toContain('An earlier version gave 4,000 seats.</textarea>');

    const made = await send(url, { kind: 'correction', text: 'An earlier version gave the stadium 4,000 seats; it has 40,000.' }, editor);
    expect(made.statusCode).toBe(303);
    expect(made.headers.location).toBe('/desk/reports?done=corrected');
    expect((await page(made.headers.location!, editor)).body).toContain('Correction note added');
    const article = await t.app.inject(`/articles/${post.slug}`);
    expect(article.body).toContain('An earlier version gave the stadium 4,000 seats; it has 40,000.');
    const editorPage = await page(`/desk/posts/${post.id}/edit`, editor);
    expect(editorPage.body).toContain('An earlier version gave the stadium 4,000 seats; it has 40,000.');
  });
});
