// Search finds comments too (issue 13): a "Comments" tab beside "Articles", each with its count;
// only published comments under visible articles; each hit marked, with its author, its article
// and a link that lands on the comment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makePost, makeStaffWithToken } from '../helpers/factories.ts';
import { testEngines } from '../helpers/engines.ts';
import { accountReader, guestReader, seedComment } from '../helpers/readers.ts';
import { deleteComment, editComment } from '../../src/domain/comments/write.ts';
import { findThreadByPostId } from '../../src/storage/repos/threads.ts';
import type { Comment } from '../../src/storage/schema.ts';

interface Hit {
  id: string;
  url: string;
  excerptHtml: string;
  author: { name: string; profileUrl: string | null };
  article: { title: string; slug: string; url: string };
}

describe.each(testEngines())('searching comments on %s', (engine) => {
  let t: TestApp;
  let published: Comment;
  let byAccount: Comment;
  let removable: Comment;
  let threadId: string;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    const { user } = await makeStaffWithToken(t.ctx, 'editor');
    const article = await makePost(t.ctx, user, { title: 'Xperia <Z5> battery test', slug: 'z5-battery', bodyMarkdown: 'Two days.' });
    const draft = await makePost(t.ctx, user, { title: 'Draft', slug: 'secret-draft', bodyMarkdown: 'Soon.', status: 'draft' });
    threadId = (await findThreadByPostId(t.ctx.db, article.id))!.id;
    const draftThread = (await findThreadByPostId(t.ctx.db, draft.id))!.id;
    const guest = guestReader('Gary <Ohanian>');
    const member = await accountReader(t.ctx, 'Quinn Reader');
    published = await seedComment(t.ctx, {
      threadId,
      by: guest,
      body: 'My kumquat tree survived the winter, and the battery of the Z5 lasted the whole trip.',
    });
    byAccount = await seedComment(t.ctx, { threadId, by: member, body: 'Kumquats & <b>persimmons</b> are both fine.' });
    removable = await seedComment(t.ctx, { threadId, by: guestReader(), body: 'A kumquat comment that will be deleted.' });
    for (const status of ['pending', 'spam', 'rejected', 'shadow'] as const) {
      await seedComment(t.ctx, { threadId, by: guestReader(), body: `A ${status} kumquat comment.`, status });
    }
    await seedComment(t.ctx, { threadId: draftThread, by: guestReader(), body: 'A kumquat comment under a draft.' });
  });
  afterAll(async () => t?.close());

  const api = async (q: string, page = 1) =>
    (await t.app.inject({ url: '/api/v1/search/comments', query: { q, page: String(page) } })).json();

  it('finds a published comment by a word, stemmed, with the match marked, its author and its article', async () => {
    const found = await api('kumquat');
    const ids = found.results.map((r: Hit) => r.id);
    expect(ids).toContain(published.id);
    expect(ids).toContain(byAccount.id);
    const hit = found.results.find((r: Hit) => r.id === published.id) as Hit;
    expect(hit.excerptHtml).toContain('<mark>kumquat</mark>');
    expect(hit.author).toMatchObject({ name: 'Gary <Ohanian>', profileUrl: null });
    expect(hit.article).toEqual({ title: 'Xperia <Z5> battery test', slug: 'z5-battery', url: '/articles/z5-battery' });
    expect(hit.url).toBe(`/comments/${published.id}`);
    // The link lands on the comment, in its article.
    const landing = await t.app.inject(hit.url);
    expect(landing.statusCode).toBe(302);
    expect(String(landing.headers.location)).toMatch(new RegExp(`^/articles/z5-battery\\?.*#comment-${published.id}$`));
    expect((await t.app.inject(String(landing.headers.location).split('#')[0]!)).body).toContain(`id="comment-${published.id}"`);
    // The account's comment links to its profile; markup in a comment stays text.
    const other = found.results.find((r: Hit) => r.id === byAccount.id) as Hit;
    expect(other.author.profileUrl).toMatch(/^\/people\//);
    expect(other.excerptHtml).not.toContain('<b>');
  });

  it('never finds a held, spam, rejected, shadow or deleted comment, nor one under a draft', async () => {
    await deleteComment(t.ctx, (await accountReader(t.ctx, 'Mod', 'moderator')).commenter, removable.id);
    const found = await api('kumquat');
    expect(found.total).toBe(2);
    expect(found.results.map((r: Hit) => r.id).sort()).toEqual([published.id, byAccount.id].sort());
    const page = (await t.app.inject('/search?q=kumquat&in=comments')).body;
    for (const hidden of ['pending', 'spam', 'rejected', 'shadow', 'deleted', 'draft']) expect(page).not.toContain(`${hidden} kumquat`);
  });

  it('finds an edited comment by its new words only', async () => {
    const author = await accountReader(t.ctx, 'Mod Two', 'moderator');
    await editComment(t.ctx, author.commenter, byAccount.id, 'Loquats and persimmons are both fine.');
    expect((await api('loquat')).results.map((r: Hit) => r.id)).toEqual([byAccount.id]);
    expect((await api('kumquat')).results.map((r: Hit) => r.id)).toEqual([published.id]);
  });

  it('shows both tabs with their counts, the comments tab marked, hits escaped and linked', async () => {
    const page = await t.app.inject('/search?q=battery&in=comments');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<a href="/search?q=battery">Articles (1)</a>');
    expect(page.body).toContain('<a href="/search?q=battery&amp;in=comments" aria-current="page">Comments (1)</a>');
    expect(page.body).toContain('1 comment matches “battery”.');
    expect(page.body).toContain(`<a href="/comments/${published.id}">`);
    expect(page.body).toContain('<mark>battery</mark>');
    expect(page.body).toContain('Gary &lt;Ohanian&gt; on <a href="/articles/z5-battery">Xperia &lt;Z5&gt; battery test</a>');
    expect(page.body).toContain('<input type="hidden" name="in" value="comments">');
    const articles = await t.app.inject('/search?q=battery');
    expect(articles.body).toContain('<a href="/search?q=battery" aria-current="page">Articles (1)</a>');
    expect(articles.body).toContain('<a href="/search?q=battery&amp;in=comments">Comments (1)</a>');
    expect(articles.body).toContain('1 article matches “battery”.');
    expect((await t.app.inject('/search?q=kumquat&in=sideways')).statusCode).toBe(400);
  });

  it('pages comment hits like articles; a page past the end is a 404', async () => {
    for (let i = 0; i < 11; i++) await seedComment(t.ctx, { threadId, by: guestReader(), body: `Quince number ${i} is ripe.` });
    const first = await api('quince');
    expect(first).toMatchObject({ total: 11, page: 1, pageCount: 2 });
    expect(first.results).toHaveLength(10);
    const second = await api('quince', 2);
    expect(second.results).toHaveLength(1);
    expect(new Set([...first.results, ...second.results].map((r: Hit) => r.id)).size).toBe(11);
    expect((await t.app.inject({ url: '/api/v1/search/comments', query: { q: 'quince', page: '3' } })).statusCode).toBe(404);
    const html = await t.app.inject('/search?q=quince&in=comments');
    expect(html.body).toContain('href="/search?q=quince&amp;in=comments&amp;page=2"');
    expect((await t.app.inject('/search?q=quince&in=comments&page=3')).statusCode).toBe(404);
    expect((await t.app.inject('/api/v1/search/comments')).json().error.field).toBe('querystring.q');
  });
});
