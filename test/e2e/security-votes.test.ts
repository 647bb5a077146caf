// Issue 11, finding 6 in a real browser: a reader without a guest cookie votes once and it
// counts — the server's first answer only sets the cookie (VOTE_NEEDS_COOKIE) and the widget
// repeats the request by itself, with no error shown.
import { describe, expect, it, vi } from 'vitest';
import { testEngines } from '../helpers/engines.ts';
import { makePost, makeUser } from '../helpers/factories.ts';
import { guestReader, seedComment } from '../helpers/readers.ts';
import { findComment } from '../../src/storage/repos/comments.ts';
import { chromiumPath, demoSiteAndBrowser } from './harness.ts';

vi.setConfig({ testTimeout: 120_000 });

describe.skipIf(!chromiumPath).each(testEngines())('a first vote without a cookie in Chromium on %s', (engine) => {
  const env = demoSiteAndBrowser(engine);

  it('gets the cookie, repeats the vote once, and counts it', async () => {
    const editor = await makeUser(env.site.t.ctx, 'editor');
    const post = await makePost(env.site.t.ctx, editor);
    const threadId = (await env.site.t.app.inject(`/api/v1/posts/${post.slug}`)).json().threadId as string;
    const target = await seedComment(env.site.t.ctx, { threadId, by: guestReader('Vote Target'), body: 'Worth a vote' });

    const context = await env.browser.newContext();
    const page = await context.newPage();
    const errors: Error[] = [];
    page.on('pageerror', (error) => errors.push(error));
    const answers: number[] = [];
    page.on('response', (response) => {
      if (response.url().endsWith(`/comments/${target.id}/vote`)) answers.push(response.status());
    });
    expect((await page.goto(`${env.site.url}/articles/${post.slug}`))?.status()).toBe(200);
    await page.locator('#comments[data-enhanced]').waitFor({ state: 'attached' });
    expect((await context.cookies()).some((c) => c.name === 'gz_guest')).toBe(false);

    const article = page.locator(`#comment-${target.id}`);
    await article.locator('.vote-up').click();
    await expect.poll(() => article.locator('.score').textContent()).toBe('1');
    await expect(article.locator('.vote-up').getAttribute('aria-pressed')).resolves.toBe('true');
    expect(answers).toEqual([409, 200]);
    await expect(article.locator('.action-error').count()).resolves.toBe(0);
    expect((await context.cookies()).some((c) => c.name === 'gz_guest')).toBe(true);
    expect((await findComment(env.site.t.ctx.db, target.id))!.upvotes).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });
});
