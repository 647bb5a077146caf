// The comments client in the reader's language, in a real browser: it reads the page's
// #gz-messages block and draws, announces and counts in German and Arabic as the server does
// (Arabic spells out one and two comments: the heading count still follows).
import { describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { testEngines } from '../helpers/engines.ts';
import { makePost, makeUser } from '../helpers/factories.ts';
import { chromiumPath, demoSiteAndBrowser } from './harness.ts';

vi.setConfig({ testTimeout: 180_000 });

describe.skipIf(!chromiumPath).each(testEngines().slice(0, 1))('the comments client in German and Arabic (%s)', (engine) => {
  const env = demoSiteAndBrowser(engine);

  async function freshThread(): Promise<{ path: string }> {
    const post = await makePost(env.site.t.ctx, await makeUser(env.site.t.ctx, 'editor'));
    return { path: `/articles/${post.slug}` };
  }

  async function postAsOther(page: Page, body: string): Promise<void> {
    const threadId = (await page.locator('#comments').getAttribute('data-thread-id'))!;
    const response = await env.site.t.app.inject({
      method: 'POST',
      url: `/api/v1/threads/${threadId}/comments`,
      headers: { 'content-type': 'application/json' },
      payload: { body, parentId: null, guest: { name: 'Andere Person', email: 'other@example.test' } },
    });
    expect(response.statusCode).toBe(201);
  }

  /** The live region says it (it speaks a moment after the change, then empties). */
  const announced = (page: Page, text: string) =>
    page.waitForFunction((expected) => document.querySelector('#comments > [role="status"]')?.textContent === expected, text);

  async function postWithForm(page: Page, body: string): Promise<void> {
    await page.fill('#comment-body', body);
    await page.fill('#comment-name', 'Lena Leserin');
    await page.fill('#comment-email', 'lena@example.test');
    await page.click('#comment-form button[type="submit"]');
  }

  it('German: the new comment, its time, the heading, the announcement and the live pill', async () => {
    const { path } = await freshThread();
    const context = await env.browser.newContext({ locale: 'de-DE' });
    const page = await context.newPage();
    const errors: Error[] = [];
    page.on('pageerror', (error) => errors.push(error));
    await page.goto(env.site.url + path);
    await page.locator('#comments[data-live="open"]').waitFor({ state: 'attached' });
    await expect(page.locator('.preview-button').textContent()).resolves.toBe('Vorschau');

    await postWithForm(page, 'Der Akku hält bei mir zwei Tage.');
    const mine = page.locator('.comment-list > li > article').first();
    await mine.waitFor();
    await expect(page.locator('#comments-heading').textContent()).resolves.toBe('1 Kommentar');
    await expect(mine.locator('time').textContent()).resolves.toMatch(/^(gerade eben|vor \d+ Minuten?)$/);
    await expect(mine.locator('.own-actions [data-action="edit"]').textContent()).resolves.toBe('Bearbeiten (Ihr Kommentar)');
    await announced(page, 'Ihr Kommentar wurde veröffentlicht.');

    await postAsOther(page, 'Bei mir reicht er kaum einen Tag.');
    await expect(page.locator('.new-comments button').textContent()).resolves.toBe('1 neuer Kommentar');
    await page.click('.new-comments button');
    await expect(page.locator('#comments-heading').textContent()).resolves.toBe('2 Kommentare');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('Arabic: the thread runs right to left and the spelled-out counts keep counting', async () => {
    const { path } = await freshThread();
    const context = await env.browser.newContext({ locale: 'ar' });
    const page = await context.newPage();
    const errors: Error[] = [];
    page.on('pageerror', (error) => errors.push(error));
    await page.goto(env.site.url + path);
    await page.locator('#comments[data-live="open"]').waitFor({ state: 'attached' });
    await postAsOther(page, 'أول تعليق على هذه المقالة.');
    await page.reload();
    await page.locator('#comments[data-enhanced]').waitFor({ state: 'attached' });
    await expect(page.locator('#comments-heading').textContent()).resolves.toBe('تعليق واحد');
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('#comments')!).direction)).toBe('rtl');

    await postWithForm(page, 'وهذا تعليق ثانٍ من المتصفح.');
    await announced(page, 'نُشر تعليقك.');
    await expect(page.locator('#comments-heading').textContent()).resolves.toBe('تعليقان');
    expect(errors).toEqual([]);
    await context.close();
  });
});
