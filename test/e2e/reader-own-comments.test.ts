// Issue 13 in Chromium: a reader's own comment is theirs on every device (Edit and Delete, no
// votes or Report, after signing in on a second browser); without JavaScript a reply comes back
// to the whole thread at the reply, confirmed, with Edit and Delete on it; signing in from the
// masthead comes back to the article, and a `next` pointing elsewhere lands on the front page.
// axe finds no serious or critical violations on those pages.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createAccount } from '../../src/domain/users/accounts.ts';
import type { User } from '../../src/storage/schema.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { makePost, makeUser } from '../helpers/factories.ts';
import { chromiumPath, launchBrowser, expectNoSeriousAxe } from './harness.ts';

vi.setConfig({ testTimeout: 120_000 });

const PASSWORD = 'tangerine bicycle harbour';

describe.skipIf(!chromiumPath).each(testEngines())('own comments and coming back, in Chromium on %s', (engine) => {
  let t: TestApp;
  let url: string;
  let browser: Browser;
  let reader: User;
  let articlePath: string;
  let threadId: string;
  let strangerComment: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    t = await buildTestApp(engine);
    t.clock.set(new Date().toISOString());
    reader = await createAccount(t.ctx, {
      email: 'riley@example.test',
      displayName: 'Riley Reader',
      role: 'reader',
      password: PASSWORD,
      emailVerified: true,
    });
    articlePath = `/articles/${(await makePost(t.ctx, await makeUser(t.ctx, 'editor'), { title: 'Two devices' })).slug}`;
    [url, browser] = await Promise.all([t.app.listen({ port: 0, host: '127.0.0.1' }), launchBrowser()]);
    threadId = (await t.app.inject(`/api/v1/posts/${articlePath.split('/').pop()}`)).json().threadId;
    strangerComment = (
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/threads/${threadId}/comments`,
        payload: { body: 'A stranger was here first.', guest: { name: 'Sam Stranger', email: 'sam@example.test' } },
      })
    ).json().id;
  }, 120_000);
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await t?.close();
  });

  async function newPage(javaScriptEnabled = true): Promise<Page> {
    const context = await browser.newContext({ javaScriptEnabled });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });
    page.on('dialog', (dialog) => void dialog.accept());
    return page;
  }

  /** Signs in from the masthead of the article, which comes back to it. */
  async function signInFromArticle(page: Page): Promise<void> {
    await page.goto(url + articlePath);
    await page.locator('.account-nav').getByRole('link', { name: 'Sign in' }).click();
    await page.fill('#signin-email', reader.email);
    await page.fill('#signin-password', PASSWORD);
    await page.click('#signin button[type="submit"]');
    await page.waitForURL(`${url}${articlePath}`);
    await expect(page.locator('.account-nav').textContent()).resolves.toContain('Riley Reader');
  }

  const axe = expectNoSeriousAxe;

  /**
   * axe runs as a script, which a context without JavaScript cannot: the same page, with the same
   * cookies, in a context that runs scripts but never gets the comments client (the server's markup).
   */
  async function axeWithoutClient(noJs: Page, replyId: string) {
    const context = await browser.newContext();
    contexts.push(context);
    await context.addCookies(await noJs.context().cookies());
    await context.route('**/assets/comments.js*', (route) => route.abort());
    const page = await context.newPage();
    await page.goto(noJs.url());
    await page.locator(`#comment-${replyId} summary`, { hasText: 'Delete' }).click();
    await axe(page, 'no-JS thread after a reply, its delete disclosure open');
  }

  let mine: string;

  it('posts in browser A, then in browser B offers Edit and Delete on that comment, without votes or Report', async () => {
    const a = await newPage();
    await signInFromArticle(a);
    await a.locator('#comments[data-enhanced]').waitFor({ state: 'attached' });
    await a.fill('#comment-body', 'Written on my *laptop*.');
    await a.click('#comment-form button[type="submit"]');
    const posted = a.locator('article.comment', { hasText: 'Written on my laptop.' });
    await posted.waitFor();
    mine = (await posted.getAttribute('data-comment-id'))!;

    const b = await newPage();
    await signInFromArticle(b);
    await b.locator('#comments[data-enhanced]').waitFor({ state: 'attached' });
    const own = b.locator(`#comment-${mine}`);
    await own.locator('button[data-action="edit"]').waitFor();
    await expect(own.locator('button[data-action="delete"]').count()).resolves.toBe(1);
    await expect(own.locator('.vote-button').count()).resolves.toBe(0);
    await expect(own.locator('details.report').count()).resolves.toBe(0);
    // No no-JS leftovers beside the buttons.
    await expect(own.locator('.own-actions[data-nojs]').count()).resolves.toBe(0);
    const theirs = b.locator(`#comment-${strangerComment}`);
    await expect(theirs.locator('.vote-button').count()).resolves.toBe(2);
    await expect(theirs.locator('details.report').count()).resolves.toBe(1);
    await expect(theirs.locator('button[data-action="edit"]').count()).resolves.toBe(0);
    await axe(b, 'enhanced thread, signed in on a second browser');

    // The editor opens with the text as written, not the rendered one, and saves.
    await own.locator('button[data-action="edit"]').click();
    await expect(b.locator(`#edit-${mine}`).inputValue()).resolves.toBe('Written on my *laptop*.');
    await b.fill(`#edit-${mine}`, 'Written on my *laptop*, edited on my phone.');
    await b.locator(`#comment-${mine} form.comment-edit button[type="submit"]`).click();
    await expect.poll(() => b.locator(`#comment-${mine} .comment-body`).textContent()).toContain('edited on my phone');
  });

  it('replies without JavaScript and comes back to the whole thread at the reply, confirmed, with Edit and Delete on it', async () => {
    const page = await newPage(false);
    await signInFromArticle(page);
    await page.locator(`#comment-${strangerComment} .reply-link`).click();
    await expect(page.locator('#comment-form-heading').textContent()).resolves.toBe('Reply to Sam Stranger');
    await page.fill('#comment-body', 'An answer typed without scripts.');
    await page.click('#comment-form button[type="submit"]');
    await page.waitForURL(/posted=/);
    const reply = page.locator('article.comment', { hasText: 'An answer typed without scripts.' });
    const replyId = (await reply.getAttribute('data-comment-id'))!;
    expect(new URL(page.url()).hash).toBe(`#comment-${replyId}`);
    expect(new URL(page.url()).pathname).toBe(articlePath);
    await expect(page.locator('.thread-notice[role="status"]').textContent()).resolves.toBe('Your comment is published.');
    // In place under the comment it answers, in the whole thread (the other comments are there too).
    await expect(page.locator(`li:has(> #comment-${strangerComment}) > ol.replies #comment-${replyId}`).count()).resolves.toBe(1);
    await expect(page.locator(`#comment-${mine}`).count()).resolves.toBe(1);
    await expect(reply.getByRole('link', { name: 'Edit your comment' }).count()).resolves.toBe(1);
    await expect(reply.locator('summary', { hasText: 'Delete' }).count()).resolves.toBe(1);
    await expect(reply.locator('.vote-button').count()).resolves.toBe(0);
    await axeWithoutClient(page, replyId);

    // Edit without JavaScript: the editor in place, then back with the change confirmed.
    await reply.getByRole('link', { name: 'Edit your comment' }).click();
    await page.fill(`#edit-${replyId}`, 'An answer typed without scripts, then corrected.');
    await page.locator(`#comment-${replyId} form.comment-edit button[type="submit"]`).click();
    await page.waitForURL(/edited=/);
    await expect(page.locator('.thread-notice[role="status"]').textContent()).resolves.toBe('Your changes are saved.');
    await expect(page.locator(`#comment-${replyId} .comment-body`).textContent()).resolves.toContain('then corrected');
  });

  it('refuses a sign-in return that leaves the site: the reader lands on the front page', async () => {
    const page = await newPage(false);
    for (const next of ['//evil.example/steal', '/\\evil.example', 'https://evil.example/']) {
      await page.context().clearCookies();
      await page.goto(`${url}/signin?next=${encodeURIComponent(next)}`);
      await page.fill('#signin-email', reader.email);
      await page.fill('#signin-password', PASSWORD);
      await page.click('#signin button[type="submit"]');
      await page.waitForLoadState();
      expect(page.url(), next).toBe(`${url}/`);
    }
  });
});
