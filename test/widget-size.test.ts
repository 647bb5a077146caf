// The comments client stays small and browser-pure: bundled exactly as the server bundles it,
// gzipped as it travels, held to the budget; and built only from browser-safe sources.
import { gzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { WIDGET_BUDGET_GZIP_BYTES, buildWidget } from '../src/http/web/widget-bundle.ts';
import { assetUrl, registerAssets } from '../src/http/web/assets.ts';
import { prepareBrowserBundles } from '../src/http/web/browser-bundles.ts';

const build = await buildWidget();
// What the served asset is made from (buildApp prepares it; this test registers the route alone).
await prepareBrowserBundles();

describe('comments client bundle', () => {
  it(`is at most ${WIDGET_BUDGET_GZIP_BYTES / 1024} KB gzipped`, () => {
    const gzipped = gzipSync(build.code, { level: 9 }).length;
    console.log(`comments.js: ${build.code.length} bytes minified, ${gzipped} bytes gzipped (budget ${WIDGET_BUDGET_GZIP_BYTES})`);
    expect(gzipped).toBeGreaterThan(1000);
    expect(gzipped).toBeLessThanOrEqual(WIDGET_BUDGET_GZIP_BYTES);
  });

  it('is built only from the widget and the browser-safe render sources it shares with the server', () => {
    const allowed =
      /^src\/(widget\/[\w-]+\.ts|render\/(html|avatar|safe-url|thread|thread-moderation|thread-own|thread-text|return-path|comment-form-extras)\.ts|domain\/comments\/types\.ts|i18n\/(locales|messages|format|discussion-en)\.ts|locales\/en\/discussion\.json)$/;
    expect(build.inputs.filter((input) => !allowed.test(input))).toEqual([]);
    expect(build.inputs).toContain('src/render/thread.ts');
    // English only: other languages arrive with their page (src/http/web/discussion-messages.ts).
    expect(build.inputs.filter((input) => input.startsWith('src/locales/'))).toEqual(['src/locales/en/discussion.json']);
    expect(build.code.toString()).not.toMatch(/\brequire\(|from\s*["']node:/);
  });

  it('is served as comments.js under a content hash, cacheable for a year', async () => {
    const app = Fastify();
    registerAssets(app);
    const url = assetUrl('comments.js');
    expect(url).toMatch(/^\/assets\/comments\.js\?v=[0-9a-f]{10}$/);
    const response = await app.inject({ method: 'GET', url });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.rawPayload.equals(build.code)).toBe(true);
    await app.close();
  });
});
