// Search, social and preview links in Chromium: the search-result preview and the length counters
// follow the writer's typing; a preview link made in the editor opens the draft in a fresh browser
// (no account, no cookies), then, with the clock moved past its expiry, says it has expired; axe
// finds no serious or critical violations on the editor or the preview.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { testEngines } from '../helpers/engines.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makeUser } from '../helpers/factories.ts';
import { createSession } from '../../src/domain/users/sessions.ts';
import { createPost } from '../../src/domain/posts/write.ts';
import { uploadImage } from '../../src/domain/media/upload.ts';
import { pngOf } from '../helpers/images.ts';
import type { User } from '../../src/storage/schema.ts';
import { chromiumPath, launchBrowser, expectNoSeriousAxe } from './harness.ts';
import { docShot } from './screenshot.ts';

vi.setConfig({ testTimeout: 120_000 });

describe.skipIf(!chromiumPath).each(testEngines())('search, social and preview links in Chromium on %s', (engine) => {
  let t: TestApp;
  let url: string;
  let browser: Browser;
  let author: User;

  beforeAll(async () => {
    t = await buildTestApp(engine);
    t.clock.set('2026-03-10T12:00:00Z');
    author = await makeUser(t.ctx, 'author', 'Ada Author');
    [url, browser] = await Promise.all([t.app.listen({ port: 0, host: '127.0.0.1' }), launchBrowser()]);
  }, 60_000);
  const contexts: BrowserContext[] = [];
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await t?.close();
  });

  // Tall enough for the whole editor: an element's screenshot then needs no scrolling, which would
  // slide the editor's sticky save status over it.
  async function fresh(viewport = { width: 1100, height: 800 }): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });
    return { context, page };
  }

  async function signedIn(user: User): Promise<Page> {
    const { context, page } = await fresh({ width: 1100, height: 4000 });
    const token = await createSession(t.ctx, user.id, { userAgent: null, ip: null });
    await context.addCookies([{ name: 'gz_session', value: token, url }]);
    return page;
  }

  const axe = expectNoSeriousAxe;

  it('redraws the search-result preview while typing; a preview link opens the draft in a fresh browser, then expires', async () => {
    const draft = await createPost(t.ctx, author, {
      title: 'Foldable phones, one year on',
      excerpt: 'We kept three foldables in daily use for a year.',
      bodyMarkdown: 'The hinge held. **The crease did not fade.**',
    });
    const photo = (await uploadImage(t.ctx, null, { bytes: await pngOf(1200, 630, 40), originalName: 'hinge.png', alt: 'Hinge close-up' }))
      .media;
    const writer = await signedIn(author);
    await writer.goto(`${url}/desk/posts/${draft.id}/edit`);
    const serp = writer.locator('[data-serp]');
    await expect
      .poll(() => serp.locator('[data-serp-url]').textContent())
      .toBe('127.0.0.1:' + new URL(url).port + ' › articles › foldable-phones-one-year-on');
    expect(await serp.locator('[data-serp-title]').textContent()).toBe('Foldable phones, one year on – Gazette Mobile');

    await writer.getByLabel('SEO title').fill('Foldable phones after a year: hinges, creases and batteries tested');
    await expect
      .poll(() => serp.locator('[data-serp-title]').textContent())
      .toBe('Foldable phones after a year: hinges, creases and batteries …');
    expect(await writer.locator('#desk-seoTitle-count').textContent()).toBe('66 characters: search results show about 60, the rest is cut');
    await writer
      .getByLabel('SEO description')
      .fill('Three foldables, twelve months: what broke, what held, and which one we would buy again.');
    await expect
      .poll(() => serp.locator('[data-serp-description]').textContent())
      .toBe('Three foldables, twelve months: what broke, what held, and which one we would buy again.');
    expect(await writer.locator('#desk-seoDescription-count').textContent()).toBe('88 characters of about 155 shown');
    // The social image from the library's recent images, by keyboard-reachable buttons.
    await writer.getByRole('button', { name: 'Choose from recent images…' }).click();
    await writer.getByRole('button', { name: 'Use Hinge close-up' }).click();
    expect(await writer.getByLabel('Social image (media id)').inputValue()).toBe(photo.id);
    await writer.locator('[data-social-current] img[alt="The social image: Hinge close-up"]').waitFor();
    await axe(writer, '/desk/posts/:id/edit');
    await docShot(writer.locator('#desk-seo'), 'writing-seo');

    await writer.getByRole('button', { name: 'Save draft' }).click();
    await writer.getByText('Draft saved.').waitFor();
    await writer.getByLabel('Valid for').selectOption({ label: '1 hour' });
    await writer.getByRole('button', { name: 'Create preview link' }).click();
    await writer.getByText('Preview link made.').waitFor();
    await expect.poll(() => writer.getByRole('textbox', { name: 'Preview link' }).inputValue()).toMatch(/^http/);
    const link = await writer.getByRole('textbox', { name: 'Preview link' }).inputValue();
    expect(link).toMatch(new RegExp(`^${url}/preview/`));
    await axe(writer, '/desk/posts/:id/edit?preview=…');
    await docShot(writer.locator('#desk-preview-links'), 'writing-preview-link');

    // Someone without an account, in a browser that has never seen the site.
    const { page: reader } = await fresh();
    const shown = await reader.goto(link);
    expect(shown?.status()).toBe(200);
    expect(shown?.headers()['x-robots-tag']).toBe('noindex');
    await reader.getByRole('heading', { name: 'Foldable phones, one year on' }).waitFor();
    await reader.getByText('The crease did not fade.').waitFor();
    expect(await reader.title()).toBe('Foldable phones after a year: hinges, creases and batteries tested – Gazette Mobile');
    expect(await reader.locator('meta[property="og:image"]').getAttribute('content')).toContain(`/media/${photo.id}/`);
    await axe(reader, '/preview/…');

    t.clock.set('2026-03-10T13:00:01Z');
    const expired = await reader.reload();
    expect(expired?.status()).toBe(410);
    await reader.getByText('This preview link has expired; ask the writer for a new one.').waitFor();
    expect(await reader.getByText('The crease did not fade.').count()).toBe(0);
    await axe(reader, '/preview/… (expired)');
  });
});
