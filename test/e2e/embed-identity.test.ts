// Identity inside the embed, in Chromium with third-party cookies blocked, on a static host page
// of another site (http://localhost:PORT while Gazette listens on 127.0.0.1):
//   (a) a reader signs in through the first-party popup, and then comments in the frame as themselves;
//   (b) a site's single sign-on user (the host page carries a token signed with the site's secret)
//       comments under the name the site gave.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Browser, Frame, Page } from 'playwright-core';
import { testEngines } from '../helpers/engines.ts';
import { signSsoToken } from '../helpers/sso.ts';
import { saveModerationSettings } from '../../src/domain/moderation/settings.ts';
import { registerSite, siteSsoSecret } from '../../src/domain/sites/sites.ts';
import { createAccount } from '../../src/domain/users/accounts.ts';
import { chromiumPath, expectNoSeriousAxe, launchBrowser, startDemoSite, type DemoSite } from './harness.ts';
import { startHostPage, type HostPage } from './host-page.ts';

vi.setConfig({ testTimeout: 180_000 });

describe.skipIf(!chromiumPath).each(testEngines())('identity in the embed, third-party cookies blocked, on %s', (engine) => {
  let site: DemoSite;
  let browser: Browser;
  let host: HostPage;

  beforeAll(async () => {
    [site, browser, host] = await Promise.all([
      startDemoSite(engine),
      launchBrowser(['--test-third-party-cookie-phaseout']),
      startHostPage(),
    ]);
    await registerSite(site.t.ctx, { name: 'identity', title: 'Identity Blog', origins: [host.origin] });
    await saveModerationSettings(site.t.ctx, { nearDuplicates: 0 });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await host?.close();
  });

  const gazette = () => new URL(site.url).origin;
  const hostHtml = (attributes: string) =>
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A post on the identity blog</title></head><body><h1>A post</h1><script async src="${gazette()}/embed.js" data-site="identity" ${attributes}></script></body></html>`;

  async function openHost(path: string): Promise<{ page: Page; errors: Error[] }> {
    const context = await browser.newContext({ viewport: { width: 900, height: 800 } });
    const page = await context.newPage();
    const errors: Error[] = [];
    page.on('pageerror', (error) => errors.push(error));
    await page.goto(`${host.origin}${path}`);
    return { page, errors };
  }

  /** The frame's current document, once the comments client has taken over its thread. */
  async function embedFrame(page: Page): Promise<Frame> {
    const handle = await page.waitForSelector(`iframe[src^="${gazette()}/embed/thread"]`);
    const frame = (await handle.contentFrame())!;
    await frame.locator('#comments[data-enhanced]').waitFor({ state: 'attached' });
    return frame;
  }

  async function postComment(frame: Frame, body: string): Promise<void> {
    await frame.locator('#comment-body').fill(body);
    await frame.getByRole('button', { name: 'Post comment' }).click();
    await frame.locator('.comment', { hasText: body }).first().waitFor();
  }

  it('blocks third-party cookies in the frame unless they are partitioned (what the rest relies on)', async () => {
    host.serve('/probe', hostHtml('data-page-id="probe-post"'));
    const { page } = await openHost('/probe');
    const frame = await embedFrame(page);
    const kept = await frame.evaluate(() => {
      document.cookie = 'gz_probe_plain=1; Path=/; SameSite=None; Secure';
      document.cookie = 'gz_probe_partitioned=1; Path=/; SameSite=None; Secure; Partitioned';
      return document.cookie;
    });
    expect(kept).not.toContain('gz_probe_plain=1');
    expect(kept).toContain('gz_probe_partitioned=1');
    await page.context().close();
  });

  it('signs a reader in through the first-party popup, then they comment in the frame as themselves', async () => {
    await createAccount(site.t.ctx, {
      email: 'popup-reader@example.com',
      displayName: 'Popup Reader',
      role: 'reader',
      password: 'a long and secret password',
    });
    host.serve('/popup', hostHtml('data-page-id="popup-post"'));
    const { page, errors } = await openHost('/popup');
    const frame = await embedFrame(page);
    expect(await frame.locator('.commenting-as').count()).toBe(0);

    const [popup] = await Promise.all([page.waitForEvent('popup'), frame.locator('.comment-sign-in a', { hasText: 'Sign in' }).click()]);
    await popup.waitForURL(/\/signin\?next=%2Fembed%2Fsigned-in/);
    await popup.locator('input[name="email"]').first().fill('popup-reader@example.com');
    await popup.locator('input[name="password"]').fill('a long and secret password');
    const closed = popup.waitForEvent('close');
    await popup.locator('input[name="password"]').press('Enter');
    // The popup's last page hands the code to the frame and closes itself.
    await closed;

    // The frame traded the code for its own (partitioned) session and reloaded, signed in.
    const signedIn = page.frameLocator('iframe');
    await signedIn.locator('.commenting-as', { hasText: 'Popup Reader' }).waitFor();
    const reloaded = await embedFrame(page);
    await postComment(reloaded, 'Signed in through the popup, writing in the frame.');
    const comment = reloaded.locator('.comment', { hasText: 'Signed in through the popup' }).first();
    expect(await comment.locator('.comment-author').first().innerText()).toContain('Popup Reader');

    // The frame signed in (its Sign out button included) keeps clear of serious axe findings.
    await expectNoSeriousAxe(page, 'the frame, signed in');

    // Signing out in the frame clears its cookie: the sign-in offer is back.
    await reloaded.getByRole('button', { name: 'Sign out' }).click();
    await signedIn.locator('.comment-sign-in').waitFor();
    expect(await signedIn.locator('.commenting-as').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('signs in a site’s own user with the token on the host page, who comments under the name the site gave', async () => {
    const secret = await siteSsoSecret(site.t.ctx, 'identity');
    const token = await signSsoToken(
      secret,
      { sub: 'member-42', name: 'Ana from the Identity Blog', email: 'ana@identity.example' },
      site.t.clock.now(),
    );
    host.serve('/sso', hostHtml(`data-page-id="sso-post" data-sso="${token}"`));
    const { page, errors } = await openHost('/sso');
    const signedIn = page.frameLocator('iframe');
    await signedIn.locator('.commenting-as', { hasText: 'Ana from the Identity Blog' }).waitFor();
    const frame = await embedFrame(page);
    await postComment(frame, 'Commenting with my blog account, no second sign-up.');
    const comment = frame.locator('.comment', { hasText: 'no second sign-up' }).first();
    expect(await comment.locator('.comment-author').first().innerText()).toContain('Ana from the Identity Blog');
    // The token never travelled in a URL.
    expect(await page.locator('iframe').getAttribute('src')).not.toContain(token.slice(0, 20));

    // Signed out on the host (an empty data-sso): the frame's single sign-on session ends too.
    host.serve('/sso-out', hostHtml('data-page-id="sso-post" data-sso=""'));
    await page.goto(`${host.origin}/sso-out`);
    await page.frameLocator('iframe').locator('.comment-sign-in').waitFor();
    expect(await page.frameLocator('iframe').locator('.commenting-as').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
