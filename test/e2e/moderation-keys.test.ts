// The desk's keys in Chromium: r opens the item's own reject form (letters typed next land in
// its reason field, never on the queue), Escape gives focus back to the item, fields keep their
// keys, u undoes a decision on the server, axe with the reject form open, and the desk, the log
// and the admin masthead at phone width (375 px) without sideways scrolling, queue counts on the
// tabs and in the masthead.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { testEngines } from '../helpers/engines.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makePost, makeUser } from '../helpers/factories.ts';
import { seedComment, seedReports } from '../helpers/held-comments.ts';
import { createSession } from '../../src/domain/users/sessions.ts';
import { findComment } from '../../src/storage/repos/comments.ts';
import type { Post, User } from '../../src/storage/schema.ts';
import { chromiumPath, launchBrowser } from './harness.ts';

vi.setConfig({ testTimeout: 120_000 });

describe.skipIf(!chromiumPath).each(testEngines())('moderation desk keys, undo and phone layout in Chromium on %s', (engine) => {
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
    post = await makePost(t.ctx, await makeUser(t.ctx, 'editor'), { title: 'Stray keys' });
    threadId = (await t.app.inject(`/api/v1/posts/${post.slug}`)).json().threadId;
    [url, browser] = await Promise.all([t.app.listen({ port: 0, host: '127.0.0.1' }), launchBrowser()]);
  }, 60_000);
  const contexts: BrowserContext[] = [];
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await t?.close();
  });

  async function signedIn(user: User, viewport = { width: 1280, height: 900 }): Promise<Page> {
    const context = await browser.newContext({ viewport });
    contexts.push(context);
    const token = await createSession(t.ctx, user.id, { userAgent: null, ip: null });
    await context.addCookies([{ name: 'gz_session', value: token, url }]);
    const page = await context.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });
    return page;
  }
  const status = async (id: string) => (await findComment(t.ctx.db, id))?.status;
  const held = async (name: string, body: string) => {
    t.clock.advance(1000);
    return seedComment(t.ctx, {
      threadId,
      guest: { name, email: `${name.toLowerCase().replace(/\W+/g, '.')}@example.test` },
      body,
      steps: [{ step: 'links', verdict: 'hold', reason: '4 links; the site allows 3' }],
    });
  };
  const desk = async (page: Page, query = `?status=pending&post=${post.slug}`) => {
    await page.goto(`${url}/admin/moderation${query}`);
    await page.locator('[data-mod-desk]').waitFor();
  };
  const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id);

  it('r opens an in-page reject form: typing goes into its reason, Escape returns to the item, nothing is approved', async () => {
    const spam = await held('Link Larry', '[a](https://a.test) [b](https://b.test) [c](https://c.test) [d](https://d.test)');
    const page = await signedIn(moderator);
    // A window.prompt would be dismissed at once here (no dialog handler), as a cancelled one was.
    page.on('dialog', (dialog) => void dialog.dismiss());
    await desk(page);
    await page.keyboard.press('j');
    await expect.poll(() => focusedId(page)).toBe(`item-${spam.id}`);
    await page.keyboard.press('r');
    await expect.poll(() => focusedId(page)).toBe(`reject-${spam.id}`);
    await page.keyboard.type('aaa');
    await expect(page.inputValue(`#reject-${spam.id}`)).resolves.toBe('aaa');
    await page.keyboard.press('Escape');
    await expect.poll(() => focusedId(page)).toBe(`item-${spam.id}`);
    await expect(page.locator(`#item-${spam.id} details:has(form[data-action="reject"])`).getAttribute('open')).resolves.toBeNull();
    expect(await status(spam.id)).toBe('pending');

    // Keys typed into any other field stay there too.
    await page.locator('#filter-author').focus();
    await page.keyboard.type('asrx');
    await page.locator('#bulk-reason').focus();
    await page.keyboard.type('sass');
    expect(await status(spam.id)).toBe('pending');
    await expect(page.locator(`#item-${spam.id}`).count()).resolves.toBe(1);

    // The form's Cancel button does what Escape does; its Reject sends the reason.
    await page.locator(`#item-${spam.id}`).focus();
    await page.keyboard.press('r');
    await page.locator(`#item-${spam.id} .mod-cancel`).click();
    await expect.poll(() => focusedId(page)).toBe(`item-${spam.id}`);
    await page.keyboard.press('r');
    await page.keyboard.type('Link farm');
    await page.keyboard.press('Enter');
    await expect.poll(() => status(spam.id)).toBe('rejected');
    expect((await findComment(t.ctx.db, spam.id))!.rejection_reason).toBe('Link farm');
  });

  it('offers Undo after a key: u puts the comment back on the server and in the queue', async () => {
    const first = await held('Una Undo', 'Approved by mistake.');
    const second = await held('Sam Spam', 'Marked spam by mistake.');
    const page = await signedIn(moderator);
    await desk(page);
    await page.locator(`#item-${first.id}`).focus();
    await page.keyboard.press('a');
    await page.locator(`#item-${first.id}`).waitFor({ state: 'detached' });
    await expect.poll(() => status(first.id)).toBe('published');
    const toast = page.locator('#mod-undo[role="status"]');
    await expect(toast.textContent()).resolves.toContain('Approved: the comment by Una Undo.');
    await page.keyboard.press('u');
    await expect.poll(() => status(first.id)).toBe('pending');
    await page.locator(`#item-${first.id}`).waitFor();
    await expect.poll(() => focusedId(page)).toBe(`item-${first.id}`);
    await expect(page.locator('#mod-live').textContent()).resolves.toContain('Undone');
    await expect(toast.textContent()).resolves.toBe('');

    // The notice's button does the same, for a spam mark.
    await page.locator(`#item-${second.id}`).focus();
    await page.keyboard.press('s');
    await expect.poll(() => status(second.id)).toBe('spam');
    await toast.locator('button:has-text("Undo")').click();
    await expect.poll(() => status(second.id)).toBe('pending');
    await page.locator(`#item-${second.id}`).waitFor();
    // Nothing left to undo: u does nothing.
    await page.keyboard.press('u');
    expect([await status(first.id), await status(second.id)]).toEqual(['pending', 'pending']);
  });

  it('has no serious or critical axe violations with the reject form and the undo notice open', async () => {
    const a = await held('Axel Axe', 'Something to reject.');
    const b = await held('Bea Axe', 'Something to approve.');
    const page = await signedIn(moderator);
    await desk(page);
    await page.locator(`#item-${b.id}`).focus();
    await page.keyboard.press('a');
    await page.locator('#mod-undo button').waitFor();
    await page.locator(`#item-${a.id}`).focus();
    await page.keyboard.press('r');
    await expect.poll(() => focusedId(page)).toBe(`reject-${a.id}`);
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });

  it('reads on a 375 px phone: desk, open forms, log and admin masthead without sideways scrolling; counts on tabs and masthead', async () => {
    const long = await held(
      'Wilhelmina Extraordinarily-Longname',
      'Averyveryverylongwordwithoutanyspacesthatwouldpushthelayoutsidewaysonaphonescreenifnothingwrappedit https://example.test/a/very/long/path/that/goes/on/and/on',
    );
    const reported = await seedComment(t.ctx, { threadId, status: 'published', author: moderator, body: 'Reported once.' });
    await seedReports(t.ctx, reported.id, ['spam']);
    const page = await signedIn(moderator, { width: 375, height: 800 });
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth);
    await desk(page, '?status=pending');
    await expect(page.locator('.account-nav a[href="/admin/moderation"] .queue-count').textContent()).resolves.toMatch(/^\(\d+ waiting\)$/);
    await expect(page.locator('.mod-tabs a[href*="status=reported"]').textContent()).resolves.toMatch(/^Reported \d+$/);
    expect(await overflow()).toBeLessThanOrEqual(375);
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => d.setAttribute('open', '')));
    expect(await overflow()).toBeLessThanOrEqual(375);
    // Every action button is on the screen's width, big enough for a thumb.
    const buttons = await page.locator(`#item-${long.id} .mod-actions button`).evaluateAll((all) =>
      all.map((b) => {
        const r = b.getBoundingClientRect();
        return { right: r.right, height: r.height };
      }),
    );
    expect(buttons.length).toBeGreaterThan(2);
    for (const b of buttons) {
      expect(b.right).toBeLessThanOrEqual(375);
      expect(b.height).toBeGreaterThanOrEqual(44);
    }
    await page.keyboard.press('Escape');
    await page.locator(`#item-${long.id}`).focus();
    await page.keyboard.press('a');
    await page.locator('#mod-undo button').waitFor();
    expect(await overflow()).toBeLessThanOrEqual(375);
    await page.goto(`${url}/admin/moderation/log`);
    expect(await overflow()).toBeLessThanOrEqual(375);
    await expect(page.locator('.mod-log-table').textContent()).resolves.toContain('“Averyveryverylong');

    // An admin's masthead carries the most links (Desk, Moderation with its count, Outbox).
    const admin = await signedIn(await makeUser(t.ctx, 'admin', 'Adelheid Administratorin-Langname'), { width: 375, height: 800 });
    for (const path of ['/admin/moderation?status=recent', '/admin/moderation/log', '/admin/outbox']) {
      await admin.goto(url + path);
      await admin.locator('.account-nav a[href="/admin/outbox"]').waitFor();
      expect(await admin.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(375);
    }
  });
});
