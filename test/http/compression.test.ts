// Issue 13, "Compression": pages, JSON, CSS and JS went out uncompressed. Now Brotli or gzip as
// the reader asks; cached pages are compressed once, when cached, never on a hit.
import http from 'node:http';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makePost, makeStaffWithToken } from '../helpers/factories.ts';
import { testEngines } from '../helpers/engines.ts';
import { accountReader, guestReader, seedComment } from '../helpers/readers.ts';
import { threadForPost } from '../../src/domain/comments/threads.ts';

const decode: Record<string, (body: Buffer) => Buffer> = {
  br: (body) => zlib.brotliDecompressSync(body),
  gzip: (body) => zlib.gunzipSync(body),
};

/** Response headers and the first bytes of a response that never ends (a live stream). */
function openStream(url: string, headers: Record<string, string>): Promise<{ headers: http.IncomingHttpHeaders; first: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers }, (response) => {
      response.once('data', (chunk: Buffer) => {
        resolve({ headers: response.headers, first: chunk.toString('latin1') });
        request.destroy();
      });
    });
    request.on('error', reject);
  });
}

describe.each(testEngines())('compression on %s', (engine) => {
  let t: TestApp;
  let article: string;
  let threadId: string;
  let plain: Buffer;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    const { user } = await makeStaffWithToken(t.ctx, 'editor');
    const paragraphs = Array.from({ length: 40 }, (_, i) => `Paragraph ${i} of the report, with enough words to be worth compressing.`);
    const post = await makePost(t.ctx, user, { bodyMarkdown: paragraphs.join('\n\n') });
    article = `/articles/${post.slug}`;
    threadId = (await threadForPost(t.ctx.db, t.ctx.clock, post)).id;
    for (let i = 0; i < 5; i++)
      await seedComment(t.ctx, { threadId, by: guestReader(`Reader ${i}`), body: `Comment number ${i}, said plainly.` });
    plain = (await t.app.inject(article)).rawPayload;
  });
  afterAll(async () => t?.close());

  it('sends the article page in Brotli that decompresses to exactly the plain page', async () => {
    const response = await t.app.inject({ url: article, headers: { 'accept-encoding': 'br' } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers.vary).toMatch(/accept-encoding/i);
    expect(Number(response.headers['content-length'])).toBe(response.rawPayload.length);
    expect(response.rawPayload.length).toBeLessThan(plain.length / 3);
    expect(decode.br!(response.rawPayload).equals(plain)).toBe(true);
  });

  it('sends gzip to a reader who asks only for gzip, and weighs q-values', async () => {
    const gzip = await t.app.inject({ url: article, headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(decode.gzip!(gzip.rawPayload).equals(plain)).toBe(true);

    const preferred = await t.app.inject({ url: article, headers: { 'accept-encoding': 'br;q=0.4, gzip;q=0.9' } });
    expect(preferred.headers['content-encoding']).toBe('gzip');
    const browser = await t.app.inject({ url: article, headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } });
    expect(browser.headers['content-encoding']).toBe('br');
  });

  it('sends the page as it is when compression is not asked for, or refused', async () => {
    for (const accept of [undefined, 'identity', 'br;q=0, gzip;q=0', 'deflate', 'gzip;q=0, *;q=0.5, br;q=0']) {
      const response = await t.app.inject({ url: article, headers: accept ? { 'accept-encoding': accept } : {} });
      expect(response.headers['content-encoding'], accept).toBeUndefined();
      expect(response.rawPayload.equals(plain), accept).toBe(true);
      expect(response.headers.vary, accept).toMatch(/accept-encoding/i);
    }
  });

  it('compresses a cached page once, however many readers ask for it in whichever coding', async () => {
    t.pageCache.clear();
    const before = t.pageCache.compressions;
    const rendersBefore = t.pageCache.renders;
    for (let i = 0; i < 4; i++) {
      for (const accept of ['br', 'gzip', 'identity']) {
        expect((await t.app.inject({ url: article, headers: { 'accept-encoding': accept } })).statusCode).toBe(200);
      }
    }
    expect(t.pageCache.renders - rendersBefore).toBe(1);
    // One Brotli copy and one gzip copy, made when the page was stored.
    expect(t.pageCache.compressions - before).toBe(2);
  });

  it('gives each coding its own ETag and answers 304 only for the bytes the reader holds', async () => {
    const etags = new Map<string, string>();
    for (const accept of ['br', 'gzip', 'identity']) {
      etags.set(accept, String((await t.app.inject({ url: article, headers: { 'accept-encoding': accept } })).headers.etag));
    }
    expect(new Set(etags.values()).size).toBe(3);

    const revalidated = await t.app.inject({ url: article, headers: { 'accept-encoding': 'br', 'if-none-match': etags.get('br')! } });
    expect(revalidated.statusCode).toBe(304);
    expect(revalidated.rawPayload.length).toBe(0);
    expect(revalidated.headers.etag).toBe(etags.get('br'));
    expect(revalidated.headers.vary).toMatch(/accept-encoding/i);

    const otherCoding = await t.app.inject({ url: article, headers: { 'accept-encoding': 'gzip', 'if-none-match': etags.get('br')! } });
    expect(otherCoding.statusCode).toBe(200);
    expect(otherCoding.headers['content-encoding']).toBe('gzip');

    const inAList = await t.app.inject({
      url: article,
      headers: { 'accept-encoding': 'gzip', 'if-none-match': `${etags.get('br')}, ${etags.get('gzip')}` },
    });
    expect(inAList.statusCode).toBe(304);
  });

  it('answers HEAD with the headers GET would send, and a Range request with the whole page', async () => {
    const get = await t.app.inject({ url: article, headers: { 'accept-encoding': 'br' } });
    const head = await t.app.inject({ method: 'HEAD', url: article, headers: { 'accept-encoding': 'br' } });
    expect(head.statusCode).toBe(200);
    expect(head.rawPayload.length).toBe(0);
    expect(head.headers['content-encoding']).toBe('br');
    expect(head.headers['content-length']).toBe(get.headers['content-length']);
    expect(head.headers.etag).toBe(get.headers.etag);

    // Ranges are not offered: the reader gets the whole representation, never a slice of compressed bytes.
    const range = await t.app.inject({ url: article, headers: { 'accept-encoding': 'br', range: 'bytes=0-99' } });
    expect(range.statusCode).toBe(200);
    expect(range.headers['content-range']).toBeUndefined();
    expect(decode.br!(range.rawPayload).equals(plain)).toBe(true);
  });

  it('compresses pages rendered for one reader as they are sent', async () => {
    const signedIn = await accountReader(t.ctx, 'Compressed Reader');
    const personal = await t.app.inject({ url: article, headers: { 'accept-encoding': 'br', cookie: signedIn.cookie } });
    expect(personal.headers['cache-control']).toContain('private');
    expect(personal.headers['content-encoding']).toBe('br');
    expect(decode.br!(personal.rawPayload).toString()).toContain('Compressed Reader');

    // A guest's copy of the cached page carries their form token: compressed for them, not from the cache.
    const guest = guestReader();
    const withToken = await t.app.inject({ url: article, headers: { 'accept-encoding': 'gzip', cookie: guest.cookie } });
    expect(withToken.headers['content-encoding']).toBe('gzip');
    expect(decode.gzip!(withToken.rawPayload).toString()).toContain('</html>');
  });

  it('compresses JSON above the threshold and leaves small answers alone', async () => {
    const plainSpec = await t.app.inject('/api/v1/openapi.json');
    const spec = await t.app.inject({ url: '/api/v1/openapi.json', headers: { 'accept-encoding': 'br' } });
    expect(spec.headers['content-type']).toContain('application/json');
    expect(spec.headers['content-encoding']).toBe('br');
    expect(spec.headers.vary).toMatch(/accept-encoding/i);
    expect(decode.br!(spec.rawPayload).equals(plainSpec.rawPayload)).toBe(true);

    const thread = await t.app.inject({ url: `/api/v1/threads/${threadId}/comments`, headers: { 'accept-encoding': 'gzip' } });
    expect(thread.statusCode).toBe(200);
    expect(thread.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(decode.gzip!(thread.rawPayload).toString()).comments).toHaveLength(5);

    const health = await t.app.inject({ url: '/healthz', headers: { 'accept-encoding': 'br' } });
    expect(health.rawPayload.length).toBeLessThan(1024);
    expect(health.headers['content-encoding']).toBeUndefined();
  });

  it('compresses stylesheets and scripts, once, and serves the same bytes to every reader', async () => {
    const home = (await t.app.inject('/')).body;
    const css = /href="(\/assets\/site\.css\?v=[0-9a-f]+)"/.exec(home)?.[1];
    expect(css).toBeDefined();
    const plainCss = await t.app.inject(css!);
    const first = await t.app.inject({ url: css!, headers: { 'accept-encoding': 'br' } });
    const second = await t.app.inject({ url: css!, headers: { 'accept-encoding': 'br' } });
    expect(first.headers['content-encoding']).toBe('br');
    expect(first.headers.vary).toMatch(/accept-encoding/i);
    expect(first.headers['cache-control']).toContain('immutable');
    expect(decode.br!(first.rawPayload).equals(plainCss.rawPayload)).toBe(true);
    expect(second.rawPayload.equals(first.rawPayload)).toBe(true);

    const script = await t.app.inject({ url: '/assets/lightbox.js', headers: { 'accept-encoding': 'gzip' } });
    expect(script.headers['content-encoding']).toBe('gzip');
    expect(decode.gzip!(script.rawPayload).toString()).toEqual((await t.app.inject('/assets/lightbox.js')).body);
  });

  it('never compresses a live event stream (it would be held back until a block filled)', async () => {
    const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const stream = await openStream(`${base}/api/v1/threads/${threadId}/events`, { 'accept-encoding': 'br, gzip' });
    expect(stream.headers['content-type']).toContain('text/event-stream');
    expect(stream.headers['content-encoding']).toBeUndefined();
    expect(stream.first).toContain('retry: 3000');
  });
});

describe.each(testEngines())('compression with the page cache off on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(engine, { pageCacheSeconds: 0 });
  });
  afterAll(async () => t?.close());

  it('compresses each render as it is sent, with the ETag of that coding', async () => {
    const plain = await t.app.inject('/');
    const br = await t.app.inject({ url: '/', headers: { 'accept-encoding': 'br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(decode.br!(br.rawPayload).equals(plain.rawPayload)).toBe(true);
    expect(br.headers.etag).not.toBe(plain.headers.etag);
    const again = await t.app.inject({ url: '/', headers: { 'accept-encoding': 'br', 'if-none-match': String(br.headers.etag) } });
    expect(again.statusCode).toBe(304);
    expect(t.pageCache.compressions).toBe(0);
  });
});
