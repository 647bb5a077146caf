// Scheduling in Chromium, end to end: an editor schedules an author's article for a time in
// their own zone; until the (injected) clock reaches it the article is nowhere a reader looks —
// not on the home page, the feeds or the sitemap, and its address is 404 — and once the clock
// has moved past it, it is on all of them without anyone touching the desk. An author's editor
// has no publishing button, and a crafted publish is refused.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { testEngines } from '../helpers/engines.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makePost, makeUser } from '../helpers/factories.ts';
import { findPostById } from '../../src/storage/repos/posts.ts';
import type { User } from '../../src/storage/schema.ts';
import { chromiumPath, launchBrowser, signedInPage } from './harness.ts';
import { docShot } from './screenshot.ts';

vi.setConfig({ testTimeout: 120_000 });

describe.skipIf(!chromiumPath).each(testEngines())('scheduling from the desk in Chromium on %s', (engine) => {
  let t: TestApp;
  let url: string;
  let browser: Browser;
  let author: User;
  let editor: User;

  beforeAll(async () => {
    t = await buildTestApp(engine);
    t.clock.set('2026-05-04T10:00:00Z');
    author = await makeUser(t.ctx, 'author', 'Ada Author');
    editor = await makeUser(t.ctx, 'editor', 'Ed Itor');
    [url, browser] = await Promise.all([t.app.listen({ port: 0, host: '127.0.0.1' }), launchBrowser()]);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const signedIn = (user: User | null, timezoneId = 'UTC') => signedInPage(browser, { t, url }, user, { timezoneId });

  /** Where a reader could find the article: the home page, both feeds, the sitemap, its own address. */
  async function whereReadersSeeIt(reader: Page, slug: string, title: string) {
    await reader.goto(`${url}/`);
    const onHome = (await reader.getByRole('link', { name: title }).count()) > 0;
    const text = async (path: string) => (await t.app.inject(path)).body;
    return {
      home: onHome,
      rss: (await text('/feed.xml')).includes(title),
      atom: (await text('/atom.xml')).includes(title),
      sitemap: (await text('/sitemap.xml')).includes(`/articles/${slug}`),
      page: (await t.app.inject(`/articles/${slug}`)).statusCode,
    };
  }

  it('a scheduled article reaches the home page, the feeds and the sitemap at its time, not before', async () => {
    const draft = await makePost(t.ctx, author, {
      title: 'Foldables one year on',
      bodyMarkdown: 'Hinges, creases and batteries after a year.',
      status: 'review',
    });
    const desk = await signedIn(editor, 'America/New_York');
    await desk.goto(`${url}/desk/posts/${draft.id}/edit`);
    // 08:15 in New York on 5 May (UTC−4, daylight saving) is 12:15 UTC.
    await desk.getByLabel('Publication time (for Schedule)').fill('2026-05-05T08:15');
    await docShot(desk.getByRole('group', { name: 'Details' }), 'writing-schedule');
    await desk.getByRole('button', { name: 'Schedule' }).click();
    await desk.getByText('Scheduled.').waitFor();
    expect(await findPostById(t.ctx.db, draft.id)).toMatchObject({ status: 'scheduled', published_at: '2026-05-05T12:15:00.000Z' });

    const reader = await signedIn(null);
    const hidden = { home: false, rss: false, atom: false, sitemap: false, page: 404 };
    expect(await whereReadersSeeIt(reader, draft.slug, 'Foldables one year on')).toEqual(hidden);
    t.clock.set('2026-05-05T12:14:00Z');
    expect(await whereReadersSeeIt(reader, draft.slug, 'Foldables one year on')).toEqual(hidden);

    t.clock.set('2026-05-05T12:16:00Z');
    const shown = { home: true, rss: true, atom: true, sitemap: true, page: 200 };
    expect(await whereReadersSeeIt(reader, draft.slug, 'Foldables one year on')).toEqual(shown);
  });

  it('an author cannot publish: no publishing buttons, and a crafted publish is refused with the reason', async () => {
    const own = await makePost(t.ctx, author, { title: 'My own scoop', bodyMarkdown: 'Draft text.', status: 'draft' });
    const writer = await signedIn(author);
    await writer.goto(`${url}/desk/posts/${own.id}/edit`);
    await writer.getByRole('button', { name: 'Submit for review' }).waitFor();
    expect(await writer.getByRole('button', { name: /Publish|Schedule/ }).count()).toBe(0);
    // Add a "Publish now" button by hand, as someone poking at the form would.
    await writer.evaluate(() => {
      const button = document.createElement('button');
      button.type = 'submit';
      button.name = 'action';
      button.value = 'publish';
      button.textContent = 'Sneaky publish';
      document.querySelector('#desk-editor-form .desk-actions')!.append(button);
    });
    await writer.getByRole('button', { name: 'Sneaky publish' }).click();
    await writer
      .getByRole('alert')
      .filter({ hasText: /publish/i })
      .waitFor();
    expect(await findPostById(t.ctx.db, own.id)).toMatchObject({ status: 'draft', published_at: null });
    expect((await t.app.inject(`/articles/${own.slug}`)).statusCode).toBe(404);
  });
});
