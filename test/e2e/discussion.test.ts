// The discussion with JavaScript in a real browser: posting and replying in place, votes,
// editing and deleting one's own comments, load more and sort, the live "new comments" pill
// across two readers, "new since your last visit", the no-JavaScript form still working, and
// axe-core on the enhanced thread in light and dark.
import { describe, expect, it, vi } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { testEngines } from '../helpers/engines.ts';
import { makePost, makeUser } from '../helpers/factories.ts';
import { chromiumPath, demoSiteAndBrowser } from './harness.ts';

vi.setConfig({ testTimeout: 180_000 });

const SEED = '/articles/sony-mobile-to-defocus-on-india-and-usa';

interface Reader {
  context: BrowserContext;
  page: Page;
  /** Uncaught errors in the page; every test expects none. */
  errors: Error[];
}

describe.skipIf(!chromiumPath).each(testEngines())('discussion in Chromium on %s', (engine) => {
  const env = demoSiteAndBrowser(engine);

  async function reader(options: { javaScriptEnabled?: boolean; colorScheme?: 'light' | 'dark' } = {}): Promise<Reader> {
    const context = await env.browser.newContext({
      javaScriptEnabled: options.javaScriptEnabled ?? true,
      colorScheme: options.colorScheme ?? 'light',
    });
    const page = await context.newPage();
    const errors: Error[] = [];
    page.on('pageerror', (error) => errors.push(error));
    page.on('dialog', (dialog) => void dialog.accept());
    return { context, page, errors };
  }

  /** Opens a path and waits for the comments client (and, when asked, its live stream). */
  async function open(page: Page, path: string, options: { live?: boolean } = {}): Promise<void> {
    const response = await page.goto(env.site.url + path);
    expect(response?.status()).toBe(200);
    await page.locator(options.live ? '#comments[data-live="open"]' : '#comments[data-enhanced]').waitFor({ state: 'attached' });
  }

  /** A plain new article with an empty thread; returns its path. */
  async function freshArticle(): Promise<string> {
    const editor = await makeUser(env.site.t.ctx, 'editor');
    const post = await makePost(env.site.t.ctx, editor);
    return `/articles/${post.slug}`;
  }

  async function threadIdOf(page: Page): Promise<string> {
    return (await page.locator('#comments').getAttribute('data-thread-id'))!;
  }

  /** Someone else, through the API (their own guest cookie each time). */
  async function postAsOther(threadId: string, body: string, parentId: string | null = null, name = 'Other Person'): Promise<string> {
    const response = await env.site.t.app.inject({
      method: 'POST',
      url: `/api/v1/threads/${threadId}/comments`,
      headers: { 'content-type': 'application/json' },
      payload: { body, parentId, guest: { name, email: 'other@example.test' } },
    });
    expect(response.statusCode).toBe(201);
    return (response.json() as { id: string }).id;
  }

  const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? null);
  const status = (page: Page) => page.locator('#comments > [role="status"]');

  async function postWithForm(page: Page, body: string, guest = { name: 'Ann Reader', email: 'ann@example.test' }): Promise<void> {
    await page.fill('#comment-body', body);
    if (await page.locator('#comment-name').count()) {
      await page.fill('#comment-name', guest.name);
      await page.fill('#comment-email', guest.email);
    }
    await page.click('#comment-form button[type="submit"]');
  }

  it('posts a comment and a reply in place, with errors beside their field and focus on the new comment', async () => {
    const path = await freshArticle();
    const { page, context, errors } = await reader();
    await open(page, path);
    await page.evaluate(() => Object.assign(window, { stillHere: true }));

    // A name of spaces is refused by the server: the error sits at the field and nothing typed is lost.
    await postWithForm(page, 'First thoughts, with **bold**.', { name: '   ', email: 'ann@example.test' });
    await page.locator('#comment-name[aria-invalid="true"]').waitFor();
    await expect(page.locator('#comment-name-error').textContent()).resolves.toBe(
      'Name must not be empty (invisible characters do not count)',
    );
    await expect(page.locator('#comment-name').getAttribute('aria-describedby')).resolves.toBe('comment-name-error');
    await expect(page.inputValue('#comment-body')).resolves.toBe('First thoughts, with **bold**.');
    expect(await focusedId(page)).toBe('comment-name');

    await page.fill('#comment-name', 'Ann Reader');
    await page.click('#comment-form button[type="submit"]');
    const first = page.locator('.comment-list > li > article').first();
    await first.waitFor();
    await expect(first.locator('.comment-body').innerHTML()).resolves.toContain('<strong>bold</strong>');
    await expect(first.locator('.comment-author').textContent()).resolves.toBe('Ann Reader');
    await expect(page.locator('#comment-name').getAttribute('aria-invalid')).resolves.toBeNull();
    await expect(page.locator('#comment-name-error').count()).resolves.toBe(0);
    await expect(page.inputValue('#comment-body')).resolves.toBe('');
    expect(await focusedId(page)).toBe(await first.getAttribute('id'));
    await expect.poll(() => status(page).textContent()).toBe('Your comment was posted.');
    await expect(page.locator('#comments-heading').textContent()).resolves.toBe('1 comment');
    await expect(page.locator('#comments > .empty').count()).resolves.toBe(0);
    // Recent times read as relative, the exact one stays in the title.
    await expect(first.locator('time').textContent()).resolves.toMatch(/^(just now|\d+ minutes? ago)$/);
    await expect(first.locator('time').getAttribute('title')).resolves.toMatch(/ UTC$/);

    // Reply opens the one form under the comment; Escape puts it back and returns focus.
    const firstId = (await first.getAttribute('data-comment-id'))!;
    await first.locator('.reply-link').click();
    const formParent = () =>
      page.evaluate(
        () => document.querySelector('#comment-form')!.closest('li.comment-item')?.querySelector('article')?.dataset.commentId ?? null,
      );
    expect(await formParent()).toBe(firstId);
    await expect(page.locator('#comment-form-heading').textContent()).resolves.toBe('Reply to Ann Reader');
    expect(await focusedId(page)).toBe('comment-body');
    await page.keyboard.press('Escape');
    expect(await formParent()).toBeNull();
    await expect(page.evaluate(() => document.activeElement?.className)).resolves.toBe('reply-link');
    await expect(page.locator('#comment-form-heading').textContent()).resolves.toBe('Join the discussion');

    // By keyboard this time, and posted: it lands under its parent, the form goes home.
    await page.keyboard.press('Enter');
    expect(await formParent()).toBe(firstId);
    await page.keyboard.type('A reply, in place.');
    await page.click('#comment-form button[type="submit"]');
    const reply = page.locator(`li:has(> #comment-${firstId}) > ol.replies > li > article`);
    await reply.waitFor();
    await expect(reply.locator('.comment-body').innerText()).resolves.toBe('A reply, in place.');
    await expect(reply.locator('xpath=..').getAttribute('data-parent-id')).resolves.toBe(firstId);
    expect(await formParent()).toBeNull();
    expect(await focusedId(page)).toBe(await reply.getAttribute('id'));
    await expect(page.locator('#comments-heading').textContent()).resolves.toBe('2 comments');
    await expect(page.locator('.cancel-reply-button').count()).resolves.toBe(0);

    expect(await page.evaluate(() => 'stillHere' in window)).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('votes with the pressed state remembered, and edits and deletes only its own comments', async () => {
    const path = await freshArticle();
    const { page, context, errors } = await reader();
    await open(page, path);
    const threadId = await threadIdOf(page);
    const othersId = await postAsOther(threadId, 'Somebody else wrote this.');
    await page.reload();
    await page.locator('#comments[data-enhanced]').waitFor({ state: 'attached' });
    const others = page.locator(`#comment-${othersId}`);
    const up = others.locator('.vote-up');
    const down = others.locator('.vote-down');
    await expect(up.getAttribute('aria-pressed')).resolves.toBe('false');

    await up.click();
    await expect.poll(() => others.locator('.score').textContent()).toBe('1');
    await expect(up.getAttribute('aria-pressed')).resolves.toBe('true');
    await expect(down.getAttribute('aria-pressed')).resolves.toBe('false');
    await expect(others.locator('.score').getAttribute('aria-label')).resolves.toBe('Score: 1');

    // The page is rendered without knowing this reader's vote; the browser remembers it.
    await page.reload();
    await page.locator('#comments[data-enhanced]').waitFor({ state: 'attached' });
    await expect(up.getAttribute('aria-pressed')).resolves.toBe('true');
    await expect(others.locator('.score').textContent()).resolves.toBe('1');
    await up.click();
    await expect.poll(() => others.locator('.score').textContent()).toBe('0');
    await expect(up.getAttribute('aria-pressed')).resolves.toBe('false');
    await down.click();
    await expect.poll(() => others.locator('.score').textContent()).toBe('-1');
    await expect(down.getAttribute('aria-pressed')).resolves.toBe('true');

    // Own comments get Edit and Delete; others' do not.
    await postWithForm(page, 'Original *text*.');
    const mine = page.locator('.comment-list > li > article').first();
    await mine.locator('.own-actions').waitFor();
    const mineId = (await mine.getAttribute('data-comment-id'))!;
    await expect(others.locator('.own-actions').count()).resolves.toBe(0);

    // One's own comment keeps its score but offers no votes and no Report (the server refuses both).
    await expect(mine.locator('.vote-button').count()).resolves.toBe(0);
    await expect(mine.locator('.score').count()).resolves.toBe(1);
    await expect(mine.locator('details.report').count()).resolves.toBe(0);

    // Edit: prefilled with the text as typed; Escape cancels; Save updates in place.
    await mine.locator('[data-action="edit"]').click();
    const editor = mine.locator('form.comment-edit textarea');
    await expect(editor.inputValue()).resolves.toBe('Original *text*.');
    expect(await focusedId(page)).toBe(`edit-${mineId}`);
    await page.keyboard.press('Escape');
    await expect(mine.locator('form.comment-edit').count()).resolves.toBe(0);
    await expect(page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.action)).resolves.toBe('edit');
    await expect(mine.locator('.comment-body').isVisible()).resolves.toBe(true);
    await mine.locator('[data-action="edit"]').click();
    await editor.fill('Edited *text*.');
    await mine.locator('form.comment-edit button[type="submit"]').click();
    const edited = page.locator(`#comment-${mineId}`);
    await expect.poll(() => edited.locator('.comment-body').innerHTML()).toBe('<p>Edited <em>text</em>.</p>\n');
    await expect(edited.locator('.edited').textContent()).resolves.toBe('edited');
    expect(await focusedId(page)).toBe(`comment-${mineId}`);
    await expect(edited.locator('[data-action="edit"]').count()).resolves.toBe(1);

    // Delete with replies under it: the placeholder stays, as the server shows it.
    await postAsOther(threadId, 'An answer to the edited one.', mineId);
    await page.reload();
    await page.locator('#comments[data-enhanced]').waitFor({ state: 'attached' });
    await edited.locator('[data-action="delete"]').click();
    await expect.poll(() => page.locator(`#comment-${mineId}`).getAttribute('class')).toBe('comment comment-deleted');
    await expect(page.locator(`#comment-${mineId} .comment-deleted-note`).textContent()).resolves.toBe('This comment was deleted');
    await expect(page.locator(`li:has(> #comment-${mineId}) > ol.replies > li`).count()).resolves.toBe(1);

    // Delete without replies: it goes, and focus moves to a neighbour.
    await postWithForm(page, 'A short-lived comment.');
    const leaf = page.locator('.comment-list > li > article').first();
    await leaf.locator('.own-actions').waitFor();
    const leafId = (await leaf.getAttribute('data-comment-id'))!;
    await leaf.locator('[data-action="delete"]').click();
    await page.locator(`#comment-${leafId}`).waitFor({ state: 'detached' });
    expect(await focusedId(page)).toMatch(/^comment-/);
    await expect.poll(() => status(page).textContent()).toBe('Your comment was deleted.');
    const api = await page.request.get(`${env.site.url}/api/v1/threads/${threadId}/comments`);
    expect((await api.json()).comments.map((c: { id: string }) => c.id)).not.toContain(leafId);

    expect(errors).toEqual([]);
    await context.close();
  });

  it('loads more comments in place and sorts without a page load, remembering the order', async () => {
    const { page, context, errors } = await reader();
    await open(page, SEED);
    const topLevel = page.locator('.comment-list > li');
    await expect(topLevel.count()).resolves.toBe(25);
    await page.locator('a.load-more').click();
    await expect.poll(() => topLevel.count()).toBe(50);
    expect(await focusedId(page)).toBe(await topLevel.nth(25).locator('> article').getAttribute('id'));
    await page.locator('a.load-more').click();
    await expect.poll(() => topLevel.count()).toBe(72);
    await expect(page.locator('.load-more-row').count()).resolves.toBe(0);
    expect(await focusedId(page)).toBe(await topLevel.nth(50).locator('> article').getAttribute('id'));
    const ids = await page.locator('.comment-list article').evaluateAll((nodes) => nodes.map((n) => n.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(page.url()).toBe(env.site.url + SEED);

    const threadId = await threadIdOf(page);
    const newest = (await (await page.request.get(`${env.site.url}/api/v1/threads/${threadId}/comments?sort=newest&limit=2`)).json()) as {
      comments: { id: string; parentId: string | null }[];
    };
    const newestFirst = newest.comments.find((c) => c.parentId === null)!.id;
    await page.locator('.comment-sort a', { hasText: 'Newest' }).click();
    await expect.poll(() => page.locator('.comment-sort a[aria-current="true"]').textContent()).toBe('Newest');
    await expect(page.locator('.comment-sort a[aria-current]').count()).resolves.toBe(1);
    await expect(topLevel.first().locator('> article').getAttribute('id')).resolves.toBe(`comment-${newestFirst}`);
    await expect(topLevel.count()).resolves.toBe(25);
    expect(new URL(page.url()).searchParams.get('sort')).toBe('newest');
    await expect(page.locator('a.load-more').getAttribute('href')).resolves.toMatch(/\?sort=newest&after=/);
    await expect(page.locator('#comments').getAttribute('data-sort')).resolves.toBe('newest');

    // The next article page opened without ?sort shows the remembered order.
    const again = await context.newPage();
    await open(again, SEED);
    await expect.poll(() => again.locator('.comment-sort a[aria-current="true"]').textContent()).toBe('Newest');
    await expect.poll(() => again.locator('.comment-list > li > article').first().getAttribute('id')).toBe(`comment-${newestFirst}`);
    expect(new URL(again.url()).search).toBe('');

    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows a comment from another reader as a "1 new comment" pill, and applies edits, votes and deletions live', async () => {
    const path = await freshArticle();
    const a = await reader();
    const b = await reader();
    await Promise.all([open(a.page, path, { live: true }), open(b.page, path, { live: true })]);

    await postWithForm(b.page, 'Hello from the second reader.', { name: 'Bea Second', email: 'bea@example.test' });
    const pill = a.page.locator('.new-comments button');
    await pill.waitFor();
    await expect(pill.textContent()).resolves.toBe('1 new comment');
    // Not inserted under the reader until asked for.
    await expect(a.page.locator('.comment-list article').count()).resolves.toBe(0);
    const bsComment = b.page.locator('.comment-list > li > article').first();
    await bsComment.waitFor();
    const id = (await bsComment.getAttribute('data-comment-id'))!;
    // The author's own page never offers its own comment as new.
    await b.page.locator('#comments > [role="status"]').filter({ hasText: 'Your comment was posted.' }).waitFor();
    await expect(b.page.locator('.new-comments button').count()).resolves.toBe(0);

    await pill.click();
    const shown = a.page.locator(`#comment-${id}`);
    await shown.waitFor();
    await expect(shown.locator('.comment-body').innerText()).resolves.toBe('Hello from the second reader.');
    expect(await focusedId(a.page)).toBe(`comment-${id}`);
    await expect(shown.getAttribute('class')).resolves.toContain('is-new');
    await expect(shown.locator('.new-label').textContent()).resolves.toBe('New');
    await expect(a.page.locator('.new-comments button').count()).resolves.toBe(0);
    await expect(a.page.locator('#comments-heading').textContent()).resolves.toBe('1 comment');

    // An edit by its author shows in place for the other reader.
    await bsComment.locator('[data-action="edit"]').click();
    await bsComment.locator('form.comment-edit textarea').fill('Hello again, edited.');
    await b.page.locator(`#comment-${id} form.comment-edit button[type="submit"]`).click();
    await expect.poll(() => shown.locator('.comment-body').innerText()).toBe('Hello again, edited.');
    await expect(a.page.locator(`#comment-${id} .edited`).count()).resolves.toBe(1);

    // A third reader's vote (a browser with its guest cookie) moves the score on both pages.
    const vote = await env.site.t.app.inject({
      method: 'POST',
      url: `/api/v1/comments/${id}/vote`,
      headers: { 'content-type': 'application/json', cookie: `gz_guest=${'t'.repeat(32)}` },
      payload: { value: 1 },
    });
    expect(vote.statusCode).toBe(200);
    await expect.poll(() => a.page.locator(`#comment-${id} .score`).textContent()).toBe('1');
    await expect.poll(() => b.page.locator(`#comment-${id} .score`).textContent()).toBe('1');

    // Deleted by its author: gone for the other reader too.
    await b.page.locator(`#comment-${id} [data-action="delete"]`).click();
    await a.page.locator(`#comment-${id}`).waitFor({ state: 'detached' });
    await expect(a.page.locator('#comments-heading').textContent()).resolves.toBe('Comments');

    expect([...a.errors, ...b.errors]).toEqual([]);
    await Promise.all([a.context.close(), b.context.close()]);
  });

  it('marks comments that arrived since the last visit as new', async () => {
    const path = await freshArticle();
    const { page, context, errors } = await reader();
    await open(page, path);
    const threadId = await threadIdOf(page);
    const before = await postAsOther(threadId, 'Already there before the last visit.');
    await open(page, path);
    await expect(page.locator(`#comment-${before}`).getAttribute('class')).resolves.toBe('comment');

    // The server's clock is fixed; move it past this visit so the next comment is newer.
    env.site.t.clock.set(new Date(Date.now() + 60_000));
    const after = await postAsOther(threadId, 'Written after the last visit.');
    await open(page, path);
    await expect(page.locator(`#comment-${after}`).getAttribute('class')).resolves.toContain('is-new');
    await expect(page.locator(`#comment-${after} .new-label`).textContent()).resolves.toBe('New');
    await expect(page.locator(`#comment-${before}`).getAttribute('class')).resolves.toBe('comment');
    // Seen now: the next visit marks nothing.
    await open(page, path);
    await expect(page.locator('.comment.is-new').count()).resolves.toBe(0);

    expect(errors).toEqual([]);
    await context.close();
  });

  it('still posts through the plain form without JavaScript', async () => {
    const path = await freshArticle();
    const { page, context } = await reader({ javaScriptEnabled: false });
    const response = await page.goto(env.site.url + path);
    expect(response?.status()).toBe(200);
    await postWithForm(page, 'Posted the old-fashioned way.', { name: 'No Script', email: 'noscript@example.test' });
    await page.waitForURL((url) => url.hash.startsWith('#comment-'));
    await expect(page.locator('.comment-list .comment-body').first().innerText()).resolves.toBe('Posted the old-fashioned way.');
    await context.close();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`has no serious or critical axe violations in the enhanced thread (${colorScheme})`, async () => {
      const path = await freshArticle();
      const { page, context, errors } = await reader({ colorScheme });
      await open(page, path);
      const threadId = await threadIdOf(page);
      // Worded per run: the same text from the same person in another thread is spam to the pipeline.
      const othersId = await postAsOther(threadId, `Something to vote on and answer (${colorScheme}).`);
      await open(page, path, { live: true });
      // Every client-made state at once: own controls, a pressed vote, the inline reply form,
      // a field error and the new-comments pill.
      await postWithForm(page, 'My own comment.');
      await page.locator('.own-actions').waitFor();
      await page.locator(`#comment-${othersId} .vote-up`).click();
      await page.locator(`#comment-${othersId} .vote-up[aria-pressed="true"]`).waitFor();
      await page.locator(`#comment-${othersId} .reply-link`).click();
      await page.fill('#comment-body', 'A reply.');
      await page.fill('#comment-name', '  ');
      await page.click('#comment-form button[type="submit"]');
      await page.locator('#comment-name-error').waitFor();
      await postAsOther(threadId, 'Arriving live.', null, 'Live Person');
      await page.locator('.new-comments button').waitFor();

      const results = await new AxeBuilder({ page }).include('#comments').analyze();
      const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(
        serious.map(
          (v) =>
            `${v.id} — ${v.nodes
              .map((n) => n.target.join(' '))
              .slice(0, 3)
              .join(', ')}`,
        ),
      ).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
