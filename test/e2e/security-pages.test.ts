// Issue 11, finding 5 in a real browser: a long conversation shows its first replies, and
// "N more replies" loads the rest in place (each under its parent), or, without JavaScript,
// opens a page of them.
import { describe, expect, it, vi } from 'vitest';
import { testEngines } from '../helpers/engines.ts';
import { makePost, makeUser } from '../helpers/factories.ts';
import { seedLongConversation } from '../helpers/long-conversation.ts';
import { REPLIES_PER_ROOT } from '../../src/domain/comments/types.ts';
import { chromiumPath, demoSiteAndBrowser } from './harness.ts';

vi.setConfig({ testTimeout: 180_000 });

const REPLIES = 120;

describe.skipIf(!chromiumPath).each(testEngines())('more replies in Chromium on %s', (engine) => {
  const env = demoSiteAndBrowser(engine);

  async function longConversation(): Promise<{ path: string; rootId: string; replyIds: string[] }> {
    const { t } = env.site;
    const post = await makePost(t.ctx, await makeUser(t.ctx, 'editor'));
    const threadId = (await t.app.inject(`/api/v1/posts/${post.slug}`)).json().threadId as string;
    return { path: `/articles/${post.slug}`, ...(await seedLongConversation(t.ctx, threadId, REPLIES, '2025-06-01T00:00:00.000Z')) };
  }

  it('loads the rest of a conversation in place, a page at a time, each reply under its parent', async () => {
    const { path, rootId, replyIds } = await longConversation();
    const context = await env.browser.newContext();
    const page = await context.newPage();
    const errors: Error[] = [];
    page.on('pageerror', (error) => errors.push(error));
    await page.goto(env.site.url + path);
    await page.locator('#comments[data-enhanced]').waitFor({ state: 'attached' });
    const replies = page.locator('.comment-list article[id^="comment-"]');
    await expect(replies.count()).resolves.toBe(1 + REPLIES_PER_ROOT);

    const more = page.locator('a.more-replies');
    await expect(more.textContent()).resolves.toBe(`${REPLIES - REPLIES_PER_ROOT} more replies`);
    await more.click();
    await expect.poll(() => replies.count()).toBe(1 + REPLIES_PER_ROOT + 50);
    await expect(more.textContent()).resolves.toBe(`${REPLIES - REPLIES_PER_ROOT - 50} more replies`);
    await more.click();
    await expect.poll(() => replies.count()).toBe(1 + REPLIES);
    await expect(page.locator('.more-replies-row').count()).resolves.toBe(0);

    const ids = await replies.evaluateAll((nodes) => nodes.map((n) => n.id.slice('comment-'.length)));
    expect(new Set(ids)).toEqual(new Set([rootId, ...replyIds]));
    // Reply 59 answers reply 58 (every tenth is nested): it sits inside its parent's item.
    const nested = page.locator(`li:has(> #comment-${replyIds[58]}) #comment-${replyIds[59]}`);
    await expect(nested.count()).resolves.toBe(1);
    expect(page.url()).toBe(env.site.url + path);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('opens a page of the next replies without JavaScript', async () => {
    const { path } = await longConversation();
    const context = await env.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(env.site.url + path);
    await page.locator('a.more-replies').click();
    await page.waitForURL(/\/comments\/[^/]+\/replies\?after=/);
    await expect(page.locator('h1').textContent()).resolves.toBe('More replies');
    await expect(page.locator('article[id^="comment-"]').count()).resolves.toBe(50);
    await expect(page.locator('a.more-replies').textContent()).resolves.toBe(`${REPLIES - REPLIES_PER_ROOT - 50} more replies`);
    await context.close();
  });
});
