// The newsroom dashboard in Chromium, on the demo site: "all time" shows the demo's 2016
// discussion as charts, axe finds no serious or critical violations, and the period form works
// by keyboard without any script of its own.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { testEngines } from '../helpers/engines.ts';
import { makeUser } from '../helpers/factories.ts';
import { createSession } from '../../src/domain/users/sessions.ts';
import { chromiumPath, launchBrowser, startDemoSite, type DemoSite } from './harness.ts';
import { docShot } from './screenshot.ts';

vi.setConfig({ testTimeout: 120_000 });

describe.skipIf(!chromiumPath).each(testEngines())('newsroom dashboard in Chromium on %s', (engine) => {
  let site: DemoSite;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    [site, browser] = await Promise.all([startDemoSite(engine), launchBrowser()]);
    const editor = await makeUser(site.t.ctx, 'editor', 'Eddie Editor');
    const token = await createSession(site.t.ctx, editor.id, { userAgent: null, ip: null });
    context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    await context.addCookies([{ name: 'gz_session', value: token, url: site.url }]);
    page = await context.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });
  }, 120_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await site?.close();
  });

  it('shows the demo’s 2016 figures under all time, with no serious accessibility faults', async () => {
    await page.goto(`${site.url}/desk?period=all`);
    await expect(page.locator('svg[role="img"]').count()).resolves.toBe(3);
    expect(await page.getByRole('img', { name: /^Comments per week/ }).count()).toBe(1);
    expect(await page.locator('.desk-period-range').textContent()).toMatch(/2016.*2016/);
    expect(Number(await page.locator('#desk-figure-comments').textContent())).toBeGreaterThan(50);
    expect(await page.locator('.desk-top-articles tbody tr').count()).toBeGreaterThan(0);
    // The numbers behind a chart open from their summary.
    await page.getByText('Comments per week: the numbers').click();
    await page.getByRole('table', { name: 'Comments per week' }).waitFor();
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    await page.getByText('Comments per week: the numbers').click();
    await docShot(page.locator('.desk-dashboard'), 'writing-dashboard');
  });

  it('changes the period by keyboard through the form', async () => {
    await page.goto(`${site.url}/desk?period=all`);
    await page.getByLabel('Period', { exact: true }).focus();
    await page.getByLabel('Period', { exact: true }).selectOption('7d');
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Show');
    await Promise.all([page.waitForURL(/period=7d/), page.keyboard.press('Enter')]);
    expect(await page.locator('#desk-figure-comments').textContent()).toBe('0');
    expect(await page.getByRole('img', { name: /^Comments per day/ }).count()).toBe(1);
  });
});
