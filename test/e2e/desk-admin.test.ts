// The editors' and admins' desk pages in Chromium: the home page arrangement chosen by keyboard
// shows on the home page, and the people page changes a role; axe finds no serious or critical
// violations on either, and the desk's menu shows each role only its own sections.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Browser } from 'playwright-core';
import { testEngines } from '../helpers/engines.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makePost, makeUser } from '../helpers/factories.ts';
import { findUserById } from '../../src/storage/repos/users.ts';
import type { User } from '../../src/storage/schema.ts';
import { chromiumPath, launchBrowser, signedInPage, expectNoSeriousAxe } from './harness.ts';
import { docShot } from './screenshot.ts';

vi.setConfig({ testTimeout: 120_000 });

describe.skipIf(!chromiumPath).each(testEngines())('the desk’s home page and people pages in Chromium on %s', (engine) => {
  let t: TestApp;
  let url: string;
  let browser: Browser;
  let admin: User;
  let author: User;

  beforeAll(async () => {
    t = await buildTestApp(engine);
    t.clock.set('2026-06-01T09:00:00Z');
    admin = await makeUser(t.ctx, 'admin', 'Ada Admin');
    author = await makeUser(t.ctx, 'author', 'Otto Author');
    for (const [title, day] of [
      ['Battery life compared', '01'],
      ['The best budget phones', '02'],
      ['Foldables, a year on', '03'],
    ] as const) {
      await makePost(t.ctx, admin, { title, status: 'published', publishedAt: `2026-05-${day}T08:00:00Z` });
    }
    [url, browser] = await Promise.all([t.app.listen({ port: 0, host: '127.0.0.1' }), launchBrowser()]);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const signedIn = (user: User) => signedInPage(browser, { t, url }, user);

  const axe = expectNoSeriousAxe;

  it('an admin chooses the lead story by keyboard and the home page leads with it', async () => {
    const desk = await signedIn(admin);
    await desk.goto(`${url}/desk`);
    await desk.getByRole('navigation', { name: 'Desk' }).getByRole('link', { name: 'Home page' }).click();
    await axe(desk, '/desk/front-page');
    await desk.getByLabel('Lead story').focus();
    await desk.getByLabel('Lead story').selectOption({ label: 'Battery life compared' });
    await desk.getByLabel('Featured 1').selectOption({ label: 'Foldables, a year on' });
    await docShot(desk.locator('form.desk-front-page'), 'writing-front-page');
    await desk.keyboard.press('Tab');
    await desk.getByRole('button', { name: 'Save home page' }).focus();
    await desk.keyboard.press('Enter');
    await desk.getByText('Home page saved.').waitFor();
    await axe(desk, '/desk/front-page?saved=1');
    await desk.goto(url);
    const headlines = await desk.locator('.home-chosen .card-title').allTextContents();
    expect(headlines.map((h) => h.trim()).slice(0, 2)).toEqual(['Battery life compared', 'Foldables, a year on']);
  });

  it('an admin changes a role on the people page; an author sees neither page in the menu', async () => {
    const desk = await signedIn(admin);
    await desk.goto(`${url}/desk/users`);
    await axe(desk, '/desk/users');
    await desk.getByLabel('Role of Otto Author').selectOption('editor');
    await desk.getByLabel('Role of Otto Author').locator('xpath=..').getByRole('button', { name: 'Change role' }).click();
    await desk.getByText('Role changed.').waitFor();
    expect((await findUserById(t.ctx.db, author.id))!.role).toBe('editor');

    const reader = await makeUser(t.ctx, 'author', 'Wren Writer');
    const writer = await signedIn(reader);
    await writer.goto(`${url}/desk/posts`);
    const menu = writer.getByRole('navigation', { name: 'Desk' });
    expect(await menu.getByRole('link').allTextContents()).toEqual(['Desk', 'Posts', 'In review', 'New article']);
    const refused = await writer.goto(`${url}/desk/users`);
    expect(refused?.status()).toBe(403);
  });
});
