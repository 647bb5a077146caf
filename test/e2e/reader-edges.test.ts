// Rough edges a newcomer hit (issue 13), in Chromium with the demo site: every button's label
// is readable in light and dark (the "Delete my account" button's text once matched its
// background), every section is in reach on a phone, and a 404 keeps the site around it.
import { describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { testEngines } from '../helpers/engines.ts';
import { makeUser } from '../helpers/factories.ts';
import { createSession } from '../../src/domain/users/sessions.ts';
import { listCategories } from '../../src/storage/repos/taxonomy.ts';
import { chromiumPath, demoSiteAndBrowser } from './harness.ts';
import { lowContrastButtons } from './contrast.ts';

vi.setConfig({ testTimeout: 120_000 });

describe.skipIf(!chromiumPath).each(testEngines())('reader edges in Chromium on %s', (engine) => {
  const env = demoSiteAndBrowser(engine);

  async function open(
    options: { colorScheme?: 'light' | 'dark'; width?: number; signedIn?: boolean; role?: 'reader' | 'admin' } = {},
  ): Promise<Page> {
    const context = await env.browser.newContext({
      colorScheme: options.colorScheme ?? 'light',
      viewport: { width: options.width ?? 1280, height: 900 },
    });
    if (options.signedIn) {
      const user = await makeUser(env.site.t.ctx, options.role ?? 'reader');
      const token = await createSession(env.site.t.ctx, user.id, { userAgent: null, ip: null });
      await context.addCookies([{ name: 'gz_session', value: token, url: env.site.url }]);
    }
    return context.newPage();
  }

  // The pages a reader and a staff member use, each in light and dark: every visible button's label
  // has at least 4.5:1 against what is behind it (axe only marks some of these "needs review").
  const PAGES: { path: string; role: 'reader' | 'admin' | null }[] = [
    { path: '/', role: null },
    { path: '/articles/sony-mobile-to-defocus-on-india-and-usa', role: null },
    { path: '/articles/sony-mobile-to-defocus-on-india-and-usa', role: 'reader' },
    { path: '/search?q=sony&in=comments', role: null },
    { path: '/settings', role: 'reader' },
    { path: '/inbox', role: 'reader' },
    { path: '/desk', role: 'admin' },
    { path: '/desk/posts/new', role: 'admin' },
    { path: '/desk/front-page', role: 'admin' },
    { path: '/admin/moderation', role: 'admin' },
    { path: '/admin/moderation/log', role: 'admin' },
  ];
  for (const colorScheme of ['light', 'dark'] as const) {
    it(`every button has a readable label on the reader's and the staff's pages (${colorScheme})`, async () => {
      const seen: { path: string; low: unknown[] }[] = [];
      for (const { path, role } of PAGES) {
        const page = await open({ colorScheme, signedIn: role !== null, role: role ?? undefined });
        const response = await page.goto(`${env.site.url}${path}`);
        expect([path, response?.status()]).toEqual([path, 200]);
        seen.push({ path, low: await lowContrastButtons(page) });
        await page.context().close();
      }
      expect(seen.filter((s) => s.low.length > 0)).toEqual([]);
    });
  }

  it('on a phone, every section and sub-section is on screen without scrolling sideways', async () => {
    // The demo has 4 sections and 4 sub-sections: all 8 are in the masthead.
    const sections = await listCategories(env.site.t.ctx.db);
    expect(sections.length).toBe(8);
    const page = await open({ width: 375 });
    await page.goto(env.site.url);
    const nav = page.getByRole('navigation', { name: 'Sections' });
    for (const section of sections) {
      const box = await nav.getByRole('link', { name: section.name, exact: true }).boundingBox();
      expect([section.name, box !== null && box.x >= 0 && box.x + box.width <= 375]).toEqual([section.name, true]);
    }
    await page.context().close();
  });

  it('a 404 keeps the masthead, search and sections, and searching from it works', async () => {
    const page = await open();
    const response = await page.goto(`${env.site.url}/articles/no-such-article`);
    expect(response?.status()).toBe(404);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Sections' }).getByRole('link').count()).toBe(8);
    await page.getByRole('searchbox', { name: 'Search articles' }).fill('battery');
    await page.getByRole('searchbox', { name: 'Search articles' }).press('Enter');
    await page.waitForURL(/\/search\?q=battery/);
    await page.context().close();
  });
});
