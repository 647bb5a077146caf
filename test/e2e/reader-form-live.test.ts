// Issue 13's reader items in Chromium: "Add a comment" at the top of a long discussion (where the
// article's comment count lands), guests' details remembered (and forgotten), Ctrl+Enter, the
// server-rendered preview and the formatting help; live edits in a second browser and the live
// pill beside "No comments yet"; the masthead badge kept fresh and a notification read once
// opened; folding a reply branch by keyboard and shallower indents on a phone; axe on all of it.
import { describe, expect, it, vi } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { testEngines } from '../helpers/engines.ts';
import { makePost, makeUser } from '../helpers/factories.ts';
import { createSession } from '../../src/domain/users/sessions.ts';
import { chromiumPath, demoSiteAndBrowser } from './harness.ts';

vi.setConfig({ testTimeout: 180_000 });

const SEED = '/articles/sony-mobile-to-defocus-on-india-and-usa';

interface Reader {
  context: BrowserContext;
  page: Page;
  errors: Error[];
}

describe.skipIf(!chromiumPath).each(testEngines())('reader form and live extras in Chromium on %s', (engine) => {
  const env = demoSiteAndBrowser(engine);

  async function reader(
    options: { colorScheme?: 'light' | 'dark'; viewport?: { width: number; height: number }; cookie?: string } = {},
  ): Promise<Reader> {
    const context = await env.browser.newContext({ colorScheme: options.colorScheme ?? 'light', viewport: options.viewport });
    if (options.cookie) await context.addCookies([{ name: 'gz_session', value: options.cookie, url: env.site.url }]);
    const page = await context.newPage();
    const errors: Error[] = [];
    page.on('pageerror', (error) => errors.push(error));
    page.on('dialog', (dialog) => void dialog.accept());
    return { context, page, errors };
  }

  async function open(page: Page, path: string, options: { live?: boolean } = {}): Promise<void> {
    const response = await page.goto(env.site.url + path);
    expect(response?.status()).toBe(200);
    await page.locator(options.live ? '#comments[data-live="open"]' : '#comments[data-enhanced]').waitFor({ state: 'attached' });
  }

  async function freshArticle(): Promise<string> {
    const editor = await makeUser(env.site.t.ctx, 'editor');
    const post = await makePost(env.site.t.ctx, editor);
    return `/articles/${post.slug}`;
  }

  const threadIdOf = async (page: Page) => (await page.locator('#comments').getAttribute('data-thread-id'))!;
  const focused = (page: Page) =>
    page.evaluate(() => {
      const el = document.activeElement;
      return el
        ? `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className ? `.${String(el.className).split(' ')[0]}` : ''}`
        : null;
    });

  async function inject(method: string, url: string, payload: unknown, cookie?: string) {
    return env.site.t.app.inject({
      method: method as 'POST',
      url,
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      payload: JSON.stringify(payload),
    });
  }

  async function axe(page: Page, label: string) {
    const results = await new AxeBuilder({ page }).include('#comments').analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect([
      label,
      serious.map(
        (v) =>
          `${v.id} — ${v.nodes
            .map((n) => n.target.join(' '))
            .slice(0, 3)
            .join(', ')}`,
      ),
    ]).toEqual([label, []]);
  }

  it('lands the article’s comment count on "Add a comment", one Tab away, which brings the form home', async () => {
    const { page, context, errors } = await reader();
    await open(page, SEED);
    await page.locator('.article-header .comment-count').click();
    await page.waitForURL((url) => url.hash === '#comments');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('a.add-comment');
    await page.keyboard.press('Enter');
    expect(await focused(page)).toBe('textarea#comment-body');

    // With the form answering someone, "Add a comment" puts it back as the thread's own form.
    await page.locator('.comment-list .reply-link').first().click();
    await expect(page.locator('#comment-form.is-inline').count()).resolves.toBe(1);
    await page.locator('a.add-comment').click();
    await expect(page.locator('#comment-form.is-inline').count()).resolves.toBe(0);
    await expect(page.locator('#comment-form-heading').textContent()).resolves.toBe('Join the discussion');
    expect(await focused(page)).toBe('textarea#comment-body');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('remembers a guest’s name and email after a post, forgets them on request; previews; Ctrl+Enter posts', async () => {
    const path = await freshArticle();
    const { page, context, errors } = await reader();
    await open(page, path);
    await expect(page.locator('.guest-memory').count()).resolves.toBe(0);

    // Formatting help: one line until opened.
    await expect(page.locator('.formatting-help dl').isVisible()).resolves.toBe(false);
    await page.locator('.formatting-help summary').click();
    await expect(page.locator('.formatting-help dl').isVisible()).resolves.toBe(true);

    // Preview with nothing typed says so at the field; with text, the server's render.
    await page.locator('.preview-button').click();
    await expect(page.locator('#comment-body-error').textContent()).resolves.toBe('Nothing to preview yet: type your comment first.');
    await page.fill('#comment-body', 'Remembered **me** and <b>not html</b>');
    await page.locator('.preview-button').click();
    await page.locator('#comment-preview').waitFor();
    await expect(page.locator('#comment-preview .comment-body').innerHTML()).resolves.toBe(
      '<p>Remembered <strong>me</strong> and &lt;b&gt;not html&lt;/b&gt;</p>\n',
    );
    await expect(page.locator('#comment-body-error').count()).resolves.toBe(0);
    // Typing on makes the preview stale: it goes.
    await page.locator('#comment-body').press('End');
    await page.keyboard.type('.');
    await expect(page.locator('#comment-preview').count()).resolves.toBe(0);

    await page.fill('#comment-name', 'Gwen Guest');
    await page.fill('#comment-email', 'gwen@example.test');
    await page.locator('#comment-body').focus();
    await page.keyboard.press('Control+Enter');
    await page.locator('.comment-list article .comment-author').filter({ hasText: 'Gwen Guest' }).waitFor();
    await expect(page.locator('.guest-memory').textContent()).resolves.toContain('remembered in this browser');

    // Another article, another day: filled in already.
    const other = await freshArticle();
    await open(page, other);
    await expect(page.inputValue('#comment-name')).resolves.toBe('Gwen Guest');
    await expect(page.inputValue('#comment-email')).resolves.toBe('gwen@example.test');
    await axe(page, 'remembered guest');
    await page.locator('.forget-guest').click();
    await expect(page.inputValue('#comment-name')).resolves.toBe('');
    expect(await focused(page)).toBe('input#comment-name');
    await expect(page.locator('.guest-memory').count()).resolves.toBe(0);
    await open(page, other);
    await expect(page.inputValue('#comment-name')).resolves.toBe('');
    await expect(page.evaluate(() => localStorage.getItem('gazette.guest'))).resolves.toBeNull();

    // A refused post remembers nothing.
    await page.fill('#comment-body', 'Refused.');
    await page.fill('#comment-name', '   ');
    await page.fill('#comment-email', 'gwen@example.test');
    await page.locator('#comment-body').focus();
    await page.keyboard.press('Meta+Enter');
    await page.locator('#comment-name-error').waitFor();
    await expect(page.evaluate(() => localStorage.getItem('gazette.guest'))).resolves.toBeNull();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows an edit live in a second browser, and keeps the live pill off "No comments yet"', async () => {
    const path = await freshArticle();
    const a = await reader();
    const b = await reader();
    await Promise.all([open(a.page, path, { live: true }), open(b.page, path, { live: true })]);

    await b.page.fill('#comment-body', 'Written by the second browser.');
    await b.page.fill('#comment-name', 'Bea Second');
    await b.page.fill('#comment-email', 'bea@example.test');
    await b.page.click('#comment-form button[type="submit"]');
    const pill = a.page.locator('.new-comments button');
    await pill.waitFor();
    const empty = await a.page.locator('#comments > .empty').boundingBox();
    const lifted = await pill.boundingBox();
    expect(empty && lifted).toBeTruthy();
    // Nothing of the pill over the line of text.
    expect(lifted!.y).toBeGreaterThanOrEqual(empty!.y + empty!.height);
    await pill.click();

    const id = (await b.page
      .locator('.own-actions')
      .first()
      .evaluate((el) => el.closest('article')!.dataset.commentId))!;
    await b.page.locator(`#comment-${id} [data-action="edit"]`).click();
    await b.page.locator(`#comment-${id} form.comment-edit textarea`).fill('Edited in the second browser.');
    // Ctrl+Enter saves an edit too.
    await b.page.locator(`#comment-${id} form.comment-edit textarea`).press('Control+Enter');
    await expect.poll(() => a.page.locator(`#comment-${id} .comment-body`).innerText()).toBe('Edited in the second browser.');
    await expect(a.page.locator(`#comment-${id} .edited`).count()).resolves.toBe(1);
    expect([...a.errors, ...b.errors]).toEqual([]);
    await Promise.all([a.context.close(), b.context.close()]);
  });

  it('updates the masthead badge while the page is open, and a notification opened from the inbox is read', async () => {
    const ctx = env.site.t.ctx;
    const alice = await makeUser(ctx, 'reader', 'Alice Badge');
    const aliceCookie = await createSession(ctx, alice.id, { userAgent: null, ip: null });
    const path = await freshArticle();
    const { page, context, errors } = await reader({ cookie: aliceCookie });
    await page.clock.install();
    await page.goto(env.site.url + '/');
    const badge = page.locator('.account-nav a[href="/inbox"] .unread-count');
    await expect(badge.count()).resolves.toBe(0);

    const threadId = (await env.site.t.app.inject(`/api/v1/posts/${path.replace('/articles/', '')}`)).json().threadId as string;
    const mine = await inject(
      'POST',
      `/api/v1/threads/${threadId}/comments`,
      { body: 'Alice says something worth answering.' },
      `gz_session=${aliceCookie}`,
    );
    expect(mine.statusCode).toBe(201);
    const answer = await inject('POST', `/api/v1/threads/${threadId}/comments`, {
      body: 'An answer to Alice.',
      parentId: mine.json().id,
      guest: { name: 'Ann Swer', email: 'answer@example.test' },
    });
    expect(answer.statusCode).toBe(201);

    await page.clock.fastForward(61_000);
    await expect.poll(() => badge.textContent()).toBe('1 unread');

    await page.goto(env.site.url + '/inbox');
    await page.locator('.notification-list a').first().click();
    await page.waitForURL((url) => url.hash === `#comment-${answer.json().id}`);
    await expect(page.locator('.account-nav a[href="/inbox"] .unread-count').count()).resolves.toBe(0);
    await page.goto(env.site.url + '/inbox');
    await expect(page.locator('.notification-unread').count()).resolves.toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('folds and unfolds a reply branch by keyboard, and indents less on a phone', async () => {
    const { page, context, errors } = await reader({ viewport: { width: 375, height: 800 } });
    await open(page, SEED);
    const item = page.locator('.comment-list > li.comment-item:has(> ol.replies)').first();
    const toggle = item.locator(':scope > article .collapse-toggle');
    const replies = item.locator(':scope > ol.replies');
    await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('true');
    await expect(toggle.getAttribute('aria-controls')).resolves.toBe(await replies.getAttribute('id'));
    await expect(toggle.locator('.collapse-label').textContent()).resolves.toBe('Hide replies');

    // Indents on a phone: a reply starts close to its parent.
    const parentBox = (await item.locator(':scope > article').boundingBox())!;
    const replyBox = (await replies.locator(':scope > li > article').first().boundingBox())!;
    expect(replyBox.x - parentBox.x).toBeLessThanOrEqual(12);

    const count = await replies.locator('li.comment-item').count();
    await toggle.focus();
    await page.keyboard.press('Enter');
    await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('false');
    await expect(replies.isVisible()).resolves.toBe(false);
    await expect(toggle.locator('.collapse-label').textContent()).resolves.toBe(count === 1 ? 'Show 1 reply' : `Show ${count} replies`);
    expect(await focused(page)).toBe('button.collapse-toggle');
    await page.keyboard.press('Space');
    await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('true');
    await expect(replies.isVisible()).resolves.toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`has no serious or critical axe violations with the preview, help and folded branch (${colorScheme})`, async () => {
      const { page, context, errors } = await reader({ colorScheme });
      await open(page, SEED);
      await page.locator('.formatting-help summary').click();
      await page.fill('#comment-body', `A _preview_ in ${colorScheme}.`);
      await page.locator('.preview-button').click();
      await page.locator('#comment-preview').waitFor();
      await page.locator('.collapse-toggle').first().click();
      await axe(page, colorScheme);
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  it('adds a fold button to a comment that gets its first reply while the page is open', async () => {
    const path = await freshArticle();
    const { page, context, errors } = await reader();
    await open(page, path);
    const threadId = await threadIdOf(page);
    const first = await inject('POST', `/api/v1/threads/${threadId}/comments`, {
      body: 'A first comment, soon answered.',
      guest: { name: 'Fay First', email: 'fay@example.test' },
    });
    await open(page, path);
    await expect(page.locator('.collapse-toggle').count()).resolves.toBe(0);
    await page.locator(`#comment-${first.json().id} .reply-link`).click();
    await page.fill('#comment-body', 'The first answer.');
    await page.fill('#comment-name', 'Rae Ply');
    await page.fill('#comment-email', 'rae@example.test');
    await page.click('#comment-form button[type="submit"]');
    await page.locator(`#comment-${first.json().id} .collapse-toggle`).waitFor();
    await expect(page.locator(`#comment-${first.json().id} .collapse-label`).textContent()).resolves.toBe('Hide replies');
    expect(errors).toEqual([]);
    await context.close();
  });
});
