// Sign in with OpenID Connect in a real browser, against a real oidc-provider on this machine.
// The site is opened as http://localhost:PORT and the provider lives at http://127.0.0.1:PORT,
// so the provider's redirect back is a cross-site navigation, as with any real provider: the
// SameSite=Lax cookie that holds the pending sign-in must survive it.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createAccount } from '../../src/domain/users/accounts.ts';
import { countUsers } from '../../src/storage/repos/users.ts';
import { identitiesOfUser } from '../../src/storage/repos/oidc-identities.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { listenOidcProvider, type LocalOidcProvider } from '../helpers/oidc-provider.ts';
import { chromiumPath, launchBrowser } from './harness.ts';

// Each test drives Chromium through two sites; on a busy 2-core machine that is slow.
vi.setConfig({ testTimeout: 180_000 });

describe.skipIf(!chromiumPath).each(testEngines())('OpenID Connect sign-in in Chromium on %s', (engine) => {
  let idp: LocalOidcProvider;
  let t: TestApp;
  let browser: Browser;
  let site: string;

  beforeAll(async () => {
    idp = await listenOidcProvider();
    idp.accounts.set('ada', { email: 'ada@example.test', email_verified: true, name: 'Ada Lovelace' });
    idp.accounts.set('linus', { email: 'linus@example.test', email_verified: true, name: 'Linus at the provider' });
    t = await buildTestApp(engine, { oidcProviders: [idp.config] });
    const address = new URL(await t.app.listen({ port: 0, host: '127.0.0.1' }));
    site = `http://localhost:${address.port}`;
    idp.start([`${site}/auth/oidc/local/callback`]);
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await idp?.close();
  });

  /** A fresh browser profile: sign-in page → provider's login and consent → back on the site. */
  async function signInWithLocal(login: string): Promise<Page> {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${site}/signin?next=${encodeURIComponent('/?page=1')}`);
    await page.getByRole('link', { name: 'Sign in with Local' }).click();
    await page.waitForURL((url) => url.origin === idp.issuer);
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('whatever the dev login accepts');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((url) => url.origin === site && url.pathname === '/' && url.search === '?page=1');
    return page;
  }

  const me = async (page: Page) => {
    const response = await page.context().request.get(`${site}/api/v1/me`);
    expect(response.status()).toBe(200);
    return (await response.json()) as { id: string; email: string; displayName: string; emailVerified: boolean };
  };

  const mastheadName = (page: Page) => page.locator('.account-nav a[href="/settings"]').textContent();

  it('signs in through the provider, lands back signed in, and reuses the account the next time', async () => {
    const first = await signInWithLocal('ada');
    await expect(mastheadName(first)).resolves.toBe('Ada Lovelace');
    const account = await me(first);
    expect(account).toMatchObject({ email: 'ada@example.test', emailVerified: true, displayName: 'Ada Lovelace' });
    await first.context().close();

    const usersBefore = await countUsers(t.ctx.db);
    const second = await signInWithLocal('ada');
    expect((await me(second)).id).toBe(account.id);
    expect(await countUsers(t.ctx.db)).toBe(usersBefore);
    expect(await identitiesOfUser(t.ctx.db, account.id)).toHaveLength(1);
    await second.context().close();
  });

  it('links an existing account with the address the provider has verified', async () => {
    const existing = await createAccount(t.ctx, { email: 'linus@example.test', displayName: 'Linus Existing', role: 'reader' });
    const page = await signInWithLocal('linus');
    await expect(mastheadName(page)).resolves.toBe('Linus Existing');
    expect((await me(page)).id).toBe(existing.id);
    await page.context().close();
  });

  it('comes back to a readable page when the person cancels at the provider', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${site}/signin`);
    await page.getByRole('link', { name: 'Sign in with Local' }).click();
    await page.getByRole('link', { name: '[ Cancel ]' }).click();
    await page.waitForURL((url) => url.origin === site);
    await expect(page.locator('h1').textContent()).resolves.toBe('You are not signed in');
    await expect(page.locator('.account-nav').textContent()).resolves.toContain('Sign in');
    await context.close();
  });
});
