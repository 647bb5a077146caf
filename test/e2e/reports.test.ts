// Reports and one's own hidden comments in a real browser: reporting in place with JavaScript,
// and a shadow-banned author who keeps seeing their comment (also after a sort switch, merged
// from /mine) while another browser never does.
import { describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { testEngines } from '../helpers/engines.ts';
import { makePost, makeUser } from '../helpers/factories.ts';
import { guestReader, seedComment } from '../helpers/readers.ts';
import { findComment, updateComment } from '../../src/storage/repos/comments.ts';
import { adjustCommentCount } from '../../src/storage/repos/threads.ts';
import { chromiumPath, demoSiteAndBrowser } from './harness.ts';

vi.setConfig({ testTimeout: 120_000 });

describe.skipIf(!chromiumPath).each(testEngines())('reports and own comments in Chromium on %s', (engine) => {
  const env = demoSiteAndBrowser(engine);

  async function freshArticle(): Promise<{ path: string; threadId: string }> {
    const editor = await makeUser(env.site.t.ctx, 'editor');
    const post = await makePost(env.site.t.ctx, editor);
    const threadId = (await env.site.t.app.inject(`/api/v1/posts/${post.slug}`)).json().threadId as string;
    return { path: `/articles/${post.slug}`, threadId };
  }

  async function open(page: Page, path: string): Promise<void> {
    const response = await page.goto(env.site.url + path);
    expect(response?.status()).toBe(200);
    await page.locator('#comments[data-enhanced]').waitFor({ state: 'attached' });
  }

  it('reports a comment in place and thanks the reader', async () => {
    const { path, threadId } = await freshArticle();
    const target = await seedComment(env.site.t.ctx, { threadId, by: guestReader('Loud Poster'), body: 'Buy cheap watches' });
    const context = await env.browser.newContext();
    const page = await context.newPage();
    const errors: Error[] = [];
    page.on('pageerror', (error) => errors.push(error));
    await open(page, path);
    await page.evaluate(() => Object.assign(window, { stillHere: true }));

    const article = page.locator(`#comment-${target.id}`);
    await article.locator('details.report > summary').click();
    await article.getByLabel('Spam').check();
    await article.getByLabel('Anything to add? (optional)').fill('the same link everywhere');
    await article.getByRole('button', { name: 'Send report' }).click();
    await expect.poll(() => article.locator('.report-thanks').textContent()).toBe('Thanks, a moderator will look at it.');
    // No page load: the client sent it.
    await expect(page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).resolves.toBe(true);
    const stored = await env.site.t.storage.db.selectFrom('comment_reports').selectAll().where('comment_id', '=', target.id).execute();
    expect(stored).toMatchObject([{ reason: 'spam', note: 'the same link everywhere' }]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows a shadow-banned author their comment, and another browser nothing', async () => {
    const { path, threadId } = await freshArticle();
    await seedComment(env.site.t.ctx, { threadId, by: guestReader('Someone'), body: 'A public comment' });
    const authorContext = await env.browser.newContext();
    const author = await authorContext.newPage();
    await open(author, path);
    await author.fill('#comment-body', 'My quiet opinion');
    await author.fill('#comment-name', 'Quiet Author');
    await author.fill('#comment-email', 'quiet@example.test');
    await author.click('#comment-form button[type="submit"]');
    const own = author.locator('article.comment', { hasText: 'My quiet opinion' });
    await own.waitFor();
    const id = (await own.getAttribute('data-comment-id'))!;

    // A moderator shadow-bans the author: the comment leaves the public thread.
    const row = (await findComment(env.site.t.ctx.db, id))!;
    if (row.status === 'published') {
      await updateComment(env.site.t.ctx.db, id, { status: 'shadow' });
      await adjustCommentCount(env.site.t.ctx.db, threadId, -1);
    }

    await open(author, path);
    await expect(author.locator(`#comment-${id} .comment-body`).textContent()).resolves.toContain('My quiet opinion');
    await expect(author.locator(`#comment-${id} .comment-status-note`).count()).resolves.toBe(0);
    await expect(author.locator('#comments-heading').textContent()).resolves.toBe('2 comments');
    // After a sort switch the list comes from the shared JSON; the comment is merged back in.
    await author.locator('.comment-sort a', { hasText: 'Newest' }).click();
    await expect.poll(() => author.locator('#comments').getAttribute('data-sort')).toBe('newest');
    await expect(author.locator(`#comment-${id}`).count()).resolves.toBe(1);
    await expect(author.locator('#comments-heading').textContent()).resolves.toBe('2 comments');

    const otherContext = await env.browser.newContext();
    const other = await otherContext.newPage();
    await open(other, path);
    await expect(other.locator('.comment-list').textContent()).resolves.toContain('A public comment');
    await expect(other.locator(`#comment-${id}`).count()).resolves.toBe(0);
    await expect(other.locator('#comments-heading').textContent()).resolves.toBe('1 comment');
    await Promise.all([authorContext.close(), otherContext.close()]);
  });
});
