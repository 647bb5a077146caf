// `gazette serve` on an empty site loads the demo in a child process of its own (`gazette demo`),
// so that drawing the demo's slides leaves no memory behind in the server: the site then serves
// the seed article with its discussion and gallery, and the demo blog's origins are registered.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStorage, testEngines, type TestStorage } from '../helpers/engines.ts';
import { freePort, startServe, type ServeProcess } from '../helpers/servers.ts';

const SEED = '/articles/sony-mobile-to-defocus-on-india-and-usa';

describe.each(testEngines())('gazette serve with the demo on %s', (engine) => {
  let dataDir: string;
  let pgStorage: TestStorage | null = null;
  let server: ServeProcess;
  let blogPort: number;
  const settings = () => ({ ...(pgStorage?.env ?? {}), GAZETTE_DATA_DIR: dataDir, GAZETTE_DEMO: 'on' });

  const stop = async () => {
    if (!server || server.child.exitCode !== null) return;
    const exited = new Promise((resolve) => server.child.once('exit', resolve));
    server.child.kill('SIGTERM');
    await exited;
  };

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-serve-demo-'));
    if (engine === 'postgres') pgStorage = await openTestStorage('postgres');
    blogPort = await freePort();
    server = await startServe({ ...settings(), GAZETTE_DEMO_BLOG_PORT: String(blogPort) });
  }, 180_000);

  afterAll(async () => {
    await stop();
    await pgStorage?.dispose();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the seed article with its discussion and slides, loaded by a child process', async () => {
    const summary = server
      .logs()
      .split('\n')
      .find((line) => line.includes('loaded demo content'));
    expect(summary, server.logs()).toBeDefined();
    expect(JSON.parse(summary!).summary).toMatch(/^loaded \d+ articles, \d+ pages, \d+ authors, \d+ categories, \d+ images$/);
    const page = await fetch(server.url + SEED);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Sony Mobile');
    expect(html).toMatch(/<article[^>]+id="comment-/);
    // A slide drawn by the child is served from the media files it wrote.
    const slide = /src="(\/media\/[^"]+\.(?:webp|jpg))"/.exec(html)?.[1];
    expect(slide).toBeDefined();
    const image = await fetch(server.url + slide!);
    expect(image.status).toBe(200);
    expect(Number(image.headers.get('content-length'))).toBeGreaterThan(1000);
  });

  it('registers the demo blog with the port the server was given, so its page may embed the seed thread', async () => {
    const origin = `http://localhost:${blogPort}`;
    const frame = await fetch(`${server.url}/embed/thread?${new URLSearchParams({ site: 'demo-blog', page: 'seed-article', origin })}`, {
      headers: { referer: `${origin}/` },
    });
    expect(frame.status).toBe(200);
    expect(frame.headers.get('content-security-policy')).toContain(origin);
  });

  it('loads nothing on the next start: the site is no longer empty', async () => {
    await stop();
    server = await startServe({ ...settings(), GAZETTE_DEMO_BLOG_PORT: 'off' });
    expect(server.logs()).not.toContain('loaded demo content');
    expect((await fetch(server.url + SEED)).status).toBe(200);
  }, 60_000);
});
