// count.js on someone else's list page, in Chromium: every marked element gets its page's label,
// from one request however many elements there are (split only past 100 keys of a kind).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { seedComment } from '../helpers/held-comments.ts';
import { registerSite } from '../../src/domain/sites/sites.ts';
import { resolveEmbedThread } from '../../src/domain/sites/embed-thread.ts';
import { chromiumPath, launchBrowser } from './harness.ts';
import { startHostPage, type HostPage } from './host-page.ts';

vi.setConfig({ testTimeout: 180_000 });

const label = (n: number) => (n === 1 ? '1 comment' : `${n} comments`);

describe.skipIf(!chromiumPath).each(testEngines())('comment counts on a host list page in Chromium on %s', (engine) => {
  let t: TestApp;
  let gazette: string;
  let host: HostPage;
  let browser: Browser;
  /** Element markup → the label it must end up with. */
  const expected: { html: string; label: string }[] = [];

  beforeAll(async () => {
    [t, host, browser] = await Promise.all([buildTestApp(engine), startHostPage(), launchBrowser()]);
    t.clock.set(new Date());
    gazette = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const site = await registerSite(t.ctx, { name: 'blog', origins: [host.origin] });
    // 30 pages known by id, 30 by URL (absolute, relative, or a link's own href); a third have no thread.
    for (let i = 0; i < 30; i++) {
      const comments = i % 3 === 0 ? 0 : i % 5;
      if (i % 3 !== 0) {
        const thread = await resolveEmbedThread(t.ctx, site, host.origin, { pageId: `post-${i}`, url: null, title: `Post ${i}` });
        for (let c = 0; c < comments; c++) await seedComment(t.ctx, { threadId: thread!.threadId, status: 'published' });
      }
      expected.push({ html: `<span data-gazette-count="post-${i}">…</span>`, label: label(comments) });
    }
    for (let i = 0; i < 30; i++) {
      const path = `/2024/story-${i}/`;
      const comments = i % 3 === 0 ? 0 : (i % 4) + 1;
      if (i % 3 !== 0) {
        const thread = await resolveEmbedThread(t.ctx, site, host.origin, {
          pageId: null,
          url: `${host.origin}${path}`,
          title: `Story ${i}`,
        });
        for (let c = 0; c < comments; c++) await seedComment(t.ctx, { threadId: thread!.threadId, status: 'published' });
      }
      const html =
        i % 3 === 1
          ? `<a href="${path}?utm_source=home" data-gazette-url="">…</a>`
          : i % 3 === 2
            ? `<span data-gazette-url="${path}">…</span>`
            : `<span data-gazette-url="${host.origin}${path}#comments">…</span>`;
      expected.push({ html, label: label(comments) });
    }
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await t?.close();
  });

  async function openList(path: string, body: string): Promise<{ page: Page; countRequests: string[] }> {
    host.serve(
      path,
      `<!doctype html><html lang="en"><head><title>List</title></head><body><main>${body}</main><script async src="${gazette}/count.js" data-site="blog"></script></body></html>`,
    );
    const page = await (await browser.newContext()).newPage();
    const countRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/v1/sites/blog/counts')) countRequests.push(request.url());
    });
    page.on('pageerror', (error) => {
      throw error;
    });
    await page.goto(`${host.origin}${path}`);
    return { page, countRequests };
  }

  it('fills all 60 elements from exactly one request', async () => {
    const items = expected.map(({ html }, i) => `<p id="item-${i}">${html}</p>`).join('\n');
    const { page, countRequests } = await openList('/list', items);
    await page.waitForFunction(
      (n) => [...document.querySelectorAll('main p > *')].filter((e) => e.textContent !== '…').length === n,
      expected.length,
    );
    const texts = await page.locator('main p > *').allTextContents();
    expect(texts).toEqual(expected.map((e) => e.label));
    expect(texts.filter((text) => text !== '0 comments').length).toBeGreaterThan(30);
    await page.waitForLoadState('networkidle');
    expect(countRequests).toHaveLength(1);
    await page.context().close();
  });

  it('splits into two requests only past 100 page ids, and fills every one', async () => {
    const items = Array.from(
      { length: 150 },
      (_, i) => `<p><span data-gazette-count="${i < 30 ? `post-${i}` : `extra-${i}`}">…</span></p>`,
    ).join('');
    const { page, countRequests } = await openList('/long-list', items);
    await page.waitForFunction(() => [...document.querySelectorAll('main span')].every((e) => e.textContent !== '…'));
    await page.waitForLoadState('networkidle');
    expect(countRequests).toHaveLength(2);
    expect(await page.locator('main span').nth(1).textContent()).toBe(label(1));
    await page.context().close();
  });

  it('skips a key the endpoint would refuse, with a warning, and fills every other element', async () => {
    const bad = [
      `<span id="long" data-gazette-count="${'x'.repeat(201)}">Comments</span>`,
      '<a id="mail" href="mailto:editor@blog.example" data-gazette-url="">Comments</a>',
      '<span id="ftp" data-gazette-url="ftp://blog.example/file">Comments</span>',
    ];
    const items = [expected[1]!.html, ...bad, expected[31]!.html].map((html) => `<p>${html}</p>`).join('');
    const { page, countRequests } = await openList('/bad-keys', items);
    const warnings: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    await page.reload();
    await page.waitForFunction(() => [...document.querySelectorAll('main p > *')].filter((e) => e.textContent !== '…').length === 5);
    expect(await page.locator('main p > *').allTextContents()).toEqual([
      expected[1]!.label,
      'Comments',
      'Comments',
      'Comments',
      expected[31]!.label,
    ]);
    expect(warnings.filter((text) => text.startsWith('Gazette count.js:'))).toHaveLength(3);
    expect(warnings.join('\n')).toContain('data-gazette-count is over 200 characters');
    await page.waitForLoadState('networkidle');
    expect(countRequests.length).toBeGreaterThanOrEqual(1);
    await page.context().close();
  });
});
