// The embed in Chromium when the host page's snippet is not quite right, or the comments client
// does not arrive: a bad optional attribute is set aside with a Gazette warning in the console
// and the discussion still shows; the frame's comment form still posts without the client.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { testEngines } from '../helpers/engines.ts';
import { saveModerationSettings } from '../../src/domain/moderation/settings.ts';
import { registerSite } from '../../src/domain/sites/sites.ts';
import { chromiumPath, demoSiteAndBrowser } from './harness.ts';
import { startHostPage, type HostPage } from './host-page.ts';

vi.setConfig({ testTimeout: 180_000 });

describe.skipIf(!chromiumPath).each(testEngines())('the embed’s snippet attributes and no-JS form in Chromium on %s', (engine) => {
  const env = demoSiteAndBrowser(engine);
  let host: HostPage;

  beforeAll(async () => {
    host = await startHostPage();
    await registerSite(env.site.t.ctx, { name: 'attrs', title: 'Attributes Blog', origins: [host.origin], lang: 'de' });
    await saveModerationSettings(env.site.t.ctx, { nearDuplicates: 0 });
  });
  afterAll(async () => host?.close());

  const gazette = () => new URL(env.site.url).origin;
  const hostHtml = (attributes: string) =>
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A post</title></head><body><h1>A post</h1><script async src="${gazette()}/embed.js" data-site="attrs" ${attributes}></script></body></html>`;

  async function openHost(path: string, attributes: string, options: { withoutClient?: boolean } = {}) {
    host.serve(path, hostHtml(attributes));
    const page = await (await env.browser.newContext({ viewport: { width: 900, height: 700 } })).newPage();
    const warnings: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    // The comments client fails to load: the frame is its server-rendered thread alone.
    if (options.withoutClient) await page.route(/\/assets\/comments\.js/, (route) => route.abort());
    await page.goto(`${host.origin}${path}`);
    return { page, warnings };
  }

  /** The frame, shown: its height came from its content. */
  async function shownFrame(page: Page) {
    await page.waitForSelector(`iframe[src^="${gazette()}/embed/thread"]`);
    await expect.poll(() => page.locator('iframe').evaluate((el) => el.getBoundingClientRect().height)).toBeGreaterThan(100);
    return page.frameLocator('iframe');
  }

  it('reads WordPress’s en_US as English', async () => {
    const { page } = await openHost('/wordpress', 'data-page-id="wp-post" data-lang="en_US"');
    const frame = await shownFrame(page);
    expect(await frame.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('iframe').getAttribute('title')).toBe('Comments');
    await page.context().close();
  });

  it('sets aside a page id over 200 characters and a non-http data-url with a warning, and shows the discussion', async () => {
    const { page, warnings } = await openHost('/long-id', `data-page-id="${'x'.repeat(201)}" data-url="mailto:editor@example.com"`);
    const frame = await shownFrame(page);
    // Known by the page's own address instead, in the site's language.
    expect(await frame.locator('html').getAttribute('lang')).toBe('de');
    expect(new URL((await page.locator('iframe').getAttribute('src'))!).searchParams.get('url')).toBe(`${host.origin}/long-id`);
    const ours = warnings.filter((text) => text.startsWith('Gazette embed:'));
    expect(ours).toHaveLength(2);
    expect(ours[0]).toContain('data-page-id is over 200 characters');
    expect(ours[1]).toContain('data-url must be an http(s) address');
    await page.context().close();
  });

  it('posts the frame’s comment form without the comments client, and comes back to the frame at the comment', async () => {
    const { page } = await openHost('/no-client', 'data-page-id="no-client-post" data-lang="en"', { withoutClient: true });
    const frame = await shownFrame(page);
    await frame.locator('#comment-body').fill('Sent by the plain form, no script.');
    await frame.locator('#comment-name').fill('Plain Form');
    await frame.locator('#comment-email').fill('plain-form@example.com');
    await frame.getByRole('button', { name: 'Post comment' }).click();
    await frame.locator('.comment-body', { hasText: 'Sent by the plain form, no script.' }).waitFor();
    // Still the frame (its host verified again), not an error page.
    expect(await frame.locator('html').getAttribute('data-host-origin')).toBe(host.origin);
    await page.context().close();
  });
});
