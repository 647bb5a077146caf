// A right-to-left reader in a real browser: Chromium asking for Arabic gets the seed article laid
// out right to left, nothing wider than the window (phone and desktop), and axe finds no serious
// or critical violation.
import { describe, expect, it, vi } from 'vitest';
import { testEngines } from '../helpers/engines.ts';
import { chromiumPath, demoSiteAndBrowser, expectNoSeriousAxe } from './harness.ts';

vi.setConfig({ testTimeout: 180_000 });

const SEED = '/articles/sony-mobile-to-defocus-on-india-and-usa';

describe.skipIf(!chromiumPath).each(testEngines().slice(0, 1))('Arabic reader in Chromium on %s', (engine) => {
  const env = demoSiteAndBrowser(engine);

  for (const viewport of [
    { width: 375, height: 800 },
    { width: 1280, height: 900 },
  ]) {
    it(`renders the seed article right to left without sideways scrolling at ${viewport.width}px`, async () => {
      // The context's locale is what Chromium sends as Accept-Language.
      const context = await env.browser.newContext({ locale: 'ar', viewport });
      const page = await context.newPage();
      const response = await page.goto(env.site.url + SEED);
      expect(response?.status()).toBe(200);
      await expect(page.locator('html').getAttribute('dir')).resolves.toBe('rtl');
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe('ar');
      await expect(page.locator('.skip-link').textContent()).resolves.toBe('انتقل إلى المحتوى');
      // The layout really runs right to left: the byline starts at the right edge of the column.
      const direction = await page.evaluate(() => getComputedStyle(document.querySelector('.byline')!).direction);
      expect(direction).toBe('rtl');
      const overflow = await page.evaluate(() => {
        const root = document.scrollingElement!;
        return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth };
      });
      expect(overflow.scrollWidth).toBeLessThanOrEqual(overflow.clientWidth);
      await expectNoSeriousAxe(page, `Arabic article at ${viewport.width}px`);
      await context.close();
    });
  }
});
