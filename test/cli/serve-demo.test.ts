// `gazette serve` on an empty site loads the demo in a child process of its own (`gazette demo`),
// so that drawing the demo's slides leaves no memory behind in the server: the site then serves
// the seed article with its discussion and gallery, and the demo blog's origins are registered.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStorage, testEngines, type TestStorage } from '../helpers/engines.ts';
import { freePort, waitUntilAnswering } from '../helpers/servers.ts';

const SEED = '/articles/sony-mobile-to-defocus-on-india-and-usa';

describe.each(testEngines())('gazette serve with the demo on %s', (engine) => {
  let dataDir: string;
  let pgStorage: TestStorage | null = null;
  let child: ChildProcess;
  let base: string;
  let blogPort: number;
  let logs = '';

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-serve-demo-'));
    if (engine === 'postgres') pgStorage = await openTestStorage('postgres');
    const port = await freePort();
    blogPort = await freePort();
    child = spawn(process.execPath, ['bin/gazette.mjs', 'serve'], {
      env: {
        ...process.env,
        ...(pgStorage?.env ?? {}),
        PORT: String(port),
        HOST: '127.0.0.1',
        GAZETTE_DATA_DIR: dataDir,
        GAZETTE_DEMO: 'on',
        GAZETTE_DEMO_BLOG_PORT: String(blogPort),
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk: Buffer) => (logs += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (logs += chunk.toString()));
    base = `http://127.0.0.1:${port}`;
    await waitUntilAnswering(`${base}/healthz`, child);
  }, 180_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await pgStorage?.dispose();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the seed article with its discussion and slides, loaded by a child process', async () => {
    const summary = logs.split('\n').find((line) => line.includes('loaded demo content'));
    expect(summary, logs).toBeDefined();
    expect(JSON.parse(summary!).summary).toMatch(/^loaded \d+ articles, \d+ pages, \d+ authors, \d+ categories, \d+ images$/);
    const page = await fetch(base + SEED);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Sony Mobile');
    expect(html).toMatch(/<article[^>]+id="comment-/);
    // A slide drawn by the child is served from the media files it wrote.
    const slide = /src="(\/media\/[^"]+\.(?:webp|jpg))"/.exec(html)?.[1];
    expect(slide).toBeDefined();
    const image = await fetch(base + slide!);
    expect(image.status).toBe(200);
    expect(Number(image.headers.get('content-length'))).toBeGreaterThan(1000);
  });

  it('registers the demo blog with the port the server was given, so its page may embed the seed thread', async () => {
    const frame = await fetch(
      `${base}/embed/thread?${new URLSearchParams({ site: 'demo-blog', page: 'seed-article', origin: `http://localhost:${blogPort}` })}`,
      { headers: { referer: `http://localhost:${blogPort}/` } },
    );
    expect(frame.status).toBe(200);
    expect(frame.headers.get('content-security-policy')).toContain(`http://localhost:${blogPort}`);
  });

  it('loads nothing on the next start: the site is no longer empty', async () => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    logs = '';
    const port = await freePort();
    child = spawn(process.execPath, ['bin/gazette.mjs', 'serve'], {
      env: {
        ...process.env,
        ...(pgStorage?.env ?? {}),
        PORT: String(port),
        HOST: '127.0.0.1',
        GAZETTE_DATA_DIR: dataDir,
        GAZETTE_DEMO: 'on',
        GAZETTE_DEMO_BLOG_PORT: 'off',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk: Buffer) => (logs += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (logs += chunk.toString()));
    await waitUntilAnswering(`http://127.0.0.1:${port}/healthz`, child);
    expect(logs).not.toContain('loaded demo content');
    expect((await fetch(`http://127.0.0.1:${port}${SEED}`)).status).toBe(200);
  }, 60_000);
});
