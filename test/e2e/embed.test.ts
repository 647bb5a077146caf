// The embed in Chromium, on a static host page of another site (http://localhost:PORT while
// Gazette listens on 127.0.0.1): the thread loads in the frame and the frame's height follows
// it; a guest's comment appears live in a second browser; the dark theme applies; a host page
// with the strict CSP docs/EMBED.md documents still works; an unregistered origin gets no
// thread and no frame; axe is clean inside the frame; #comment-ID on the host scrolls to it.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { testEngines } from '../helpers/engines.ts';
import type { Db } from '../../src/storage/db.ts';
import { saveModerationSettings } from '../../src/domain/moderation/settings.ts';
import { registerSite, updateSite } from '../../src/domain/sites/sites.ts';
import { hostPagePolicy } from '../../src/demo/host-blog.ts';
import { DEMO_BLOG_SITE } from '../../src/demo/load.ts';
import { chromiumPath, demoSiteAndBrowser } from './harness.ts';
import { startHostPage, type HostPage } from './host-page.ts';

vi.setConfig({ testTimeout: 180_000 });

const threadCount = async (db: Db) =>
  Number(
    (
      await db
        .selectFrom('threads')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe.skipIf(!chromiumPath).each(testEngines())('the embed in Chromium on %s', (engine) => {
  const env = demoSiteAndBrowser(engine);
  let host: HostPage;

  beforeAll(async () => {
    host = await startHostPage();
    await registerSite(env.site.t.ctx, { name: 'blog', origins: [host.origin] });
    // The demo's blog now lives on this host page: its page `seed-article` is the seed thread.
    await updateSite(env.site.t.ctx, DEMO_BLOG_SITE, { origins: [host.origin] });
    await saveModerationSettings(env.site.t.ctx, { nearDuplicates: 0 });
  });
  afterAll(async () => host?.close());

  const gazette = () => new URL(env.site.url).origin;
  const snippet = (attributes: string) => `<script async src="${gazette()}/embed.js" ${attributes}></script>`;
  const hostHtml = (body: string, head = '') =>
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A post on the blog</title>${head}</head><body><h1>A post</h1>${body}</body></html>`;

  async function openHost(path: string, options: { colorScheme?: 'light' | 'dark'; hash?: string } = {}) {
    const context = await env.browser.newContext({ colorScheme: options.colorScheme ?? 'light', viewport: { width: 900, height: 700 } });
    const page = await context.newPage();
    const errors: Error[] = [];
    page.on('pageerror', (error) => errors.push(error));
    /** Statuses of the frame documents Gazette sent. */
    const frames: number[] = [];
    page.on('response', (response) => {
      if (response.url().startsWith(`${gazette()}/embed/thread`)) frames.push(response.status());
    });
    await page.goto(`${host.origin}${path}${options.hash ?? ''}`);
    return { context, page, errors, frames };
  }

  /** The embed's frame once the comments client has taken over its thread. */
  async function embedFrame(page: Page): Promise<Frame> {
    const handle = await page.waitForSelector(`iframe[src^="${gazette()}/embed/thread"]`);
    const frame = (await handle.contentFrame())!;
    await frame.locator('#comments[data-enhanced]').waitFor({ state: 'attached' });
    return frame;
  }

  const frameHeight = (page: Page) => page.locator('iframe').evaluate((el) => el.getBoundingClientRect().height);
  const contentHeight = (frame: Frame) => frame.locator('.embed-main').evaluate((el) => Math.ceil(el.getBoundingClientRect().height));

  it('loads the thread in a frame whose height follows its content; a guest’s comment appears live in another browser, which votes, sees the edit and reports it', async () => {
    host.serve('/live', hostHtml(snippet('data-site="blog" data-page-id="live-post"')));
    const first = await openHost('/live');
    const frame = await embedFrame(first.page);
    await frame.locator('#comments[data-live="open"]').waitFor({ state: 'attached' });
    await expect.poll(async () => Math.abs((await frameHeight(first.page)) - (await contentHeight(frame)))).toBeLessThanOrEqual(1);
    const before = await frameHeight(first.page);

    const second = await openHost('/live');
    const other = await embedFrame(second.page);
    await other.locator('#comments[data-live="open"]').waitFor({ state: 'attached' });

    await frame.locator('#comment-body').fill('Posted from inside the embed.\n\nA second paragraph makes it taller.');
    await frame.locator('#comment-name').fill('Embed Guest');
    await frame.locator('#comment-email').fill('embed-guest@example.com');
    await frame.getByRole('button', { name: 'Post comment' }).click();
    await frame.locator('.comment-body', { hasText: 'Posted from inside the embed.' }).waitFor();
    // The frame grew with its content, and the host page's iframe followed.
    await expect.poll(() => frameHeight(first.page)).toBeGreaterThan(before);
    await expect.poll(async () => Math.abs((await frameHeight(first.page)) - (await contentHeight(frame)))).toBeLessThanOrEqual(1);

    // The second reader is told live, and sees it on asking.
    await other.locator('.new-comments button').click();
    await other.locator('.comment-body', { hasText: 'Posted from inside the embed.' }).waitFor();

    // Votes, edits and reports work in the frame as on the article page.
    const postedId = await other.locator('article.comment', { hasText: 'Posted from inside the embed.' }).getAttribute('data-comment-id');
    const theirs = other.locator(`#comment-${postedId}`);
    await theirs.locator('.vote-up').click();
    await expect.poll(() => theirs.locator('.score').textContent()).toBe('1');
    await expect
      .poll(() => frame.locator('article.comment', { hasText: 'Posted from inside the embed.' }).locator('.score').textContent())
      .toBe('1');
    const mine = frame.locator(`#comment-${postedId}`);
    await mine.locator('[data-action="edit"]').click();
    await mine.locator('form.comment-edit textarea').fill('Edited inside the embed.');
    await mine.locator('form.comment-edit button[type="submit"]').click();
    await expect.poll(() => theirs.locator('.comment-body').textContent()).toContain('Edited inside the embed.');
    await theirs.locator('details.report > summary').click();
    await theirs.getByLabel('Spam').check();
    await theirs.getByRole('button', { name: 'Send report' }).click();
    await expect.poll(() => theirs.locator('.report-thanks').textContent()).toBe('Thanks, a moderator will look at it.');
    expect([...first.errors, ...second.errors]).toEqual([]);
    await first.context.close();
    await second.context.close();
  });

  it('applies the dark theme: forced, and auto from the host page’s dark background', async () => {
    host.serve('/dark', hostHtml(snippet('data-site="blog" data-page-id="dark-post" data-theme="dark"')));
    const forced = await openHost('/dark', { colorScheme: 'light' });
    const frame = await embedFrame(forced.page);
    expect(await frame.locator('html').getAttribute('data-theme')).toBe('dark');
    expect(await frame.locator('body').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(20, 22, 26)');
    await forced.context.close();

    // The host's own stylesheet (inline here: this test page has no CSP) makes its page dark.
    host.serve(
      '/auto',
      hostHtml(
        snippet('data-site="blog" data-page-id="dark-post" data-theme="auto"'),
        '<style>body { background: #101010; color: #eee }</style>',
      ),
    );
    const auto = await openHost('/auto', { colorScheme: 'light' });
    const autoFrame = await embedFrame(auto.page);
    expect(await autoFrame.locator('html').getAttribute('data-theme')).toBe('dark');
    expect(await autoFrame.locator('body').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(20, 22, 26)');
    await auto.context.close();

    // And a light host under a dark system stays light when asked to.
    host.serve('/light', hostHtml(snippet('data-site="blog" data-page-id="dark-post" data-theme="light"')));
    const light = await openHost('/light', { colorScheme: 'dark' });
    const lightFrame = await embedFrame(light.page);
    expect(await lightFrame.locator('body').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(255, 255, 255)');
    await light.context.close();
  });

  it('works on a host page with the strict Content-Security-Policy docs/EMBED.md documents', async () => {
    host.serve('/strict', hostHtml(snippet('data-site="blog" data-page-id="strict-post"')), {
      'content-security-policy': hostPagePolicy(gazette()),
    });
    const strict = await openHost('/strict');
    const violations: string[] = [];
    strict.page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    const frame = await embedFrame(strict.page);
    await expect.poll(async () => Math.abs((await frameHeight(strict.page)) - (await contentHeight(frame)))).toBeLessThanOrEqual(1);
    expect(violations).toEqual([]);
    expect(strict.errors).toEqual([]);
    await strict.context.close();
  });

  it('gives an unregistered origin no thread and no frame, and stores nothing', async () => {
    const db = env.site.t.ctx.db;
    const before = await threadCount(db);
    host.serve('/stranger', hostHtml(snippet('data-site="nosuch" data-page-id="stranger-post"')));
    const stranger = await openHost('/stranger');
    await expect.poll(() => stranger.frames).toEqual([403]);
    const frame = (await (await stranger.page.waitForSelector('iframe', { state: 'attached' })).contentFrame())!;
    // frame-ancestors 'none': the browser shows nothing of Gazette's inside it, and the loader,
    // never told a height, leaves the frame with none.
    await expect.poll(() => frame.locator('.embed-refused, #comments').count()).toBe(0);
    expect(await frameHeight(stranger.page)).toBe(0);
    await stranger.context.close();

    // A registered site, asked from an origin it does not list, is refused the same way.
    const other = await fetch(`${gazette()}/embed/thread?site=blog&page=x&origin=${encodeURIComponent('http://elsewhere.example')}`);
    expect(other.status).toBe(403);
    expect(other.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(await threadCount(db)).toBe(before);
  });

  it('has no serious or critical axe violations inside the frame', async () => {
    host.serve('/axe', hostHtml(snippet(`data-site="${DEMO_BLOG_SITE}" data-page-id="seed-article"`)));
    const reader = await openHost('/axe');
    await embedFrame(reader.page);
    const results = await new AxeBuilder({ page: reader.page }).include(['iframe']).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    // It really looked inside: the frame's comments were part of what axe checked.
    expect(results.passes.some((rule) => rule.nodes.some((node) => node.target.length > 1))).toBe(true);
    await reader.context.close();
  });

  it('scrolls the host page to #comment-ID, on load and when the hash changes', async () => {
    host.serve(
      '/seed',
      hostHtml(`<p class="spacer">${'Long text. '.repeat(400)}</p>${snippet(`data-site="${DEMO_BLOG_SITE}" data-page-id="seed-article"`)}`),
    );
    const first = await openHost('/seed');
    const frame = await embedFrame(first.page);
    const ids = await frame.locator('ol.comment-list > li > article.comment').evaluateAll((els) => els.map((el) => el.id));
    const target = ids[Math.min(ids.length - 1, 12)]!;
    await first.context.close();

    const reader = await openHost('/seed', { hash: `#${target}` });
    const seedFrame = await embedFrame(reader.page);
    const inView = () =>
      seedFrame.locator(`#${target}`).evaluate((el) => {
        const top = el.getBoundingClientRect().top;
        return top;
      });
    // The comment's place on the host page: frame top + its offset in the frame, within the viewport.
    const placeOnHost = async () => {
      const frameTop = await reader.page.locator('iframe').evaluate((el) => el.getBoundingClientRect().top);
      return frameTop + (await inView());
    };
    await expect.poll(placeOnHost, { timeout: 15_000 }).toBeGreaterThanOrEqual(-2);
    await expect.poll(placeOnHost, { timeout: 15_000 }).toBeLessThan(200);

    // Back to the top, then a link on the host page to another comment.
    await reader.page.evaluate(() => window.scrollTo(0, 0));
    const next = ids[Math.min(ids.length - 1, 20)]!;
    await reader.page.evaluate((id) => (location.hash = `#${id}`), next);
    const placeOfNext = async () => {
      const frameTop = await reader.page.locator('iframe').evaluate((el) => el.getBoundingClientRect().top);
      return frameTop + (await seedFrame.locator(`#${next}`).evaluate((el) => el.getBoundingClientRect().top));
    };
    await expect.poll(placeOfNext, { timeout: 15_000 }).toBeLessThan(200);
    expect(await placeOfNext()).toBeGreaterThanOrEqual(-2);
    await reader.context.close();
  });
});
