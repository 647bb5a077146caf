// The bundle `npm start` runs (scripts/build.mjs → dist/gazette.mjs), built and started as a real
// process on an empty site: it loads the demo, serves the seed article and every script the
// article and host pages ask for, and after that start-up holds no helper process (esbuild's
// synchronous API would otherwise keep one for the server's whole life, widget-bundle.ts).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStorage, testEngines, type TestStorage } from '../helpers/engines.ts';
import { startServe, type ServeProcess } from '../helpers/servers.ts';

const SEED = '/articles/sony-mobile-to-defocus-on-india-and-usa';

/** The process ids `pid` has started and not yet reaped (Linux's /proc, the platform this suite runs on). */
function childrenOf(pid: number): number[] {
  const tasks = fs.readdirSync(`/proc/${pid}/task`);
  return tasks.flatMap((task) => fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number));
}

let buildDir: string;
let bundle: string;

beforeAll(() => {
  // Beside dist/gazette.mjs, as the bundle imports its packages from the repository's node_modules.
  fs.mkdirSync('dist', { recursive: true });
  buildDir = fs.mkdtempSync(path.join('dist', 'test-'));
  bundle = path.join(buildDir, 'gazette.mjs');
  const built = spawnSync(process.execPath, ['scripts/build.mjs', bundle], { encoding: 'utf8' });
  expect(built.stderr).toBe('');
  expect(built.status).toBe(0);
}, 60_000);

afterAll(() => fs.rmSync(buildDir, { recursive: true, force: true }));

describe.each(testEngines())('the built bundle on %s', (engine) => {
  let dataDir: string;
  let pgStorage: TestStorage | null = null;
  let server: ServeProcess;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-bundle-data-'));
    if (engine === 'postgres') pgStorage = await openTestStorage('postgres');
    const env = { ...(pgStorage?.env ?? {}), GAZETTE_DATA_DIR: dataDir, GAZETTE_DEMO: 'on', GAZETTE_DEMO_BLOG_PORT: 'off' };
    server = await startServe(env, ['--max-semi-space-size=4', bundle]);
  }, 180_000);

  afterAll(async () => {
    if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
    await pgStorage?.dispose();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the demo article and its scripts, keeps no helper process, and stops cleanly', async () => {
    const article = await fetch(`${server.url}${SEED}`);
    expect(article.status).toBe(200);
    const page = await article.text();
    expect(page).toContain('Sony Mobile');
    const scripts = [...page.matchAll(/<script[^>]+src="([^"]+)"/g)].map((match) => match[1]!.replaceAll('&amp;', '&'));
    expect(scripts.some((src) => src.startsWith('/assets/comments.js?v='))).toBe(true);
    for (const src of [...scripts, '/embed.js', '/count.js']) {
      const script = await fetch(`${server.url}${src}`);
      expect(script.status, src).toBe(200);
      expect(script.headers.get('content-type'), src).toMatch(/javascript/);
      expect((await script.text()).length, src).toBeGreaterThan(500);
    }
    const frame = await fetch(`${server.url}/embed/frame?url=${encodeURIComponent('https://blog.example/post')}`);
    expect(frame.status).toBeLessThan(500);

    expect(childrenOf(server.child.pid!)).toEqual([]);

    const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
    server.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(server.logs()).toContain('shutting down');
  }, 60_000);
});
