// Search results with the Comments tab in a real browser: the tabs by keyboard, a hit that lands on
// its comment inside the article, and axe-core on the results page in light and dark.
import { describe, expect, it, vi } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import { testEngines } from '../helpers/engines.ts';
import { chromiumPath, demoSiteAndBrowser } from './harness.ts';
import { lowContrastButtons } from './contrast.ts';

vi.setConfig({ testTimeout: 180_000 });

describe.skipIf(!chromiumPath).each(testEngines())('comment search in Chromium on %s', (engine) => {
  const env = demoSiteAndBrowser(engine);

  it('switches to the Comments tab by keyboard and lands on a hit inside its article', async () => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${env.site.url}/search?q=fingerprint`);
    const tab = page.getByRole('link', { name: /^Comments \(\d+\)$/ });
    const count = Number(/\((\d+)\)/.exec((await tab.textContent()) ?? '')![1]);
    expect(count).toBeGreaterThan(0);
    await tab.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/in=comments/);
    await expect(page.locator('.search-summary').textContent()).resolves.toMatch(/comments? match/);
    expect(await page.locator('.search-tabs a[aria-current="page"]').textContent()).toMatch(/^Comments/);
    const first = page.locator('.search-result-comment .search-snippet a').first();
    await expect(first.locator('mark').first().textContent()).resolves.toMatch(/fingerprint/i);
    const id = /\/comments\/([^/?#]+)/.exec((await first.getAttribute('href'))!)![1]!;
    await first.click();
    await page.waitForURL(/\/articles\/sony-mobile-to-defocus-on-india-and-usa/);
    expect(page.url()).toContain(`#comment-${id}`);
    await expect(page.locator(`#comment-${id}`).isVisible()).resolves.toBe(true);
    await context.close();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`has no serious accessibility violations on the comment results (${colorScheme})`, async () => {
      const context = await env.browser.newContext({ colorScheme });
      const page = await context.newPage();
      const response = await page.goto(`${env.site.url}/search?q=sony&in=comments`);
      expect(response?.status()).toBe(200);
      expect(await page.locator('.search-result-comment').count()).toBeGreaterThan(0);
      const results = await new AxeBuilder({ page }).analyze();
      const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
      expect(await lowContrastButtons(page)).toEqual([]);
      await context.close();
    });
  }
});
