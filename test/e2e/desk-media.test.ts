// Images at the desk in Chromium: an author writes an article from scratch with an inline image
// dropped onto the body (described in the alt-text dialog, with a caption) and a five-image
// gallery uploaded through the file chooser, captions each slide, moves one by keyboard, chooses
// a lead image and its focal point with the arrow keys, and submits the article for review. Once
// an editor publishes it, the article shows the image, its caption and the five captions in the
// new order. axe finds no serious or critical violations with each dialog open.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { testEngines } from '../helpers/engines.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makeUser } from '../helpers/factories.ts';
import { pngOf } from '../helpers/images.ts';
import { updatePost } from '../../src/domain/posts/write.ts';
import { uploadImage } from '../../src/domain/media/upload.ts';
import { findPostBySlug } from '../../src/storage/repos/posts.ts';
import type { User } from '../../src/storage/schema.ts';
import { chromiumPath, launchBrowser, signedInPage, expectNoSeriousAxe } from './harness.ts';
import { docShot } from './screenshot.ts';

vi.setConfig({ testTimeout: 180_000 });

/** A picture with a subject off-centre (a phone on a stage, left of the middle), so crops show. */
function stagePng(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="1000">
    <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#1d3557"/><stop offset="1" stop-color="#457b9d"/></linearGradient></defs>
    <rect width="1600" height="1000" fill="url(#sky)"/>
    <rect y="760" width="1600" height="240" fill="#6c757d"/>
    <rect x="400" y="330" width="170" height="330" rx="24" fill="#111"/>
    <rect x="414" y="350" width="142" height="280" rx="10" fill="#e9c46a"/>
    <circle cx="1250" cy="200" r="70" fill="#f1faee" opacity="0.6"/>
  </svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

describe.skipIf(!chromiumPath).each(testEngines())('desk images and galleries in Chromium on %s', (engine) => {
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
    // Something in the library already, to choose as the lead image.
    await uploadImage(t.ctx, null, { bytes: await stagePng(), originalName: 'launch-stage.png', alt: 'The launch stage' });
    [url, browser] = await Promise.all([t.app.listen({ port: 0, host: '127.0.0.1' }), launchBrowser()]);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const signedIn = (user: User) => signedInPage(browser, { t, url }, user, { viewport: { width: 1100, height: 900 } });

  const axe = expectNoSeriousAxe;

  /** Drops a PNG onto an element the way a file dragged from the desktop arrives. */
  async function dropFile(page: Page, selector: string, name: string, bytes: Buffer) {
    const transfer = await page.evaluateHandle(
      ({ name, data }) => {
        const dt = new DataTransfer();
        dt.items.add(new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], name, { type: 'image/png' }));
        return dt;
      },
      { name, data: bytes.toString('base64') },
    );
    await page.locator(selector).dispatchEvent('drop', { dataTransfer: transfer });
  }

  it('an author writes an illustrated article with a five-image gallery, reorders by keyboard and submits it', async () => {
    const page = await signedIn(author);
    await page.goto(`${url}/desk/posts/new`);
    await page.getByLabel('Title', { exact: true }).fill('Phones on the stage');
    await page.getByLabel('Standfirst').fill('Five new models, one afternoon.');
    const body = page.getByLabel('Body (Markdown)');
    await body.fill('The launch began at two.\n');
    await body.press('End');

    // A not-an-image is refused beside the body in the server's words.
    const notImage = await page.evaluateHandle(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['just notes'], 'notes.txt', { type: 'text/plain' }));
      return dt;
    });
    await page.locator('#desk-body').dispatchEvent('drop', { dataTransfer: notImage });
    await page.locator('#desk-media-error').getByText('“notes.txt” is not an image that Gazette can read').waitFor();

    // The inline image: dropped onto the body, then described in the dialog.
    await dropFile(page, '#desk-body', 'stage.png', await pngOf(1200, 800, 60));
    const altDialog = page.getByRole('dialog', { name: 'Describe the image' });
    await altDialog.waitFor();
    await axe(page, 'alt text dialog');
    // Without alt text the dialog asks once more before inserting.
    await altDialog.getByRole('button', { name: 'Insert image' }).click();
    await altDialog.getByText('There is no alt text').waitFor();
    await altDialog.getByLabel('Alt text').fill('Five phones in a row on a grey stage');
    await altDialog.getByLabel('Caption (optional)').fill('The line-up, before the doors opened');
    await altDialog.getByRole('button', { name: 'Insert image' }).click();
    // The image goes in when the dialog's close event runs, a task after the dialog has closed;
    // a closed dialog stops matching its role before that, so waiting for it to go is not enough.
    await expect
      .poll(() => body.inputValue())
      .toMatch(
        /^The launch began at two\.\n\n!\[Five phones in a row on a grey stage\]\(media:[a-z0-9]+ "The line-up, before the doors opened"\)\n$/,
      );
    await altDialog.waitFor({ state: 'detached' });

    // The gallery: five files chosen at once, each with its progress, then captioned.
    await body.press('End');
    await page.getByRole('button', { name: 'Add gallery…' }).click();
    const gallery = page.getByRole('dialog', { name: 'Add a gallery' });
    const names = ['one', 'two', 'three', 'four', 'five'];
    const files = await Promise.all(
      names.map(async (name, i) => ({ name: `slide-${name}.png`, mimeType: 'image/png', buffer: await pngOf(900, 600, 100 + i * 30) })),
    );
    await gallery.getByLabel('Add images (choose several at once, or drop them here)').setInputFiles(files);
    await expect.poll(() => gallery.locator('.desk-slide').count()).toBe(5);
    await gallery.locator('.desk-slide progress').first().waitFor({ state: 'detached' });
    await expect.poll(() => gallery.locator('.desk-slide progress').count()).toBe(0);
    for (const [i, name] of names.entries()) await gallery.getByLabel(`Caption of slide ${i + 1}`).fill(`Slide ${name}`);
    await axe(page, 'gallery dialog');
    await docShot(gallery, 'writing-gallery');

    // Slide 3 moves up one place from the keyboard; the move is announced.
    await gallery.getByLabel('Caption of slide 3').press('Alt+ArrowUp');
    await gallery.getByText('Moved slide 3 to position 2').waitFor();
    expect(await gallery.getByLabel('Caption of slide 2').inputValue()).toBe('Slide three');
    expect(await gallery.getByLabel('Caption of slide 2').evaluate((input) => input === document.activeElement)).toBe(true);
    // And back down and up again with the Move buttons.
    await gallery.getByRole('button', { name: 'Move slide 2 down' }).click();
    await gallery.getByText('Moved slide 2 to position 3').waitFor();
    await gallery.getByRole('button', { name: 'Move slide 3 up' }).click();
    expect(await gallery.getByLabel('Caption of slide 2').inputValue()).toBe('Slide three');
    await gallery.getByRole('button', { name: 'Insert gallery' }).click();
    await gallery.waitFor({ state: 'detached' });
    const text = await body.inputValue();
    expect(text.match(/!\[([^\]]*)\]\(media:[a-z0-9]+\)/g)?.map((line) => /!\[([^\]]*)\]/.exec(line)![1])).toEqual([
      'Slide one',
      'Slide three',
      'Slide two',
      'Slide four',
      'Slide five',
    ]);
    expect(text).toMatch(/\n\n:::gallery\n(!\[Slide [a-z]+\]\(media:[a-z0-9]+\)\n){5}:::\n/);

    // The library dialog, and the lead image with its focal point set by keyboard.
    await page.getByRole('button', { name: 'Choose lead image…' }).click();
    const library = page.getByRole('dialog', { name: 'Choose the lead image' });
    await library.getByRole('button', { name: 'The launch stage' }).waitFor();
    await axe(page, 'library dialog');
    await library.getByRole('button', { name: 'The launch stage' }).click();
    await page.getByRole('button', { name: 'Focal point: 50% across, 50% down' }).waitFor();
    // Its name changes with the point: found by its place from here on.
    const pad = page.locator('#desk-lead .desk-focal-pad');
    expect(await pad.evaluate((button) => button === document.activeElement)).toBe(true);
    await pad.press('Shift+ArrowLeft');
    await pad.press('Shift+ArrowLeft');
    await pad.press('ArrowDown');
    await page.getByRole('button', { name: 'Focal point: 30% across, 51% down' }).waitFor();
    expect(await page.getByLabel('Across (%)').inputValue()).toBe('30');
    expect(await page.getByLabel('Down (%)').inputValue()).toBe('51');
    await axe(page, 'editor with the lead image');
    await docShot(page.locator('#desk-lead'), 'writing-focal-point');

    await page.getByRole('button', { name: 'Submit for review' }).click();
    await page.getByText('Submitted for review').waitFor();
    const post = (await findPostBySlug(t.ctx.db, 'post', 'phones-on-the-stage'))!;
    expect(post).toMatchObject({ status: 'review', author_id: author.id, lead_focal_x: 30, lead_focal_y: 51 });
    expect(post.lead_media_id).toMatch(/^[a-z0-9]+$/);

    // An editor publishes it; readers see the image, its caption and the captions in order.
    await updatePost(t.ctx, { id: editor.id, role: 'editor' }, post.id, { baseVersion: post.version, status: 'published' });
    const reader = await (await browser.newContext()).newPage();
    await reader.goto(`${url}/articles/phones-on-the-stage`);
    const figure = reader.locator('.article-body figure.body-figure');
    await expect.poll(() => figure.locator('img').getAttribute('alt')).toBe('Five phones in a row on a grey stage');
    expect(await figure.locator('figcaption').textContent()).toBe('The line-up, before the doors opened');
    expect(await reader.locator('.gallery figcaption').allTextContents()).toEqual([
      'Slide one',
      'Slide three',
      'Slide two',
      'Slide four',
      'Slide five',
    ]);
    expect(await reader.locator('.lead-image img').getAttribute('class')).toBe('focal-x-30 focal-y-50');
    await reader.context().close();
  });
});
