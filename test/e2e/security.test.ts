// Issue 11, findings 3 and 14 in a real browser: no javascript: URL that any Markdown renderer
// emits runs when clicked (tested with the CSP bypassed, so the URL check stands alone), and
// the Content-Security-Policy blocks an inline script smuggled into a stored page.
import { describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { testEngines } from '../helpers/engines.ts';
import { makeUser, makePost } from '../helpers/factories.ts';
import { guestReader, seedComment } from '../helpers/readers.ts';
import { threadForPost } from '../../src/domain/comments/threads.ts';
import { renderBody } from '../../src/render/markdown.ts';
import { renderComment } from '../../src/render/comment-markdown.ts';
import { chromiumPath, demoSiteAndBrowser } from './harness.ts';

vi.setConfig({ testTimeout: 180_000 });

const RUN = 'window.__pwned=1';
const HOSTILE_URLS = [
  `javascript:${RUN}`,
  `JaVaScRiPt:${RUN}`,
  `javascript&colon;${RUN}`,
  `javascript&#58;${RUN}`,
  `java&#x09;script:${RUN}`,
  `vbscript:${RUN}`,
  `data:text/html,<script>${RUN}</script>`,
];
const HOSTILE_MARKDOWN = [
  '[a safe link](https://example.com/) and <mailto:someone@example.com>',
  ...HOSTILE_URLS.map((url) => `[link](${url}) ![image](${url}) <${url}>`),
  ':::gallery',
  '![a safe slide](/media/none/w640.jpg)',
  `![slide](javascript:window.__pwned%3D1)`,
  `![slide](JAVASCRIPT:window.__pwned%3D1)`,
  ':::',
].join('\n\n');
// A body rendered and stored before the URL check existed.
const LEGACY_HTML = `<div class="gallery" data-gallery><figure class="gallery-item"><a class="gallery-link" href="javascript:${RUN}"><img src="/x.jpg" alt="x"></a><figcaption>x</figcaption></figure></div><p><a href="javascript:${RUN}">more</a></p>`;

declare global {
  interface Window {
    __pwned?: number;
    __control?: number;
    __injected?: boolean;
    __violations?: string[];
  }
}

describe.skipIf(!chromiumPath).each(testEngines())('hostile URLs and inline script in Chromium on %s', (engine) => {
  const env = demoSiteAndBrowser(engine);

  async function hostileArticles(): Promise<string[]> {
    const { t } = env.site;
    const editor = await makeUser(t.ctx, 'editor');
    const rendered = await makePost(t.ctx, editor, { title: 'Rendered from hostile Markdown', bodyMarkdown: 'placeholder' });
    const legacy = await makePost(t.ctx, editor, { title: 'Stored before the check', bodyMarkdown: 'placeholder' });
    // What the renderer makes of hostile Markdown (saving refuses it; this is the defence behind that).
    await t.storage.db
      .updateTable('posts')
      .set({ body_html: renderBody(HOSTILE_MARKDOWN, () => undefined).html })
      .where('id', '=', rendered.id)
      .execute();
    await t.storage.db.updateTable('posts').set({ body_html: LEGACY_HTML }).where('id', '=', legacy.id).execute();
    const thread = await threadForPost(t.ctx.db, t.ctx.clock, rendered);
    const comment = await seedComment(t.ctx, { threadId: thread.id, by: guestReader() });
    await t.storage.db
      .updateTable('comments')
      .set({ body_html: renderComment(HOSTILE_MARKDOWN).html })
      .where('id', '=', comment.id)
      .execute();
    t.pageCache.clear();
    return [`/articles/${rendered.slug}`, `/articles/${legacy.slug}`];
  }

  async function openWithoutCsp(path: string): Promise<Page> {
    const context = await env.browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    // Safe links are not followed (the test stays on the page); any other scheme is left to the browser.
    await page.addInitScript(() => {
      document.addEventListener(
        'click',
        (event) => {
          const link = (event.target as Element).closest('a');
          if (link && ['http:', 'https:', 'mailto:'].includes(link.protocol)) event.preventDefault();
        },
        true,
      );
    });
    expect((await page.goto(env.site.url + path))?.status()).toBe(200);
    return page;
  }

  it('runs no javascript: URL from article or comment Markdown, gallery included, when each link is clicked', async () => {
    for (const path of await hostileArticles()) {
      const page = await openWithoutCsp(path);
      const selector = '.article-body a[href], .comment-body a[href]';
      // The browser's own reading of every URL: only http(s), mailto.
      const protocols = await page.$$eval(`${selector}, .article-body img[src], .comment-body img[src]`, (elements) =>
        elements.map((el) => (el instanceof HTMLAnchorElement ? el.protocol : new URL((el as HTMLImageElement).src).protocol)),
      );
      expect(protocols.length).toBeGreaterThan(0);
      expect(
        protocols.filter((protocol) => !['http:', 'https:', 'mailto:'].includes(protocol)),
        path,
      ).toEqual([]);

      const count = await page.locator(selector).count();
      for (let index = 0; index < count; index++) {
        // A control link clicked after the link under test: its javascript: runs (the CSP is
        // bypassed) once every earlier click has had its effect, so no waiting on time is needed.
        await page.evaluate(
          ([css, i]) => {
            document.querySelectorAll<HTMLAnchorElement>(css)[i]!.click();
            const control = document.createElement('a');
            control.href = 'javascript:window.__control=(window.__control||0)+1';
            document.body.append(control);
            control.click();
          },
          [selector, index] as const,
        );
        await page.waitForFunction((n) => window.__control === n, index + 1);
      }
      expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
      await page.context().close();
    }
  });

  it('blocks an inline script and an event handler smuggled into a stored page', async () => {
    const { t } = env.site;
    const editor = await makeUser(t.ctx, 'editor');
    const post = await makePost(t.ctx, editor, { title: 'Smuggled script', bodyMarkdown: 'placeholder' });
    const smuggled =
      '<p>Hello</p><script>window.__injected = true</script><img src="/nothing.png" alt="" onerror="window.__injected = true">';
    await t.storage.db.updateTable('posts').set({ body_html: smuggled }).where('id', '=', post.id).execute();
    t.pageCache.clear();

    const context = await env.browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(() => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (event) => window.__violations!.push(event.effectiveDirective));
    });
    expect((await page.goto(`${env.site.url}/articles/${post.slug}`))?.status()).toBe(200);
    // Both the <script> and the onerror attribute are reported as refused.
    await page.waitForFunction(() => window.__violations!.filter((d) => d.startsWith('script-src')).length >= 2);
    expect(await page.evaluate(() => window.__injected)).toBeUndefined();
    // The page's own scripts (comments client) still run under the policy.
    await page.waitForFunction(() => document.querySelector('#comment-form') !== null);
    await context.close();
  });
});
