// Live updates come back after the server turned a stream away. EventSource retries by itself
// after a dropped connection but gives up for good on an error answer (a 503 from an overloaded
// or restarting server), so the comments client opens a new stream after a pause, resuming from
// the last event it saw: a comment posted while the page had no stream still arrives.
import { describe, expect, it, vi } from 'vitest';
import { testEngines } from '../helpers/engines.ts';
import { makePost, makeUser } from '../helpers/factories.ts';
import { chromiumPath, demoSiteAndBrowser } from './harness.ts';

vi.setConfig({ testTimeout: 120_000 });

describe.skipIf(!chromiumPath).each(testEngines())('live updates after a refused stream in Chromium on %s', (engine) => {
  const env = demoSiteAndBrowser(engine);

  async function postAsOther(threadId: string, body: string): Promise<string> {
    const response = await env.site.t.app.inject({
      method: 'POST',
      url: `/api/v1/threads/${threadId}/comments`,
      headers: { 'content-type': 'application/json' },
      payload: { body, guest: { name: 'Other Person', email: 'other@example.test' } },
    });
    expect(response.statusCode).toBe(201);
    return (response.json() as { id: string }).id;
  }

  it('opens a new stream after a 503 and gets what was posted meanwhile, resuming from the last event', async () => {
    const editor = await makeUser(env.site.t.ctx, 'editor');
    const post = await makePost(env.site.t.ctx, editor);
    const context = await env.browser.newContext();
    const page = await context.newPage();
    const errors: Error[] = [];
    page.on('pageerror', (error) => errors.push(error));

    // The server is up; the first stream is answered, the second is refused as an overloaded server would.
    const streamUrls: string[] = [];
    let refuse = false;
    await page.route('**/api/v1/threads/*/events*', async (route) => {
      streamUrls.push(route.request().url());
      if (!refuse) return route.continue();
      refuse = false;
      return route.fulfill({ status: 503, headers: { 'retry-after': '1' }, contentType: 'application/json', body: '{}' });
    });
    await page.goto(`${env.site.url}/articles/${post.slug}`);
    await page.locator('#comments[data-live="open"]').waitFor({ state: 'attached' });
    const threadId = (await page.locator('#comments').getAttribute('data-thread-id'))!;

    // One event through the first stream, so the page has an id to resume from.
    const first = await postAsOther(threadId, 'The first comment, while the stream was open.');
    await expect.poll(() => page.locator('.new-comments button').textContent()).toBe('1 new comment');

    // The stream drops (as when an instance stops); EventSource's own retry is refused with 503.
    refuse = true;
    await page.evaluate(() => window.stop());
    await page.locator('#comments[data-live="closed"]').waitFor({ state: 'attached' });
    const second = await postAsOther(threadId, 'The second comment, while the page had no stream.');

    // The client tries again by itself, resumes after the first comment's event, and hears of the second.
    await page.locator('#comments[data-live="open"]').waitFor({ state: 'attached', timeout: 20_000 });
    await expect.poll(() => page.locator('.new-comments button').textContent()).toBe('2 new comments');
    expect(streamUrls.length).toBeGreaterThanOrEqual(3);
    expect(streamUrls.at(-1)).toMatch(/[?&]lastEventId=[^&]+/);
    await page.locator('.new-comments button').click();
    await expect(page.locator(`#comment-${first}`).count()).resolves.toBe(1);
    await expect(page.locator(`#comment-${second}`).count()).resolves.toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });
});
