// The reader site in a real browser: the demo article, its gallery and lightbox by keyboard,
// previous/next navigation, reading without JavaScript, and axe-core on the main pages.
import { describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { testEngines } from '../helpers/engines.ts';
import { chromiumPath, demoSiteAndBrowser } from './harness.ts';

// Each test starts real processes (Node + tsx, or Chromium); on a busy 2-core machine that is slow.
vi.setConfig({ testTimeout: 180_000 });

const SEED = '/articles/sony-mobile-to-defocus-on-india-and-usa';

describe.skipIf(!chromiumPath).each(testEngines())('reader site in Chromium on %s', (engine) => {
  const env = demoSiteAndBrowser(engine);

  async function open(path: string, options: { javaScriptEnabled?: boolean; colorScheme?: 'light' | 'dark' } = {}): Promise<Page> {
    const context = await env.browser.newContext({
      javaScriptEnabled: options.javaScriptEnabled ?? true,
      colorScheme: options.colorScheme ?? 'light',
    });
    const page = await context.newPage();
    const response = await page.goto(env.site.url + path);
    expect(response?.status()).toBe(200);
    return page;
  }

  it('shows the seed article with byline, date, category and an eleven-slide gallery', async () => {
    const page = await open(SEED);
    await expect(page.locator('h1').textContent()).resolves.toBe('Sony Mobile to “defocus” on India and USA');
    await expect(page.locator('.byline a[rel="author"]').textContent()).resolves.toBe('XB');
    await expect(page.locator('.byline time').getAttribute('datetime')).resolves.toBe('2016-06-30T09:30:00.000Z');
    expect(await page.locator('.gallery figure').count()).toBe(11);
    const firstImage = page.locator('.gallery img').first();
    await firstImage.scrollIntoViewIfNeeded();
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('.gallery img');
      return img !== null && img.complete && img.naturalWidth > 0;
    });
    await page.context().close();
  });

  it('opens the gallery lightbox by keyboard, steps through slides and returns focus', async () => {
    const page = await open(SEED);
    const firstLink = page.locator('.gallery-link').first();
    await firstLink.focus();
    await page.keyboard.press('Enter');
    const dialog = page.locator('dialog[open]');
    await dialog.waitFor();
    await expect(dialog.textContent()).resolves.toContain('1 of 11');
    await expect(dialog.textContent()).resolves.toContain('Sony Mobile IR Day 2016_1');
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => document.querySelector('dialog[open]')?.textContent?.includes('2 of 11'));
    await expect(dialog.textContent()).resolves.toContain('Sony Mobile IR Day 2016_2');
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction(() => document.querySelector('dialog[open]')?.textContent?.includes('1 of 11'));
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.querySelector('dialog[open]') === null);
    const focusedHref = await page.evaluate(() => (document.activeElement as HTMLAnchorElement | null)?.getAttribute('href'));
    expect(focusedHref).toBe(await firstLink.getAttribute('href'));
    await page.context().close();
  });

  it('follows previous and next links between articles', async () => {
    const page = await open(SEED);
    const nextTitle = (await page.locator('a[rel="next"]').first().textContent())!;
    await page.locator('a[rel="next"]').first().click();
    await page.waitForURL((url) => url.pathname !== SEED);
    await expect(page.locator('h1').textContent()).resolves.toBe(nextTitle.replace(/^Next/, '').trim());
    await page.locator('a[rel="prev"]').first().click();
    await page.waitForURL((url) => url.pathname === SEED);
    await page.context().close();
  });

  it('reads fully without JavaScript, gallery links pointing at the large images', async () => {
    const page = await open(SEED, { javaScriptEnabled: false });
    await expect(page.locator('.article-body p').count()).resolves.toBeGreaterThan(3);
    const href = await page.locator('.gallery-link').first().getAttribute('href');
    expect(href).toMatch(/^\/media\/[^/]+\/w\d+\.jpg$/);
    const image = await page.request.get(env.site.url + href);
    expect(image.headers()['content-type']).toBe('image/jpeg');
    await page.context().close();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`has no serious or critical axe violations on home, article, archive and search (${colorScheme})`, async () => {
      for (const path of ['/', SEED, '/category/news', '/search?q=sony']) {
        const page = await open(path, { colorScheme });
        const results = await new AxeBuilder({ page }).analyze();
        const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
        expect(
          serious.map(
            (v) =>
              `${path}: ${v.id} — ${v.nodes
                .map((n) => n.target.join(' '))
                .slice(0, 3)
                .join(', ')}`,
          ),
        ).toEqual([]);
        await page.context().close();
      }
    });
  }
});
