// Issue 13, "your own comment, on another device": Edit and Delete come from who the reader is
// (their account, or their guest key), not from what one browser remembers posting. Signed in on
// a second browser, or after their guest comments were claimed, the reader's comments carry Edit
// and Delete and no votes or Report, in their own render and in GET /threads/ID/own; the shared
// cached page never carries anyone's controls.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/domain/users/accounts.ts';
import type { User } from '../../src/storage/schema.ts';
import { buildTestApp, TEST_NOW, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { cookieBrowser } from '../helpers/cookie-browser.ts';
import { makePost, makeUser } from '../helpers/factories.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const PASSWORD = 'a long enough password';
const unique = () => randomBytes(4).toString('hex');

describe.each(testEngines())('own comments by identity on %s', (engine) => {
  let t: TestApp;
  let slug: string;
  let threadId: string;
  let ipSeq = 0;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    slug = (await makePost(t.ctx, await makeUser(t.ctx, 'editor'), { title: 'Whose comment is it' })).slug;
    threadId = (await t.app.inject(`/api/v1/posts/${slug}`)).json().threadId;
  });
  afterAll(async () => t?.close());

  /** A browser keeping its cookies, on its own address. */
  function browser() {
    const ip = `203.0.113.${++ipSeq}`;
    const { jar, call } = cookieBrowser(t, ip);
    return {
      jar,
      call,
      signIn: (user: User) => call('POST', '/api/v1/auth/login', { email: user.email, password: PASSWORD }),
      post: (body: string, guest?: { name: string; email: string }) =>
        call('POST', `/api/v1/threads/${threadId}/comments`, { body, ...(guest ? { guest } : {}) }),
      article: (query = '') => call('GET', `/articles/${slug}${query}`),
      own: () => call('GET', `/api/v1/threads/${threadId}/own`),
    };
  }

  const reader = (email = `${unique()}@example.test`) =>
    createAccount(t.ctx, { email, displayName: `Reader ${unique()}`, role: 'reader', password: PASSWORD, emailVerified: true });

  /** The markup of one comment's <article>. */
  function commentIn(body: string, id: string): string {
    const start = body.indexOf(`<article id="comment-${id}"`);
    expect(start, `comment ${id} on the page`).toBeGreaterThanOrEqual(0);
    return body.slice(start, body.indexOf('</article>', start));
  }
  const hasOwnControls = (markup: string) => markup.includes('class="own-actions"') && markup.includes('/delete"');
  const hasVotesOrReport = (markup: string) => markup.includes('class="vote"') || markup.includes('details class="report"');

  it('gives a reader signed in on a second browser Edit and Delete on what they posted from the first, and no votes or Report', async () => {
    const user = await reader();
    const a = browser();
    await a.signIn(user);
    const mine = (await a.post('Written on my laptop')).json().id as string;
    const someoneElse = (await browser().post('Written by a stranger', { name: 'Stranger', email: `${unique()}@example.test` })).json()
      .id as string;

    const b = browser();
    expect((await b.signIn(user)).statusCode).toBe(200);
    const page = await b.article();
    expect(page.headers['cache-control']).toBe('private, no-store');
    const own = commentIn(page.body, mine);
    expect(hasOwnControls(own)).toBe(true);
    expect(own).toContain(`href="/articles/${slug}?edit=${mine}#comment-${mine}"`);
    expect(hasVotesOrReport(own)).toBe(false);
    expect(own).toContain('aria-label="Score: 0"');
    const theirs = commentIn(page.body, someoneElse);
    expect(hasOwnControls(theirs)).toBe(false);
    expect(hasVotesOrReport(theirs)).toBe(true);

    // The client asks the same question of the server.
    const answer = await b.own();
    expect(answer.headers['cache-control']).toBe('private, no-store');
    expect(answer.json().comments).toEqual([{ id: mine, editSecondsLeft: 15 * 60, body: 'Written on my laptop' }]);

    // The shared page, and the thread JSON, carry nobody's controls.
    const shared = await t.app.inject(`/articles/${slug}`);
    expect(shared.headers['cache-control']).toBe('public, no-cache');
    expect(shared.body).not.toContain('own-actions');
    expect(hasVotesOrReport(commentIn(shared.body, mine))).toBe(true);
    expect((await t.app.inject(`/api/v1/threads/${threadId}/own`)).json().comments).toEqual([]);
  });

  it('keeps Delete and drops Edit once the edit window has passed', async () => {
    const user = await reader();
    const a = browser();
    await a.signIn(user);
    const id = (await a.post('Soon too old to edit')).json().id as string;
    t.clock.set(new Date(Date.parse(TEST_NOW) + 16 * 60 * 1000).toISOString());
    try {
      const b = browser();
      await b.signIn(user);
      const own = commentIn((await b.article()).body, id);
      expect(own).not.toContain('?edit=');
      expect(hasOwnControls(own)).toBe(true);
      expect((await b.own()).json().comments).toContainEqual({ id, editSecondsLeft: 0 });
    } finally {
      t.clock.set(TEST_NOW);
    }
  });

  it('gives the account Edit and Delete on the guest comments it claimed, on any browser; the guest cookie alone owns them no more', async () => {
    const email = `${unique()}@example.test`;
    const guest = browser();
    const claimed = (await guest.post('Said before I had an account', { name: 'Early Me', email })).json().id as string;
    const guestKey = guest.jar.get('gz_guest')!;
    const user = await reader(email);
    await guest.signIn(user);

    const elsewhere = browser();
    await elsewhere.signIn(user);
    const own = commentIn((await elsewhere.article()).body, claimed);
    expect(hasOwnControls(own)).toBe(true);
    expect(hasVotesOrReport(own)).toBe(false);
    expect((await elsewhere.own()).json().comments.map((c: { id: string }) => c.id)).toContain(claimed);

    const oldCookie = { cookie: `gz_guest=${guestKey}` };
    expect((await t.app.inject({ url: `/api/v1/threads/${threadId}/own`, headers: oldCookie })).json().comments).toEqual([]);
    expect((await t.app.inject({ url: `/articles/${slug}`, headers: oldCookie })).body).not.toContain('own-actions');
  });

  it('renders a guest with comments in the thread alone, with their controls; a made-up guest cookie gets the shared page', async () => {
    const guest = browser();
    const id = (await guest.post('A guest speaks', { name: 'Guest Speaker', email: `${unique()}@example.test` })).json().id as string;
    const page = await guest.article();
    expect(page.headers['cache-control']).toBe('private, no-store');
    expect(hasOwnControls(commentIn(page.body, id))).toBe(true);
    expect((await guest.own()).json().comments.map((c: { id: string }) => c.id)).toEqual([id]);

    const madeUp = await t.app.inject({ url: `/articles/${slug}`, headers: { cookie: `gz_guest=${unique()}${unique()}` } });
    expect(madeUp.statusCode).toBe(200);
    expect(madeUp.body).not.toContain('own-actions');
    expect(madeUp.body).not.toContain('data-personal');
  });

  it('edits and deletes one’s own comment without JavaScript, back on the thread with a confirmation', async () => {
    const user = await reader();
    const a = browser();
    await a.signIn(user);
    const id = (await a.post('Frist!')).json().id as string;
    const b = browser();
    await b.signIn(user);
    const csrf = /name="csrf" value="([^"]+)"/.exec((await b.article()).body)![1]!;

    const editor = await b.article(`?edit=${id}`);
    expect(editor.body).toContain(`action="/comments/${id}/edit"`);
    expect(editor.body).toMatch(/<textarea id="edit-[^"]+" name="body"[^>]*>\nFrist!<\/textarea>/);

    const empty = await b.call('POST', `/comments/${id}/edit`, new URLSearchParams({ body: ' ', csrf, sort: 'best' }).toString(), FORM);
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('role="alert">Your comment must not be empty</p>');

    const saved = await b.call(
      'POST',
      `/comments/${id}/edit`,
      new URLSearchParams({ body: 'First!', csrf, sort: 'best' }).toString(),
      FORM,
    );
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/articles/${slug}?sort=best&edited=${id}#comment-${id}`);
    const landing = await b.call('GET', String(saved.headers.location).split('#')[0]!);
    expect(landing.body).toContain('<p class="thread-notice" role="status">Your changes are saved.</p>');
    expect(commentIn(landing.body, id)).toContain('<p>First!</p>');

    const deleted = await b.call('POST', `/comments/${id}/delete`, new URLSearchParams({ csrf, sort: 'newest' }).toString(), FORM);
    expect(deleted.statusCode).toBe(303);
    expect(deleted.headers.location).toBe(`/articles/${slug}?sort=newest&deleted=1#comments`);
    const after = await b.call('GET', String(deleted.headers.location).split('#')[0]!);
    expect(after.body).toContain('<p class="thread-notice" role="status">Your comment is deleted.</p>');
    expect(after.body).not.toContain(`id="comment-${id}"`);

    // Nobody else may: a stranger's browser with its own token is refused.
    const victim = (await a.post('Still mine')).json().id as string;
    const stranger = browser();
    await stranger.post('I need a cookie', { name: 'Stranger', email: `${unique()}@example.test` });
    const strangerCsrf = /name="csrf" value="([^"]+)"/.exec((await stranger.article()).body)![1]!;
    const refused = await stranger.call('POST', `/comments/${victim}/delete`, new URLSearchParams({ csrf: strangerCsrf }).toString(), FORM);
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('only its author or a moderator may change this comment');
    expect(commentIn((await b.article()).body, victim)).toContain('<p>Still mine</p>');
  });
});
