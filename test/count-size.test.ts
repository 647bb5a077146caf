// count.js stays within 1 KB gzipped (issue 15), is built from its own source alone, and is served
// as the server bundles it, revalidated with its ETag.
import { gzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { COUNT_LOADER_BUDGET_GZIP_BYTES, buildCountLoader, registerCountScript } from '../src/http/web/count-bundle.ts';
import { prepareBrowserBundles } from '../src/http/web/browser-bundles.ts';

const build = await buildCountLoader();
// What /count.js serves (buildApp prepares it; this test registers the route alone).
await prepareBrowserBundles();

describe('count.js', () => {
  it(`is at most ${COUNT_LOADER_BUDGET_GZIP_BYTES} bytes gzipped`, () => {
    const gzipped = gzipSync(build.code, { level: 9 }).length;
    console.log(`count.js: ${build.code.length} bytes minified, ${gzipped} bytes gzipped (budget ${COUNT_LOADER_BUDGET_GZIP_BYTES})`);
    expect(gzipped).toBeGreaterThan(300);
    expect(gzipped).toBeLessThanOrEqual(COUNT_LOADER_BUDGET_GZIP_BYTES);
  });

  it('is built from src/widget/count-loader.ts alone, with nothing of Node in it', () => {
    expect(build.inputs).toEqual(['src/widget/count-loader.ts']);
    expect(build.code.toString()).not.toMatch(/\brequire\(|from\s*["']node:/);
  });

  it('is served as /count.js with an ETag, and answers 304 to a reader who holds it', async () => {
    const app = Fastify();
    registerCountScript(app);
    const first = await app.inject({ method: 'GET', url: '/count.js' });
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(first.headers['cache-control']).toBe('public, max-age=3600');
    expect(first.rawPayload.equals(build.code)).toBe(true);
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await app.inject({ method: 'GET', url: '/count.js', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    // A gzip reader gets gzip bytes under an ETag of their own.
    const gzipped = await app.inject({ method: 'GET', url: '/count.js', headers: { 'accept-encoding': 'gzip' } });
    if (build.code.length >= 1024) {
      expect(gzipped.headers['content-encoding']).toBe('gzip');
      expect(gzipped.headers.etag).not.toBe(etag);
    }
    await app.close();
  });
});
