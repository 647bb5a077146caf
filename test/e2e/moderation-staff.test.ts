// Moderators act where they read: on the article page a moderator gets Pin, Feature, Remove and
// Ban on each comment, made in the browser for staff alone; readers signed in or not never get
// them, and the shared (cached) article HTML carries nothing of them.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { testEngines } from '../helpers/engines.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makePost, makeUser } from '../helpers/factories.ts';
import { seedComment } from '../helpers/held-comments.ts';
import { createSession } from '../../src/domain/users/sessions.ts';
import { findComment } from '../../src/storage/repos/comments.ts';
import { activeSanctions } from '../../src/storage/repos/sanctions.ts';
import type { Comment, Post, User } from '../../src/storage/schema.ts';
import { chromiumPath, launchBrowser } from './harness.ts';

vi.setConfig({ testTimeout: 120_000 });

describe.skipIf(!chromiumPath).each(testEngines())('staff tools on the article page in Chromium on %s', (engine) => {
  let t: TestApp;
  let url: string;
  let browser: Browser;
  let moderator: User;
  let reader: User;
  let post: Post;
  let comments: Comment[];

  beforeAll(async () => {
    t = await buildTestApp(engine);
    t.clock.set(new Date(Date.now() - 60_000));
    moderator = await makeUser(t.ctx, 'moderator', 'Mo Derator');
    reader = await makeUser(t.ctx, 'reader', 'Rae Reader');
    post = await makePost(t.ctx, await makeUser(t.ctx, 'editor'), { title: 'Acting where one reads' });
    const threadId = (await t.app.inject(`/api/v1/posts/${post.slug}`)).json().threadId as string;
    comments = [];
    for (const [name, body] of [
      ['Pat Pinnable', 'A thoughtful remark worth pinning.'],
      ['Fay Featured', 'An editor would pick this one.'],
      ['Rudy Rude', 'Something that has to go.'],
      ['Troy Troll', 'Trolling again.'],
    ]) {
      t.clock.advance(1000);
      comments.push(
        await seedComment(t.ctx, {
          threadId,
          status: 'published',
          guest: { name: name!, email: `${name!.split(' ')[0]}@example.test` },
          body,
        }),
      );
    }
    [url, browser] = await Promise.all([t.app.listen({ port: 0, host: '127.0.0.1' }), launchBrowser()]);
  }, 60_000);
  const contexts: BrowserContext[] = [];
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await t?.close();
  });

  async function open(user: User | null): Promise<Page> {
    const context = await browser.newContext();
    contexts.push(context);
    if (user) {
      const token = await createSession(t.ctx, user.id, { userAgent: null, ip: null });
      await context.addCookies([{ name: 'gz_session', value: token, url }]);
    }
    const page = await context.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });
    await page.goto(`${url}/articles/${post.slug}?sort=oldest`);
    await page.locator('section.discussion[data-enhanced]').waitFor();
    return page;
  }
  const row = async (id: string) => (await findComment(t.ctx.db, id))!;
  const tools = (page: Page, c: Comment) => page.locator(`#comment-${c.id} .staff-tools`);

  it('gives a moderator pin, feature, remove and ban on each comment, through the moderation API', async () => {
    const [pinnable, featured, rude, troll] = comments as [Comment, Comment, Comment, Comment];
    const page = await open(moderator);
    await tools(page, pinnable).waitFor();
    await expect(page.locator('.staff-tools').count()).resolves.toBe(comments.length);

    await tools(page, pinnable).locator('button[data-staff="pin"]').click();
    await expect.poll(async () => (await row(pinnable.id)).pinned_at).not.toBeNull();
    await tools(page, pinnable).locator('button[data-staff="unpin"]').waitFor();
    await expect(page.locator(`#comment-${pinnable.id} .comment-pinned`).count()).resolves.toBe(1);

    await tools(page, featured).locator('button[data-staff="feature"]').click();
    await expect.poll(async () => (await row(featured.id)).featured_at).not.toBeNull();

    await tools(page, rude).locator('button[data-staff="open-remove"]').click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(`staff-remove-${rude.id}`);
    await page.keyboard.type('Insults');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await row(rude.id)).status).toBe('rejected');
    expect((await row(rude.id)).rejection_reason).toBe('Insults');

    await tools(page, troll).locator('button[data-staff="open-ban"]').click();
    await page.keyboard.type('Trolls every thread');
    await page.keyboard.press('Enter');
    await expect.poll(() => tools(page, troll).locator('[role="status"]').textContent()).toContain('Banned');
    const bans = await activeSanctions(t.ctx.db, ['email:troy@example.test'], new Date().toISOString());
    expect(bans).toMatchObject([{ kind: 'ban', reason: 'Trolls every thread' }]);

    // Escape closes an open form and gives focus back to the button that opened it.
    await tools(page, pinnable).locator('button[data-staff="open-ban"]').click();
    await page.keyboard.press('Escape');
    await expect(tools(page, pinnable).locator('form[data-staff="ban"]').isHidden()).resolves.toBe(true);
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toContain('Ban…');

    await tools(page, pinnable).locator('button[data-staff="open-remove"]').click();
    const results = await new AxeBuilder({ page }).include('#comments').analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });

  it('gives readers, signed in or not, no staff tools, and the shared page carries none', async () => {
    for (const who of [reader, null]) {
      const page = await open(who);
      await page.locator(`#comment-${comments[0]!.id}`).waitFor();
      await expect(page.locator('.staff-tools').count()).resolves.toBe(0);
    }
    const shared = await t.app.inject(`/articles/${post.slug}`);
    expect(shared.body).not.toMatch(/staff-tools|data-staff/);
    const cachedAgain = await t.app.inject(`/articles/${post.slug}`);
    expect(cachedAgain.body).not.toMatch(/staff-tools|data-staff/);
  });
});
