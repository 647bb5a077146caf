// The account journey in Chromium, with mail through a real SMTP server: sign up → confirmation
// mail → confirm by button → sign in by mailed link and by password → reply to someone → the notification mail reaches the parent's author → its
// unsubscribe link turns that mail off. Plus axe on the account pages in light and dark.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { testEngines } from '../helpers/engines.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makePost, makeUser } from '../helpers/factories.ts';
import { startMailbox, type Mailbox } from '../helpers/mail.ts';
import { createAccount } from '../../src/domain/users/accounts.ts';
import { postComment } from '../../src/domain/comments/write.ts';
import { findUserByEmail } from '../../src/storage/repos/users.ts';
import { chromiumPath, launchBrowser } from './harness.ts';

vi.setConfig({ testTimeout: 180_000 });

describe.skipIf(!chromiumPath).each(testEngines())('accounts in Chromium on %s', (engine) => {
  let t: TestApp;
  let url: string;
  let mailbox: Mailbox;
  let browser: Browser;
  let articlePath: string;
  let parentCommentId: string;

  beforeAll(async () => {
    mailbox = await startMailbox();
    t = await buildTestApp(engine, { smtpUrl: mailbox.url });
    t.clock.set(new Date());
    const editor = await makeUser(t.ctx, 'editor', 'Desk Editor');
    const post = await makePost(t.ctx, editor, { title: 'Xperia X Performance review' });
    articlePath = `/articles/${post.slug}`;
    // The person who will be answered: an account with a comment already in the thread.
    const parent = await createAccount(t.ctx, { email: 'parent@example.test', displayName: 'Pat Parent', role: 'reader' });
    const threadId = (await t.app.inject(`/api/v1/posts/${post.slug}`)).json().threadId as string;
    parentCommentId = (
      await postComment(
        t.ctx,
        { kind: 'account', id: parent.id, role: 'reader', name: parent.display_name, slug: parent.slug },
        { threadId, body: 'The camera is the weak point.' },
      )
    ).comment.id;
    [url, browser] = await Promise.all([t.app.listen({ port: 0, host: '127.0.0.1' }), launchBrowser()]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await mailbox?.close();
  });

  async function newPage(colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
    const context = await browser.newContext({ colorScheme });
    const page = await context.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });
    return page;
  }

  const local = (link: string) => url + new URL(link).pathname + new URL(link).search;

  it('signs up, confirms by mail, signs in, replies, and the parent hears of it by mail with a working unsubscribe', async () => {
    const page = await newPage();
    await page.goto(`${url}/signup`);
    await page.fill('#signup-displayName', 'Riley Reader');
    await page.fill('#signup-email', 'riley@example.test');
    await page.fill('#signup-password', 'short');
    await page.click('#signup button[type="submit"]');
    // The error sits at the field, the other values stay.
    await expect(page.locator('#signup-password-error').textContent()).resolves.toMatch(/at least 10 characters/);
    await expect(page.inputValue('#signup-email')).resolves.toBe('riley@example.test');
    await page.fill('#signup-password', 'tangerine bicycle harbour');
    await page.click('#signup button[type="submit"]');
    await expect(page.locator('h1').textContent()).resolves.toBe('Check your email');

    const confirmation = await mailbox.waitFor((m) => m.to.includes('riley@example.test') && /Confirm your email/.test(m.subject));
    const verifyLink = confirmation.links.find((l) => l.includes('/verify?token='))!;
    // The link opens a page; its button (a same-origin POST) confirms and signs in.
    await page.goto(local(verifyLink));
    await expect(page.locator('.account-nav').textContent()).resolves.toContain('Sign in');
    await page.click('#link-confirm button[type="submit"]');
    await expect(page.locator('h1').textContent()).resolves.toBe('Your email is confirmed');
    await expect(page.locator('.account-nav').textContent()).resolves.toContain('Riley Reader');

    // Sign out, then back in by an emailed link: following it signs in only after the button.
    await page.click('.account-nav button:has-text("Sign out")');
    await expect(page.locator('.account-nav').textContent()).resolves.toContain('Sign in');
    await page.goto(`${url}/signin`);
    await page.fill('#signin-link-linkEmail', 'riley@example.test');
    await page.click('#signin-link button[type="submit"]');
    await expect(page.locator('h1').textContent()).resolves.toBe('Check your email');
    const signInMail = await mailbox.waitFor((m) => m.to.includes('riley@example.test') && /sign-in link/.test(m.subject));
    await page.goto(local(signInMail.links.find((l) => l.includes('/signin/link?token='))!));
    await expect(page.locator('.account-nav').textContent()).resolves.toContain('Sign in');
    await page.click('#link-confirm button[type="submit"]');
    await expect(page.locator('.account-nav').textContent()).resolves.toContain('Riley Reader');

    // Sign out, then back in with the password.
    await page.click('.account-nav button:has-text("Sign out")');
    await expect(page.locator('.account-nav').textContent()).resolves.toContain('Sign in');
    await page.goto(`${url}/signin?next=${encodeURIComponent(articlePath)}`);
    await page.fill('#signin-email', 'riley@example.test');
    await page.fill('#signin-password', 'tangerine bicycle harbour');
    await page.click('#signin button[type="submit"]');
    await page.waitForURL(`${url}${articlePath}`);
    await expect(page.locator('.account-nav').textContent()).resolves.toContain('Riley Reader');

    // Reply to Pat as a signed-in reader: the form asks no name or email.
    await page.locator('#comments[data-enhanced]').waitFor({ state: 'attached' });
    await expect(page.locator('.commenting-as').textContent()).resolves.toContain('Riley Reader');
    await expect(page.locator('#comment-name').count()).resolves.toBe(0);
    await page.locator(`#comment-${parentCommentId} .reply-link`).click();
    await page.keyboard.type('The low-light shots are fine after the update.');
    await page.click('#comment-form button[type="submit"]');
    const reply = page.locator(`li:has(> #comment-${parentCommentId}) > ol.replies > li > article`);
    await reply.waitFor();
    await expect(reply.locator('.comment-author').textContent()).resolves.toBe('Riley Reader');

    // Pat's notification mail, with the reply quoted and an unsubscribe link.
    const notification = await mailbox.waitFor((m) => m.to.includes('parent@example.test') && /repl/i.test(m.subject));
    expect(notification.text).toContain('The low-light shots are fine after the update.');
    expect(notification.html).toContain('Riley Reader');
    expect(notification.header('list-unsubscribe')).toMatch(/\/unsubscribe\?/);
    const unsubscribe = notification.links.find((l) => l.includes('/unsubscribe?'))!;
    const pat = await newPage();
    await pat.goto(local(unsubscribe));
    await pat.click('form[action^="/unsubscribe"] button[type="submit"]');
    await expect(pat.locator('main').textContent()).resolves.toMatch(/unsubscribed|no longer/i);
    await expect.poll(async () => (await findUserByEmail(t.ctx.db, 'parent@example.test'))?.email_on_reply).toBe(0);
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`has no serious or critical axe violations on the account pages (${colorScheme})`, async () => {
      const page = await newPage(colorScheme);
      for (const path of ['/signup', '/signin', '/reset']) {
        await page.goto(url + path);
        const results = await new AxeBuilder({ page }).analyze();
        const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
        expect([path, serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)]).toEqual([path, []]);
      }
    });
  }
});
