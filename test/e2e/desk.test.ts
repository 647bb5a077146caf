// The writers' desk in Chromium: an author writes an article through the form and submits it
// for review; an editor in Berlin schedules it at a local time (stored in UTC), then publishes
// it; axe finds no serious or critical violations on the list and the editor.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Browser } from 'playwright-core';
import { testEngines } from '../helpers/engines.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makeCategory, makeUser } from '../helpers/factories.ts';
import { findPostBySlug } from '../../src/storage/repos/posts.ts';
import type { User } from '../../src/storage/schema.ts';
import { chromiumPath, launchBrowser, signedInPage, expectNoSeriousAxe } from './harness.ts';

vi.setConfig({ testTimeout: 120_000 });

describe.skipIf(!chromiumPath).each(testEngines())('writers’ desk in Chromium on %s', (engine) => {
  let t: TestApp;
  let url: string;
  let browser: Browser;
  let author: User;
  let editor: User;

  beforeAll(async () => {
    t = await buildTestApp(engine);
    t.clock.set('2026-03-10T12:00:00Z');
    author = await makeUser(t.ctx, 'author', 'Ada Author');
    editor = await makeUser(t.ctx, 'editor', 'Ed Itor');
    await makeCategory(t.ctx, editor, 'Phones');
    [url, browser] = await Promise.all([t.app.listen({ port: 0, host: '127.0.0.1' }), launchBrowser()]);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const signedIn = (user: User, timezoneId = 'UTC') => signedInPage(browser, { t, url }, user, { timezoneId });

  const axe = expectNoSeriousAxe;

  const post = () => findPostBySlug(t.ctx.db, 'post', 'pixel-battery-test');

  it('an author writes and submits an article; an editor schedules it in their time zone, then publishes it', async () => {
    const writer = await signedIn(author);
    await writer.goto(`${url}/`);
    await writer.getByRole('link', { name: 'Desk', exact: true }).first().click();
    await writer.getByRole('link', { name: 'New article' }).first().click();
    await writer.getByLabel('Title', { exact: true }).fill('Pixel battery test');
    await writer.getByLabel('Standfirst').fill('Two days on one charge, with the screen at half brightness.');
    await writer
      .getByLabel('Body (Markdown)')
      .fill('We ran the **Pixel** until it stopped.\n\n## Results\n\n- Day one: 60%\n- Day two: 5%');
    await writer.getByLabel('Category').selectOption({ label: 'Phones' });
    await writer.getByLabel('Tags').fill('Google, Batteries');
    await axe(writer, '/desk/posts/new');
    // An author has no Publish button: only Save draft and Submit for review.
    expect(await writer.getByRole('button', { name: 'Publish now' }).count()).toBe(0);
    await writer.getByRole('button', { name: 'Submit for review' }).click();
    await writer.getByText('Submitted for review').waitFor();
    expect(await post()).toMatchObject({ status: 'review', published_at: null, author_id: author.id });
    await writer.goto(`${url}/desk/posts`);
    await writer.getByRole('cell', { name: 'In review' }).waitFor();
    await axe(writer, '/desk/posts');

    const desk = await signedIn(editor, 'Europe/Berlin');
    await desk.goto(`${url}/desk/posts?status=review`);
    await desk.getByRole('link', { name: 'Pixel battery test' }).click();
    await desk.getByText('In your time zone (Europe/Berlin).').waitFor();
    await axe(desk, '/desk/posts/:id/edit');
    // 09:30 in Berlin on 11 March (UTC+1) is 08:30 UTC.
    await desk.getByLabel('Publication time (for Schedule)').fill('2026-03-11T09:30');
    await desk.getByRole('button', { name: 'Schedule' }).click();
    await desk.getByText('Scheduled.').waitFor();
    expect(await post()).toMatchObject({ status: 'scheduled', published_at: '2026-03-11T08:30:00.000Z' });
    // Shown again in the editor's own time.
    expect(await desk.getByLabel('Publication time (for Schedule)').inputValue()).toBe('2026-03-11T09:30');
    expect((await t.app.inject('/articles/pixel-battery-test')).statusCode).toBe(404);

    await desk.getByRole('button', { name: 'Publish now' }).click();
    await desk.getByText('Published.').waitFor();
    expect(await post()).toMatchObject({ status: 'published', published_at: '2026-03-10T12:00:00.000Z', author_id: author.id });
    await desk.getByRole('link', { name: 'View article' }).click();
    await desk.getByRole('heading', { name: 'Pixel battery test' }).first().waitFor();
  });
});
