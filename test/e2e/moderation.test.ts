// The moderation desk in Chromium: approve with the keyboard (j then a), bulk spam, a ban given
// from the desk, a new held comment announced live, axe in light and dark, and a shadow-banned
// author who sees their own comment while another browser does not.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { testEngines } from '../helpers/engines.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makePost, makeUser } from '../helpers/factories.ts';
import { seedComment } from '../helpers/held-comments.ts';
import { createSession } from '../../src/domain/users/sessions.ts';
import { banAuthor } from '../../src/domain/moderation/sanctions.ts';
import { postComment } from '../../src/domain/comments/write.ts';
import { findComment } from '../../src/storage/repos/comments.ts';
import { activeSanctions } from '../../src/storage/repos/sanctions.ts';
import type { Post, User } from '../../src/storage/schema.ts';
import { chromiumPath, launchBrowser } from './harness.ts';

vi.setConfig({ testTimeout: 120_000 });

describe.skipIf(!chromiumPath).each(testEngines())('moderation desk in Chromium on %s', (engine) => {
  let t: TestApp;
  let url: string;
  let browser: Browser;
  let moderator: User;
  let post: Post;
  let threadId: string;

  beforeAll(async () => {
    t = await buildTestApp(engine);
    t.clock.set(new Date());
    moderator = await makeUser(t.ctx, 'moderator', 'Mo Derator');
    const editor = await makeUser(t.ctx, 'editor', 'Ed Itor');
    post = await makePost(t.ctx, editor, { title: 'Galaxy Note 7 hands-on' });
    threadId = (await t.app.inject(`/api/v1/posts/${post.slug}`)).json().threadId;
    [url, browser] = await Promise.all([t.app.listen({ port: 0, host: '127.0.0.1' }), launchBrowser()]);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const contexts: BrowserContext[] = [];
  async function signedIn(user: User | null, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
    const context = await browser.newContext({ colorScheme });
    contexts.push(context);
    if (user) {
      const token = await createSession(t.ctx, user.id, { userAgent: null, ip: null });
      await context.addCookies([{ name: 'gz_session', value: token, url }]);
    }
    const page = await context.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });
    return page;
  }
  afterAll(async () => Promise.all(contexts.map((c) => c.close())));

  const status = async (id: string) => (await findComment(t.ctx.db, id))?.status;
  const held = async (name: string, body: string) => {
    t.clock.advance(1000);
    return seedComment(t.ctx, {
      threadId,
      guest: { name, email: `${name.toLowerCase().replace(/\W+/g, '.')}@example.test` },
      body,
      steps: [{ step: 'model', verdict: 'hold', reason: 'The learned filter gives 91% spam', score: 0.91 }],
      spamScore: 0.91,
    });
  };
  const desk = async (page: Page, query = `?status=pending&post=${post.slug}`) => {
    await page.goto(`${url}/admin/moderation${query}`);
    await page.locator('[data-mod-desk]').waitFor();
  };

  it('approves with the keyboard: j focuses the first item, a approves it', async () => {
    const older = await held('Olive Older', 'The older held remark.');
    const newer = await held('Nina Newer', 'The newer held remark.');
    const page = await signedIn(moderator);
    await desk(page);
    await page.keyboard.press('j');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(`item-${newer.id}`);
    await page.keyboard.press('a');
    await page.locator(`#item-${newer.id}`).waitFor({ state: 'detached' });
    await expect.poll(() => status(newer.id)).toBe('published');
    // Focus moves on to the next item, ready for the next key.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(`item-${older.id}`);
    // The notice (with its Undo) says what was done.
    await expect(page.locator('#mod-undo').textContent()).resolves.toContain('Approved');
    await page.keyboard.press('s');
    await expect.poll(() => status(older.id)).toBe('spam');
  });

  it('marks several comments as spam at once', async () => {
    const bots = [await held('Bot Alpha', '.'), await held('Bot Beta', '..'), await held('Bot Gamma', '...')];
    const keep = await held('Real Person', 'A genuine question about the stylus.');
    const page = await signedIn(moderator);
    await desk(page);
    await page.check(`#select-${bots[0]!.id}`);
    await page.check(`#select-${bots[1]!.id}`);
    // x selects the focused item too.
    await page.locator(`#item-${bots[2]!.id}`).focus();
    await page.keyboard.press('x');
    await expect(page.isChecked(`#select-${bots[2]!.id}`)).resolves.toBe(true);
    await page.selectOption('#bulk-action', 'spam');
    await page.click('#bulk-form button[type="submit"]');
    for (const bot of bots) await page.locator(`#item-${bot.id}`).waitFor({ state: 'detached' });
    await expect.poll(async () => Promise.all(bots.map((b) => status(b.id)))).toEqual(['spam', 'spam', 'spam']);
    expect(await status(keep.id)).toBe('pending');
    await expect(page.locator(`#item-${keep.id}`).count()).resolves.toBe(1);
  });

  it('bans the author of an item from the desk', async () => {
    const troll = await held('Terry Troll', 'You are all idiots.');
    const page = await signedIn(moderator);
    await desk(page);
    const item = page.locator(`#item-${troll.id}`);
    await item.locator('summary:has-text("Ban author")').click();
    await item.locator('select[name="kind"]').selectOption('ban');
    await item.locator('input[name="days"]').fill('30');
    await item.locator('input[name="reason"][id^="ban-reason"]').fill('Insults other readers');
    await item.locator('button:has-text("Ban")').click();
    await page.waitForURL(/\/admin\/moderation\?/);
    const sanctions = await activeSanctions(t.ctx.db, ['email:terry.troll@example.test'], new Date().toISOString());
    expect(sanctions).toMatchObject([{ kind: 'ban', reason: 'Insults other readers' }]);
    // The held comment went with the ban; the log says who did it.
    expect(await status(troll.id)).toBe('rejected');
    await page.goto(`${url}/admin/moderation/log?action=ban`);
    await expect(page.locator('.mod-log-table').textContent()).resolves.toContain('Insults other readers');
  });

  it('announces a newly held comment live and brings it in on request', async () => {
    const page = await signedIn(moderator);
    await desk(page);
    await page.locator('[data-mod-desk][data-live="on"]').waitFor();
    const fresh = await held('Late Larry', 'Held while the desk was open.');
    t.ctx.events.publish({ type: 'comment.created', threadId, postId: post.id, commentId: fresh.id });
    await page.locator('#mod-live button:has-text("Show them")').click();
    await page.locator(`#item-${fresh.id}`).waitFor();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`has no serious or critical axe violations on the desk and the log (${colorScheme})`, async () => {
      await held('Axe Checker', 'Something to show in the queue, with a [link](https://example.com).');
      const page = await signedIn(moderator, colorScheme);
      for (const path of [`/admin/moderation?status=pending`, '/admin/moderation?status=recent', '/admin/moderation/log']) {
        await page.goto(url + path);
        // The folded forms (reject, ban) are checked open too.
        await page.evaluate(() => document.querySelectorAll('details').forEach((d) => d.setAttribute('open', '')));
        const results = await new AxeBuilder({ page }).analyze();
        const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
        expect([path, serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)]).toEqual([path, []]);
      }
    });
  }

  it('shows a shadow-banned author their own comment, and nobody else', async () => {
    const shady = await makeUser(t.ctx, 'reader', 'Shadow Sam');
    await banAuthor(
      t.ctx,
      { id: moderator.id, role: 'moderator' },
      { subject: `user:${shady.id}`, kind: 'shadow', reason: 'Sock puppets' },
    );
    t.clock.advance(60_000);
    const { comment } = await postComment(
      t.ctx,
      { kind: 'account', id: shady.id, role: 'reader', name: shady.display_name, slug: shady.slug },
      { threadId, body: 'Nobody seems to answer me lately.' },
    );
    expect(comment.status).toBe('shadow');
    const own = await signedIn(shady);
    await own.goto(`${url}/articles/${post.slug}?sort=newest`);
    await expect(own.locator(`#comment-${comment.id}`).textContent()).resolves.toContain('Nobody seems to answer me lately.');
    const other = await signedIn(null);
    await other.goto(`${url}/articles/${post.slug}?sort=newest`);
    await other.locator('#comments').waitFor();
    await expect(other.locator(`#comment-${comment.id}`).count()).resolves.toBe(0);
    await expect(other.locator('#comments').textContent()).resolves.not.toContain('Nobody seems to answer me lately.');
  });
});
