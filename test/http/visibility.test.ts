// Who sees which comments: an author sees their own held, rejected and shadow comments in
// their personal render and from /mine; the shared page, the cached JSON and every other reader
// see none of them, and the counts leave them out (a shadow author's own count includes theirs).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makePost, makeStaffWithToken } from '../helpers/factories.ts';
import { testEngines } from '../helpers/engines.ts';
import { accountReader, guestReader, seedComment, type Reader } from '../helpers/readers.ts';
import type { Comment } from '../../src/storage/schema.ts';

type Json = Record<string, unknown>;

describe.each(testEngines())('own hidden comments on %s', (engine) => {
  let t: TestApp;
  let slug: string;
  let threadId: string;
  let author: Reader;
  let stranger: Reader;
  let published: Comment;
  let ownPublished: Comment;
  let pending: Comment;
  let shadow: Comment;
  let rejected: Comment;
  let shadowReply: Comment;
  let spam: Comment;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    const { user } = await makeStaffWithToken(t.ctx, 'editor');
    const post = await makePost(t.ctx, user, { title: 'Visible to whom' });
    slug = post.slug;
    threadId = (await t.app.inject(`/api/v1/posts/${slug}`)).json().threadId;
    author = guestReader('Hidden Author');
    stranger = guestReader('Someone Else');
    const other = guestReader('Public Voice');
    published = await seedComment(t.ctx, { threadId, by: other, body: 'public-text' });
    // The author's own published comment: what their hidden ones must look like (Edit and Delete,
    // no votes on one's own comment), so a shadow-banned author cannot tell.
    t.clock.advance(1000);
    ownPublished = await seedComment(t.ctx, { threadId, by: author, body: 'own-text' });
    t.clock.advance(1000);
    pending = await seedComment(t.ctx, { threadId, by: author, status: 'pending', body: 'pending-text' });
    t.clock.advance(1000);
    shadow = await seedComment(t.ctx, { threadId, by: author, status: 'shadow', body: 'shadow-text' });
    t.clock.advance(1000);
    rejected = await seedComment(t.ctx, {
      threadId,
      by: author,
      status: 'rejected',
      body: 'rejected-text',
      rejectionReason: 'Personal <b>attack</b>',
    });
    t.clock.advance(1000);
    shadowReply = await seedComment(t.ctx, { threadId, by: author, status: 'shadow', parentId: published.id, body: 'shadow-reply-text' });
    spam = await seedComment(t.ctx, { threadId, by: author, status: 'spam', body: 'spam-text' });
    // Someone else's hidden comments are never anyone's business but theirs.
    await seedComment(t.ctx, { threadId, by: stranger, status: 'pending', body: 'stranger-held-words' });
  });
  afterAll(async () => t?.close());

  const HIDDEN_TEXTS = ['pending-text', 'shadow-text', 'rejected-text', 'shadow-reply-text', 'spam-text', 'Personal'];
  const page = (who: Reader | null, query = '?sort=oldest') =>
    t.app.inject({ url: `/articles/${slug}${query}`, headers: who ? { cookie: who.cookie } : {} });
  const mine = (who: Reader | null, headers: Record<string, string> = {}) =>
    t.app.inject({ url: `/api/v1/threads/${threadId}/mine`, headers: { ...(who ? { cookie: who.cookie } : {}), ...headers } });
  const articleMarkup = (body: string, id: string) => {
    const start = body.indexOf(`<article id="comment-${id}"`);
    return start < 0 ? null : body.slice(start, body.indexOf('</article>', start));
  };
  const heading = (body: string) => /<h2 id="comments-heading">([^<]+)<\/h2>/.exec(body)?.[1];

  it('shows the author their own held, shadow and rejected comments in place, in their own render', async () => {
    const response = await page(author);
    expect(response.headers['cache-control']).toBe('private, no-store');
    const body = response.body;
    expect(articleMarkup(body, pending.id)).toContain('Awaiting review — only you can see this');
    expect(articleMarkup(body, rejected.id)).toContain('Not published: Personal &lt;b&gt;attack&lt;/b&gt;');
    // Nothing can be done to a held comment yet: no votes, replies or reports on it.
    expect(articleMarkup(body, pending.id)).not.toContain('class="vote"');
    expect(articleMarkup(body, pending.id)).not.toContain('reply-link');
    expect(articleMarkup(body, pending.id)).not.toContain('details class="report"');
    // In the order of the thread, the reply under its parent.
    expect(body.indexOf(`comment-${published.id}"`)).toBeLessThan(body.indexOf(`comment-${pending.id}"`));
    expect(body.indexOf(`comment-${pending.id}"`)).toBeLessThan(body.indexOf(`comment-${rejected.id}"`));
    expect(body).toContain(`data-parent-id="${published.id}"`);
    expect(body).not.toContain('stranger-held-words');
  });

  it('shows a shadow or spam comment to its author exactly as a published one', async () => {
    const body = (await page(author)).body;
    const normal = articleMarkup(body, ownPublished.id)!;
    const shadowMarkup = articleMarkup(body, shadow.id)!;
    expect(shadowMarkup).toContain('shadow-text');
    const shape = (markup: string, id: string) =>
      markup
        .replaceAll(id, 'ID')
        .replace(/Hidden Author|Public Voice/g, 'NAME')
        .replace(/(spam|shadow|own)-text/, 'TEXT')
        .replace(/<span class="avatar[^>]*>[^<]*<\/span>/, 'AVATAR')
        .replace(/<time[^>]*>[^<]*<\/time>/, 'TIME')
        .replace(/<p>[^<]*<\/p>/, 'BODY');
    expect(shape(shadowMarkup, shadow.id)).toBe(shape(normal, ownPublished.id));
    expect(shadowMarkup).toContain('Edit');
    expect(articleMarkup(body, shadowReply.id)).toContain('shadow-reply-text');
    // Spam looks published to its author too (a spammer learns nothing).
    expect(shape(articleMarkup(body, spam.id)!, spam.id)).toBe(shape(normal, ownPublished.id));
    // Counted for them as if published: 2 public + 2 shadow + 1 spam.
    expect(heading(body)).toBe('5 comments');
  });

  it('gives the author their hidden comments from /mine, never cached', async () => {
    const response = await mine(author);
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('private, no-store');
    const comments = response.json().comments as Json[];
    const byId = new Map(comments.map((c) => [c.id, c]));
    expect([...byId.keys()].sort()).toEqual([pending.id, shadow.id, rejected.id, shadowReply.id, spam.id].sort());
    expect(byId.get(pending.id)).toMatchObject({ status: 'pending', bodyHtml: '<p>pending-text</p>\n', author: { name: 'Hidden Author' } });
    expect(byId.get(spam.id)).toMatchObject({ status: 'published' });
    expect(byId.get(shadow.id)).toMatchObject({ status: 'published', bodyHtml: '<p>shadow-text</p>\n' });
    expect(byId.get(shadow.id)).not.toHaveProperty('rejectionReason');
    expect(byId.get(rejected.id)).toMatchObject({ status: 'rejected', rejectionReason: 'Personal <b>attack</b>' });
    expect(byId.get(shadowReply.id)).toMatchObject({ parentId: published.id, depth: 1 });
  });

  it('shows none of them to anyone else, nor in anything shared', async () => {
    const publicJson = await t.app.inject(`/api/v1/threads/${threadId}/comments?sort=oldest`);
    expect(publicJson.json().commentCount).toBe(2);
    expect(publicJson.json().comments.map((c: Json) => c.id)).toEqual([published.id, ownPublished.id]);
    // Asked for with the author's cookie, the cached JSON is still the same for everyone.
    expect((await t.app.inject({ url: `/api/v1/threads/${threadId}/comments?sort=oldest`, headers: { cookie: author.cookie } })).body).toBe(
      publicJson.body,
    );

    const shared = (await page(null)).body;
    const strangers = (await page(stranger)).body;
    for (const body of [publicJson.body, shared, strangers]) {
      // (Their name is there: their published comment is everyone's.)
      for (const text of HIDDEN_TEXTS) expect(body).not.toContain(text);
    }
    expect(heading(shared)).toBe('2 comments');
    expect(heading(strangers)).toBe('2 comments');
    expect(strangers).toContain('stranger-held-words');
    expect((await mine(stranger)).json().comments.map((c: Json) => c.id)).toHaveLength(1);
    expect((await mine(null)).json()).toEqual({ threadId, comments: [] });
    expect((await t.app.inject(`/api/v1/posts/${slug}`)).json().commentCount).toBe(2);
    // Their permalinks lead nowhere for others.
    expect((await t.app.inject(`/comments/${shadow.id}`)).statusCode).toBe(404);
  });

  it('works for accounts too: by session in the page, by token from /mine', async () => {
    const account = await accountReader(t.ctx, 'Shadow Account');
    const own = await seedComment(t.ctx, { threadId, by: account, status: 'shadow', body: 'account-shadow-text' });
    expect((await page(account)).body).toContain('account-shadow-text');
    expect((await mine(account)).json().comments.map((c: Json) => c.id)).toEqual([own.id]);
    const { auth } = await makeStaffWithToken(t.ctx, 'reader');
    expect((await mine(null, auth)).json().comments).toEqual([]);
    expect((await page(author)).body).not.toContain('account-shadow-text');
    expect((await page(null)).body).not.toContain('account-shadow-text');
  });

  it('answers 404 for an unknown thread', async () => {
    expect((await t.app.inject({ url: '/api/v1/threads/nosuchthread/mine', headers: { cookie: author.cookie } })).statusCode).toBe(404);
    expect((await t.app.inject('/api/v1/threads/nosuchthread/mine')).statusCode).toBe(404);
  });
});
