// Revisions, conflicts, old slugs and readers' error reports in Chromium: two editors open the
// same article and both edit it; the second save is refused with the first one's change shown,
// and "Keep mine" keeps the second (the first stays in the revisions); a revision is compared and
// restored; a changed slug still answers at the old address with a 301; a reader's error report
// sent with the article's own form becomes a correction note on the article through the desk.
// axe finds no serious or critical violations on the revisions, diff, conflict and reports pages.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Browser } from 'playwright-core';
import { testEngines } from '../helpers/engines.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makePost, makeUser } from '../helpers/factories.ts';
import { findPostById } from '../../src/storage/repos/posts.ts';
import type { User } from '../../src/storage/schema.ts';
import { chromiumPath, launchBrowser, signedInPage, expectNoSeriousAxe } from './harness.ts';
import { docShot } from './screenshot.ts';

vi.setConfig({ testTimeout: 120_000 });

describe.skipIf(!chromiumPath).each(testEngines())('revisions, conflicts and error reports in Chromium on %s', (engine) => {
  let t: TestApp;
  let url: string;
  let browser: Browser;
  let ed: User;
  let eve: User;

  beforeAll(async () => {
    t = await buildTestApp(engine);
    t.clock.set('2026-03-10T14:00:00Z');
    ed = await makeUser(t.ctx, 'editor', 'Ed Itor');
    eve = await makeUser(t.ctx, 'editor', 'Eve Editor');
    [url, browser] = await Promise.all([t.app.listen({ port: 0, host: '127.0.0.1' }), launchBrowser()]);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const browse = (user?: User) => signedInPage(browser, { t, url }, user ?? null, { timezoneId: 'UTC' });

  const axe = expectNoSeriousAxe;

  it('refuses the second of two conflicting saves, shows the other change, and "Keep mine" keeps it', async () => {
    const post = await makePost(t.ctx, ed, {
      title: 'Council approves the budget',
      bodyMarkdown: 'The council approved the budget on Monday by nine votes to four.',
    });
    const first = await browse(ed);
    const second = await browse(eve);
    await Promise.all([first.goto(`${url}/desk/posts/${post.id}/edit`), second.goto(`${url}/desk/posts/${post.id}/edit`)]);

    t.clock.set('2026-03-10T14:03:00Z');
    await first.getByLabel('Body (Markdown)').fill('The council approved the budget late on Monday by nine votes to four.');
    await first.getByRole('button', { name: 'Save changes' }).click();
    await first.getByText('Saved.').waitFor();

    t.clock.set('2026-03-10T14:05:00Z');
    await second.getByLabel('Body (Markdown)').fill('The council approved the budget on Monday by ten votes to three.');
    await second.getByRole('button', { name: 'Save changes' }).click();
    const alert = second.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain(
      'Ed Itor saved this post at 14:03 UTC on 10 Mar 2026, after you opened it. Nothing of yours was saved.',
    );
    // Their change, word by word.
    expect(await second.locator('.desk-diff ins').first().textContent()).toContain('late');
    await axe(second, 'edit conflict');
    await docShot(second, 'writing-conflict');

    await second.getByRole('button', { name: 'Keep mine' }).click();
    await second.getByText('Saved.').waitFor();
    expect((await findPostById(t.ctx.db, post.id))!.body_markdown).toBe('The council approved the budget on Monday by ten votes to three.');
    // Ed's text is still there, in the revisions.
    await second.getByRole('link', { name: /All revisions/ }).click();
    await second.getByRole('heading', { name: 'Revisions of “Council approves the budget”' }).waitFor();
    const rows = second.locator('tbody tr');
    expect(await rows.count()).toBe(3);
    expect(await rows.nth(1).textContent()).toContain('Ed Itor');
  });

  it('compares two revisions and restores one', async () => {
    t.clock.set('2026-03-10T15:00:00Z');
    const post = await makePost(t.ctx, ed, { title: 'Bridge repairs', bodyMarkdown: 'Repairs start in April and last six weeks.' });
    const page = await browse(ed);
    await page.goto(`${url}/desk/posts/${post.id}/edit`);
    t.clock.set('2026-03-10T15:10:00Z');
    await page.getByLabel('Body (Markdown)').fill('Repairs start in May and last eight weeks.');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved.').waitFor();

    await page.getByRole('link', { name: /All revisions/ }).click();
    await page.getByRole('heading', { name: /Revisions of/ }).waitFor();
    await axe(page, 'revisions');
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.getByRole('heading', { name: 'Changes in “Bridge repairs”' }).waitFor();
    expect(await page.locator('.desk-diff del').allTextContents()).toEqual(['[removed: April]', '[removed: six]']);
    expect(await page.locator('.desk-diff ins').allTextContents()).toEqual(['[added: May]', '[added: eight]']);
    await axe(page, 'revision diff');
    await docShot(page, 'writing-revisions');

    // The older one ("from"), read whole, then restored.
    await page.locator('main p a').first().click();
    await page.getByText('Repairs start in April and last six weeks.').waitFor();
    t.clock.set('2026-03-10T15:20:00Z');
    await page.getByRole('button', { name: 'Restore this revision' }).click();
    await page.getByText('Restored revision from 10 Mar 2026, 15:00 UTC').waitFor();
    expect(await page.getByLabel('Body (Markdown)').inputValue()).toBe('Repairs start in April and last six weeks.');
    expect((await findPostById(t.ctx.db, post.id))!.body_markdown).toBe('Repairs start in April and last six weeks.');
  });

  it('keeps a published article’s old address answering with a 301 after its slug changes in the desk', async () => {
    const post = await makePost(t.ctx, ed, { title: 'Old name', slug: 'old-slug' });
    const page = await browse(ed);
    await page.goto(`${url}/desk/posts/${post.id}/edit`);
    await page.getByLabel('Slug').fill('new-slug');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved.').waitFor();
    const old = await fetch(`${url}/articles/old-slug`, { redirect: 'manual' });
    expect(old.status).toBe(301);
    expect(new URL(old.headers.get('location')!, url).pathname).toBe('/articles/new-slug');
    expect((await fetch(`${url}/articles/new-slug`)).status).toBe(200);
  });

  it("turns a reader's error report into a correction note shown on the article", async () => {
    const post = await makePost(t.ctx, eve, { title: 'Stadium to open in June', bodyMarkdown: 'The stadium has 4,000 seats.' });
    const reader = await browse();
    await reader.goto(`${url}/articles/${post.slug}`);
    await reader.getByText('Report an error in this article').click();
    await reader.getByLabel('What is wrong?').fill('The stadium has 40,000 seats, not 4,000.');
    await reader.getByRole('button', { name: 'Send to the editors' }).click();
    await reader.waitForURL(/\/error-reports\/thanks$/);

    const desk = await browse(ed);
    await desk.goto(`${url}/desk/posts/${post.id}/edit`);
    await axe(desk, 'editor with its aside');
    await desk.getByRole('link', { name: /Answer, dismiss or make a correction \(1 open\)/ }).click();
    await desk.getByRole('heading', { name: 'Error reports on “Stadium to open in June”' }).waitFor();
    await axe(desk, 'error reports');
    await docShot(desk, 'writing-reports');
    const note = desk.getByLabel('Correction note');
    expect(await note.inputValue()).toBe('The stadium has 40,000 seats, not 4,000.');
    await note.fill('An earlier version of this article gave the stadium 4,000 seats; it has 40,000.');
    await desk.getByRole('button', { name: 'Make correction' }).click();
    await desk.getByText('Correction note added').waitFor();

    await reader.goto(`${url}/articles/${post.slug}`);
    await reader.getByText('An earlier version of this article gave the stadium 4,000 seats; it has 40,000.').waitFor();
  });
});
