// The embed on a host page same-site with Gazette (as the demo: Gazette and the blog on two ports
// of one host; or blog.example and comments.example). The browser sends Gazette's first-party
// cookies to the frame then, and the frame's partitioned cookies to Gazette's own pages: signing
// in and out in the frame must still work, and never sign Gazette's own pages in or out.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Browser, Frame, Page } from 'playwright-core';
import { testEngines } from '../helpers/engines.ts';
import { saveModerationSettings } from '../../src/domain/moderation/settings.ts';
import { registerSite } from '../../src/domain/sites/sites.ts';
import { createAccount } from '../../src/domain/users/accounts.ts';
import { chromiumPath, launchBrowser, startDemoSite, type DemoSite } from './harness.ts';
import { startHostPage, type HostPage } from './host-page.ts';

vi.setConfig({ testTimeout: 180_000 });

describe.skipIf(!chromiumPath).each(testEngines())('the embed on a same-site host page, on %s', (engine) => {
  let site: DemoSite;
  let browser: Browser;
  let host: HostPage;
  /** The host page on Gazette's own host name (127.0.0.1), another port: same-site, cross-origin. */
  let hostOrigin: string;

  beforeAll(async () => {
    [site, browser, host] = await Promise.all([startDemoSite(engine), launchBrowser(), startHostPage()]);
    hostOrigin = host.origin.replace('//localhost:', '//127.0.0.1:');
    expect(new URL(hostOrigin).hostname).toBe(new URL(site.url).hostname);
    await registerSite(site.t.ctx, { name: 'same-site', title: 'Same-Site Blog', origins: [hostOrigin] });
    await saveModerationSettings(site.t.ctx, { nearDuplicates: 0 });
    await createAccount(site.t.ctx, {
      email: 'same-site-reader@example.com',
      displayName: 'Same-Site Reader',
      role: 'reader',
      password: 'a long and secret password',
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await host?.close();
  });

  const gazette = () => new URL(site.url).origin;

  async function embedFrame(page: Page): Promise<Frame> {
    const handle = await page.waitForSelector(`iframe[src^="${gazette()}/embed/thread"]`);
    const frame = (await handle.contentFrame())!;
    await frame.locator('#comments[data-enhanced]').waitFor({ state: 'attached' });
    return frame;
  }

  /** Who Gazette's own pages see in this browser: GET /api/v1/me as a top-level page. */
  async function gazetteSees(page: Page): Promise<string | null> {
    const own = await page.context().newPage();
    const response = await own.goto(`${gazette()}/api/v1/me`);
    const name = response!.ok() ? ((await response!.json()) as { displayName: string }).displayName : null;
    await own.close();
    return name;
  }

  it('signs in and out in the frame, and Gazette’s own pages stay signed in throughout', async () => {
    host.serve(
      '/post',
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A same-site post</title></head><body><h1>A post</h1><script async src="${gazette()}/embed.js" data-site="same-site" data-page-id="same-site-post"></script></body></html>`,
    );
    const context = await browser.newContext({ viewport: { width: 900, height: 800 } });
    const page = await context.newPage();
    const errors: Error[] = [];
    page.on('pageerror', (error) => errors.push(error));
    await page.goto(`${hostOrigin}/post`);
    await embedFrame(page);

    const [popup] = await Promise.all([
      page.waitForEvent('popup'),
      page.frameLocator('iframe').locator('.comment-sign-in a', { hasText: 'Sign in' }).click(),
    ]);
    await popup.waitForURL(/\/signin\?next=%2Fembed%2Fsigned-in/);
    await popup.locator('input[name="email"]').first().fill('same-site-reader@example.com');
    await popup.locator('input[name="password"]').fill('a long and secret password');
    const closed = popup.waitForEvent('close');
    await popup.locator('input[name="password"]').press('Enter');
    await closed;

    // The frame reloads signed in, through its own session, and Gazette's session is untouched.
    const frame = page.frameLocator('iframe');
    await frame.locator('.commenting-as', { hasText: 'Same-Site Reader' }).waitFor();
    expect(await gazetteSees(page)).toBe('Same-Site Reader');

    // Loaded again (both cookies travel now), the frame is still signed in.
    await page.reload();
    await frame.locator('.commenting-as', { hasText: 'Same-Site Reader' }).waitFor();

    // Signing out in the frame ends the frame's session only.
    await (await embedFrame(page)).getByRole('button', { name: 'Sign out' }).click();
    await frame.locator('.comment-sign-in').waitFor();
    expect(await frame.locator('.commenting-as').count()).toBe(0);
    expect(await gazetteSees(page)).toBe('Same-Site Reader');
    expect(errors).toEqual([]);
    await context.close();
  });
});
