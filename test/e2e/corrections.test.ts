// The desk's corrections in a real browser: a newcomer's first look at the demo is the seed article
// (the editors' lead story); a reader reports an error in it with the plain form, no account; an
// editor turns the report into a correction note with one call; the note is on the article.
import { describe, expect, it, vi } from 'vitest';
import { testEngines } from '../helpers/engines.ts';
import { makeStaffWithToken } from '../helpers/factories.ts';
import { chromiumPath, demoSiteAndBrowser } from './harness.ts';

vi.setConfig({ testTimeout: 120_000 });

describe.skipIf(!chromiumPath).each(testEngines())("a reader's error report becomes a correction in Chromium on %s", (engine) => {
  const env = demoSiteAndBrowser(engine);

  it('from the home page lead to a published correction note', async () => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    await page.goto(env.site.url + '/');
    // The lead story is the first card on the page, and it is the seed article.
    const lead = page.locator('main .card').first().locator('.card-title a');
    await expect.poll(() => lead.textContent()).toBe('Sony Mobile to “defocus” on India and USA');
    await lead.click();
    await page.waitForURL(/\/articles\//);
    const articleUrl = page.url();

    await page.getByText('Report an error in this article').click();
    await page.getByLabel('What is wrong?').fill('The investor day was on 29 June, not 30 June.');
    await page.getByRole('button', { name: 'Send to the editors' }).click();
    await page.waitForURL(/\/error-reports\/thanks$/);
    expect(await page.locator('main').textContent()).toContain('Your report has reached the editors');

    const { auth } = await makeStaffWithToken(env.site.t.ctx, 'editor');
    const open = (await env.site.t.app.inject({ url: '/api/v1/admin/error-reports?status=open', headers: auth })).json().reports as {
      id: string;
      text: string;
    }[];
    const report = open.find((r) => r.text === 'The investor day was on 29 June, not 30 June.')!;
    expect(report).toBeDefined();
    const made = await env.site.t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/error-reports/${report.id}/correction`,
      headers: auth,
      payload: { text: 'The investor day was on 29 June.' },
    });
    expect(made.statusCode).toBe(201);

    await page.goto(articleUrl);
    const note = page.locator('.corrections .correction');
    expect(await note.textContent()).toMatch(/^Correction, \d{1,2} \w+ \d{4}: The investor day was on 29 June\.$/);
    await context.close();
  });
});
