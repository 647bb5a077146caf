// The editor's writing aids in Chromium: the toolbar and its shortcuts, the live preview drawn by
// the article renderer, autosave (a reload loses nothing, offline text is sent when the connection
// returns, a new article becomes a draft), the conflict notice, tag suggestions, and axe.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { testEngines } from '../helpers/engines.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makePost, makeUser } from '../helpers/factories.ts';
import { uploadImage } from '../../src/domain/media/upload.ts';
import { updatePost } from '../../src/domain/posts/write.ts';
import { findPostById } from '../../src/storage/repos/posts.ts';
import type { User } from '../../src/storage/schema.ts';
import { chromiumPath, launchBrowser, signedInPage, expectNoSeriousAxe } from './harness.ts';
import { docShot } from './screenshot.ts';

vi.setConfig({ testTimeout: 120_000 });

const SAVED_AT = /Saved at \d\d:\d\d/;

describe.skipIf(!chromiumPath).each(testEngines())('the editor’s preview, toolbar and autosave in Chromium on %s', (engine) => {
  let t: TestApp;
  let url: string;
  let browser: Browser;
  let author: User;
  let editor: User;
  let mediaId: string;

  beforeAll(async () => {
    t = await buildTestApp(engine);
    // The real time: "Saved at" shows today's saves as a time alone.
    t.clock.set(new Date());
    author = await makeUser(t.ctx, 'author', 'Ada Author');
    editor = await makeUser(t.ctx, 'editor', 'Ed Itor');
    const bytes = await sharp({ create: { width: 1200, height: 800, channels: 3, background: { r: 40, g: 90, b: 150 } } })
      .jpeg()
      .toBuffer();
    mediaId = (await uploadImage(t.ctx, author, { bytes, originalName: 'phone.jpg', alt: 'A phone' })).media.id;
    await makePost(t.ctx, editor, { tags: ['Batteries', 'Battery life', 'Google'] });
    [url, browser] = await Promise.all([t.app.listen({ port: 0, host: '127.0.0.1' }), launchBrowser()]);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const signedIn = (user: User, options: { javaScriptEnabled?: boolean; width?: number } = {}) =>
    signedInPage(browser, { t, url }, user, {
      javaScriptEnabled: options.javaScriptEnabled ?? true,
      viewport: { width: options.width ?? 1400, height: 900 },
    });

  const axe = expectNoSeriousAxe;

  const draft = (title = 'Battery diary') =>
    makePost(t.ctx, author, { title, status: 'draft', bodyMarkdown: 'The first paragraph, as saved.' });
  const bodyOf = async (id: string) => (await findPostById(t.ctx.db, id))!.body_markdown;
  /** This browser's copies of a post's text (one per tab, desk-autosave.js), by key. */
  const copiesOf = (page: Page, id: string) =>
    page.evaluate(
      (id) =>
        Object.fromEntries(
          Object.entries(localStorage)
            .filter(([key]) => key.startsWith(`gazette:desk:${id}:`))
            .map(([key, value]) => [key, JSON.parse(value) as { body: string }]),
        ),
      id,
    );
  const select = (page: Page, from: number, to: number) =>
    page.locator('#desk-body').evaluate((el: HTMLTextAreaElement, [a, b]) => el.setSelectionRange(a!, b!), [from, to]);

  it('has a formatting toolbar with shortcuts; without JavaScript the toolbar is absent and the form still works', async () => {
    const plain = await signedIn(author, { javaScriptEnabled: false });
    await plain.goto(`${url}/desk/posts/new`);
    await plain.getByLabel('Body (Markdown)').waitFor();
    expect(await plain.getByRole('toolbar').count()).toBe(0);
    expect(await plain.locator('#desk-live-preview').isVisible()).toBe(false);

    const page = await signedIn(author);
    await page.goto(`${url}/desk/posts/new`);
    const body = page.getByLabel('Body (Markdown)');
    const tools = page.getByRole('toolbar', { name: 'Formatting' });
    await body.fill('Make this strong');
    await select(page, 10, 16);
    await tools.getByRole('button', { name: 'Bold' }).click();
    expect(await body.inputValue()).toBe('Make this **strong**');

    await body.fill('Also this');
    await select(page, 5, 9);
    await body.press('Control+b');
    expect(await body.inputValue()).toBe('Also **this**');
    await body.press('Control+i');
    expect(await body.inputValue()).toBe('Also ***this***');

    await body.fill('Results');
    await tools.getByRole('button', { name: 'Heading' }).click();
    expect(await body.inputValue()).toBe('## Results');

    // The media library's script takes these buttons (preventDefault) and opens its own dialog;
    // here it is held back, as if absent for the gallery (so the template goes in) and as if it
    // took the image (so nothing goes in).
    await page.evaluate(() => {
      window.addEventListener('desk:insert-image', (event) => (event.preventDefault(), event.stopImmediatePropagation()), true);
      window.addEventListener('desk:insert-gallery', (event) => event.stopImmediatePropagation(), true);
    });
    await tools.getByRole('button', { name: 'Image' }).click();
    expect(await body.inputValue()).toBe('## Results');
    await tools.getByRole('button', { name: 'Gallery' }).click();
    expect(await body.inputValue()).toBe(
      '## Results\n\n:::gallery\n![Caption of the first image](media:ID)\n![Caption of the second image](media:ID)\n:::\n',
    );
    // The toolbar is one tab stop; the arrow keys move along it.
    await tools.getByRole('button', { name: 'Bold' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Italic');
  });

  it('previews the text with the article page’s renderer, media images included, beside the text', async () => {
    const post = await draft('Pixel preview');
    const page = await signedIn(author);
    await page.goto(`${url}/desk/posts/${post.id}/edit`);
    await page.getByLabel('Standfirst').fill('Two days on one charge.');
    await page
      .getByLabel('Body (Markdown)')
      .fill(`We ran the **Pixel** until it stopped.\n\n## Results\n\n![A phone on a desk](media:${mediaId})`);
    const preview = page.getByRole('region', { name: 'Live preview' });
    await preview.getByRole('heading', { name: 'Results' }).waitFor();
    await preview.getByRole('img', { name: 'A phone on a desk' }).waitFor();
    expect(await preview.getByRole('heading', { level: 1 }).textContent()).toBe('Pixel preview');
    expect(await preview.locator('.standfirst').textContent()).toBe('Two days on one charge.');
    expect(await preview.locator('img').getAttribute('src')).toContain(`/media/${mediaId}/`);
    // Side by side on a wide screen.
    const [text, shown] = await Promise.all([page.locator('#desk-body').boundingBox(), preview.boundingBox()]);
    expect(shown!.x).toBeGreaterThan(text!.x + text!.width);
    await expect.poll(() => page.locator('#desk-save-status').textContent(), { timeout: 10_000 }).toMatch(SAVED_AT);
    await docShot(page, 'writing-editor');
    await axe(page, '/desk/posts/:id/edit with the preview');
  });

  it('on a narrow screen, shows the preview behind a Preview toggle', async () => {
    const post = await draft('Narrow screen');
    const page = await signedIn(author, { width: 600 });
    await page.goto(`${url}/desk/posts/${post.id}/edit`);
    const toggle = page.getByRole('button', { name: 'Preview', exact: true });
    expect(await page.locator('#desk-live-preview').isVisible()).toBe(false);
    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    await page.getByRole('region', { name: 'Live preview' }).getByText('The first paragraph, as saved.').waitFor();
    expect(await page.locator('#desk-body').isVisible()).toBe(false);
    await toggle.click();
    expect(await page.locator('#desk-body').isVisible()).toBe(true);
  });

  it('a reload during typing loses nothing: before autosave from the browser, after it from the server', async () => {
    const post = await draft();
    const page = await signedIn(author);
    // The text never reaches the server before the reload (as if the tab closed before the autosave timer fired).
    let reachServer = false;
    await page.route('**/autosave', (route) => (reachServer ? route.continue() : route.abort()));
    await page.goto(`${url}/desk/posts/${post.id}/edit`);
    await page.locator('#desk-save-status').getByText(SAVED_AT).waitFor();
    const typed = 'The first paragraph, as saved.\n\nAnd a second one, typed just before the reload.';
    await page.getByLabel('Body (Markdown)').fill(typed);
    await page.reload();
    await page.getByText('Restored your unsaved text from this browser').waitFor();
    expect(await page.getByLabel('Body (Markdown)').inputValue()).toBe(typed);
    expect(await bodyOf(post.id)).toBe('The first paragraph, as saved.');

    // The connection is fine again: the restored text is sent (Ctrl+S sends it now rather than in 2 s).
    reachServer = true;
    await page.getByLabel('Body (Markdown)').press('Control+s');
    await expect.poll(() => bodyOf(post.id), { timeout: 20_000 }).toBe(typed);
    await page.locator('#desk-save-status').getByText(SAVED_AT).waitFor();

    // Typed after an autosave: the reload shows the server's text, and nothing needs restoring.
    const more = `${typed}\n\nA third, autosaved.`;
    await page.getByLabel('Body (Markdown)').fill(more);
    await expect.poll(() => bodyOf(post.id), { timeout: 20_000 }).toBe(more);
    await expect.poll(() => copiesOf(page, post.id)).toEqual({});
    await page.reload();
    await page.getByLabel('Body (Markdown)').waitFor();
    expect(await page.getByLabel('Body (Markdown)').inputValue()).toBe(more);
    expect(await page.getByText('Restored your unsaved text').count()).toBe(0);
    // A save with the form after the autosaves carries their version: no conflict with oneself.
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await page.getByText('Submitted for review').waitFor();
    expect(await findPostById(t.ctx.db, post.id)).toMatchObject({ status: 'review', body_markdown: more });
  });

  it('offline, keeps the text in the browser and says so, then sends it when the connection returns', async () => {
    const post = await draft('Offline notes');
    const page = await signedIn(author);
    await page.goto(`${url}/desk/posts/${post.id}/edit`);
    await page.locator('#desk-save-status').getByText(SAVED_AT).waitFor();
    await page.context().setOffline(true);
    const typed = 'Written on the train, with no signal.';
    await page.getByLabel('Body (Markdown)').fill(typed);
    await page.getByText('Offline — your text is kept in this browser and will be sent when the connection returns').waitFor();
    await docShot(page, 'writing-offline');
    expect(Object.values(await copiesOf(page, post.id)).map((copy) => copy.body)).toEqual([typed]);
    expect(await bodyOf(post.id)).toBe('The first paragraph, as saved.');
    await page.context().setOffline(false);
    await expect.poll(() => bodyOf(post.id), { timeout: 20_000 }).toBe(typed);
    await expect.poll(() => page.locator('#desk-save-status').textContent()).not.toContain('Offline');
  });

  it('makes a new article a draft once it has a title and a body, and the form then saves that draft', async () => {
    const page = await signedIn(author);
    await page.goto(`${url}/desk/posts/new`);
    expect(await page.locator('#desk-save-status').textContent()).toBe('Not saved yet');
    await page.locator('#desk-title').fill('Autosaved from scratch');
    await page.getByLabel('Body (Markdown)').fill('Nothing typed here is lost.');
    await page.waitForURL(/\/desk\/posts\/[^/]+\/edit$/, { timeout: 20_000 });
    const id = /\/desk\/posts\/([^/]+)\/edit$/.exec(page.url())![1]!;
    expect(await findPostById(t.ctx.db, id)).toMatchObject({ title: 'Autosaved from scratch', status: 'draft', author_id: author.id });
    await page.locator('#desk-save-status').getByText(SAVED_AT).waitFor();
    await page.getByLabel('Body (Markdown)').fill('Nothing typed here is lost, even now.');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('Draft saved.').waitFor();
    const same = await t.ctx.db.selectFrom('posts').select('id').where('title', '=', 'Autosaved from scratch').execute();
    expect(same).toEqual([{ id }]);
    expect(await bodyOf(id)).toBe('Nothing typed here is lost, even now.');
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('gazette:desk:')))).toEqual([]);
  });

  it('stops autosaving with a clear message when someone else saved first', async () => {
    const post = await draft('Two hands');
    const page = await signedIn(author);
    await page.goto(`${url}/desk/posts/${post.id}/edit`);
    await page.getByLabel('Body (Markdown)').waitFor();
    await updatePost(t.ctx, editor, post.id, { bodyMarkdown: 'The editor’s version.', baseVersion: post.version });
    await page.getByLabel('Body (Markdown)').fill('The author’s version.');
    await page.getByText('Ed Itor saved this article after you opened it, so autosave has stopped').waitFor();
    await page.getByRole('link', { name: 'Reload to compare the two versions' }).waitFor();
    expect(await bodyOf(post.id)).toBe('The editor’s version.');
  });

  it('keeps a tab’s refused text while another tab of the same browser types and saves, and “Reload to compare” puts it back', async () => {
    const post = await draft('Two tabs');
    const one = await signedIn(author);
    const two = await one.context().newPage();
    await one.goto(`${url}/desk/posts/${post.id}/edit`);
    await two.goto(`${url}/desk/posts/${post.id}/edit`);
    await one.getByLabel('Body (Markdown)').fill('The first paragraph, as saved.\n\nONE-A.');
    await expect.poll(() => bodyOf(post.id), { timeout: 20_000 }).toContain('ONE-A');
    // Tab two started from the version before tab one's autosave: refused, and its text kept.
    await two.getByLabel('Body (Markdown)').fill('The first paragraph, as saved.\n\nTWO-B: only tab two has this.');
    await two.getByText('saved this article after you opened it, so autosave has stopped').waitFor();
    // Tab one types and saves again: its own copy goes (tab two's stays).
    await one.getByLabel('Body (Markdown)').fill('The first paragraph, as saved.\n\nONE-A. ONE-C.');
    await expect.poll(() => bodyOf(post.id), { timeout: 20_000 }).toContain('ONE-C');
    await expect.poll(() => one.evaluate(() => Object.values(localStorage).some((copy) => copy.includes('ONE-C')))).toBe(false);
    await two.getByRole('link', { name: 'Reload to compare the two versions' }).click();
    await two.getByText('Restored your unsaved text from this browser').waitFor();
    expect(await two.getByLabel('Body (Markdown)').inputValue()).toContain('TWO-B: only tab two has this.');
    // Still not over tab one's save: autosave stops again, and a save button leads to the conflict page.
    await two.getByText('saved this article after you opened it, so autosave has stopped').waitFor();
    expect(await bodyOf(post.id)).toContain('ONE-C');
  });

  it('after “Take theirs”, shows their text, keeps one’s own in the revisions, and autosaves again', async () => {
    const post = await draft('Take theirs');
    const page = await signedIn(editor);
    await page.goto(`${url}/desk/posts/${post.id}/edit`);
    await page.getByLabel('Body (Markdown)').waitFor();
    await updatePost(t.ctx, author, post.id, { bodyMarkdown: 'Their version.', baseVersion: post.version });
    await page.getByLabel('Body (Markdown)').fill('My version.');
    await page.getByText('Ada Author saved this article after you opened it, so autosave has stopped').waitFor();
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('button', { name: 'Take theirs' }).click();
    await page.getByText('This is their version. Your text is kept in the revisions, beside it.').waitFor();
    expect(await page.getByLabel('Body (Markdown)').inputValue()).toBe('Their version.');
    expect(await page.getByText('Restored your unsaved text').count()).toBe(0);
    const kept = await t.ctx.db.selectFrom('post_revisions').select('body_markdown').where('post_id', '=', post.id).execute();
    expect(kept.map((r) => r.body_markdown)).toContain('My version.');
    // Autosave works again, from their version; a reload then shows the server's text.
    await page.getByLabel('Body (Markdown)').fill('Their version, and a line of mine.');
    await expect.poll(() => bodyOf(post.id), { timeout: 20_000 }).toBe('Their version, and a line of mine.');
    await page.reload();
    expect(await page.getByLabel('Body (Markdown)').inputValue()).toBe('Their version, and a line of mine.');
  });

  it('suggests existing tags for the last term of the comma list, by keyboard', async () => {
    const post = await draft('Tagged');
    const page = await signedIn(author);
    await page.goto(`${url}/desk/posts/${post.id}/edit`);
    const tags = page.getByRole('combobox', { name: 'Tags' });
    await tags.fill('Pixel, bat');
    const options = page.getByRole('listbox', { name: 'Suggestions' }).getByRole('option');
    await options.first().waitFor();
    expect(await options.allTextContents()).toEqual(['Batteries', 'Battery life']);
    await tags.press('ArrowDown');
    await tags.press('ArrowDown');
    expect(await tags.getAttribute('aria-activedescendant')).toBe('desk-tags-option-1');
    await tags.press('Enter');
    expect(await tags.inputValue()).toBe('Pixel, Battery life, ');
    expect(await tags.getAttribute('aria-expanded')).toBe('false');
    // A new name is simply typed, and created when the article is saved.
    await tags.pressSequentially('Tensor chip');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('Draft saved.').waitFor();
    expect(await tags.inputValue()).toMatch(/Tensor chip/);
  });
});
