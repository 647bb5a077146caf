// Browser suites: a real Gazette listening on a free port with the demo loaded, and Debian's
// Chromium driven by playwright-core. Without Chromium the suites skip with a printed reason
// (global-setup prints it, or fails the run under GAZETTE_TEST_REQUIRE_ALL=1).
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { createSession } from '../../src/domain/users/sessions.ts';
import type { User } from '../../src/storage/schema.ts';
import type { Engine } from '../../src/config.ts';
import { loadDemoIfEmpty } from '../../src/demo/load.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';

export const chromiumPath = inject('chromiumPath');

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** `extraArgs` adds flags, e.g. '--test-third-party-cookie-phaseout' to block third-party cookies. */
export function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  if (!chromiumPath) throw new Error('no chromium');
  return chromium.launch({ executablePath: chromiumPath, args: [...CHROMIUM_FLAGS, ...extraArgs] });
}

export interface DemoSite {
  url: string;
  t: TestApp;
  close(): Promise<void>;
}

/** The demo site on a real port, with the clock at the real time so demo dates are in the past. */
export async function startDemoSite(engine: Engine): Promise<DemoSite> {
  const t = await buildTestApp(engine);
  t.clock.set(new Date());
  await loadDemoIfEmpty(t.ctx);
  const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
  return { url: address, t, close: () => t.close() };
}

/**
 * For a browser suite: the demo site and a Chromium, started before its tests and closed after.
 * Call inside `describe`; the fields are set once `beforeAll` has run.
 */
export function demoSiteAndBrowser(engine: Engine): { site: DemoSite; browser: Browser } {
  const env = {} as { site: DemoSite; browser: Browser };
  beforeAll(async () => {
    [env.site, env.browser] = await Promise.all([startDemoSite(engine), launchBrowser()]);
  }, 120_000);
  afterAll(async () => {
    await env.browser?.close();
    await env.site?.close();
  });
  return env;
}

/**
 * A page in a fresh browser context, signed in as `user` (a session cookie for the site at `url`)
 * or signed out for null; an uncaught script error on it fails the test. The context closes with
 * the browser.
 */
export async function signedInPage(
  browser: Browser,
  site: { t: TestApp; url: string },
  user: User | null,
  options: BrowserContextOptions = {},
): Promise<Page> {
  const context = await browser.newContext(options);
  if (user) {
    const token = await createSession(site.t.ctx, user.id, { userAgent: null, ip: null });
    await context.addCookies([{ name: 'gz_session', value: token, url: site.url }]);
  }
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  return page;
}

/** axe finds no serious or critical violation on the page; `label` names the page in a failure. */
export async function expectNoSeriousAxe(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect([label, serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)]).toEqual([label, []]);
}
