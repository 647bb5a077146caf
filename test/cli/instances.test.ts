// Two `gazette serve` processes on one PostgreSQL database and one Redis, as behind a load
// balancer: a comment posted through one reaches a reader streaming from the other, and the
// other's cached article page shows it on the next request.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { systemClock } from '../../src/clock.ts';
import { createInProcessBus } from '../../src/events/bus.ts';
import { createLocalMediaFiles } from '../../src/domain/media/files.ts';
import type { DomainContext } from '../../src/domain/context.ts';
import { openTestStorage, testEngines, type TestStorage } from '../helpers/engines.ts';
import { makePost, makeUser } from '../helpers/factories.ts';
import { freePort, waitUntilAnswering } from '../helpers/servers.ts';

const REDIS_URL = process.env.GAZETTE_TEST_REDIS_URL || 'redis://127.0.0.1:6379';
const ready = testEngines().includes('postgres') && inject('redisAvailable');
if (!ready) console.warn('[gazette tests] skipping the two-instance suite: it needs PostgreSQL and Redis');

async function serve(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['bin/gazette.mjs', 'serve'], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', GAZETTE_DEMO: 'off', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilAnswering(`${url}/healthz`, child);
  return { child, url };
}

describe.skipIf(!ready)('two instances sharing PostgreSQL and Redis', () => {
  let storage: TestStorage;
  let dataDir: string;
  const children: ChildProcess[] = [];
  let first: string;
  let second: string;
  let slug: string;
  let threadId: string;

  beforeAll(async () => {
    storage = await openTestStorage('postgres');
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-instances-'));
    const ctx: DomainContext = {
      db: storage.db,
      clock: systemClock,
      events: createInProcessBus(),
      mediaFiles: createLocalMediaFiles(path.join(dataDir, 'media')),
    };
    const editor = await makeUser(ctx, 'editor');
    slug = (await makePost(ctx, editor, { title: 'Across instances', publishedAt: '2026-01-01T00:00:00.000Z' })).slug;
    const env = { ...storage.env, REDIS_URL, GAZETTE_DATA_DIR: dataDir };
    const [a, b] = await Promise.all([serve(env), serve(env)]);
    children.push(a.child, b.child);
    first = a.url;
    second = b.url;
    threadId = ((await (await fetch(`${second}/api/v1/posts/${slug}`)).json()) as { threadId: string }).threadId;
  }, 90_000);

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await storage?.dispose();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('streams a comment posted on one instance to a reader of the other, and refreshes its cached page within a second', async () => {
    // The second instance caches the empty thread first.
    expect(await (await fetch(`${second}/articles/${slug}`)).text()).not.toContain('Hello from the first instance');

    let received = '';
    const heard = new Promise<void>((resolve, reject) => {
      const request = http.get(`${second}/api/v1/threads/${threadId}/events`, (response) => {
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          received += chunk;
          if (received.includes('event: comment.created')) {
            request.destroy();
            resolve();
          }
        });
      });
      request.on('error', (error) => (received.includes('comment.created') ? resolve() : reject(error)));
    });
    // Wait for the stream to be open before posting (its first bytes say so).
    for (let i = 0; i < 100 && !received.includes(': connected'); i++) await new Promise((r) => setTimeout(r, 50));

    const posted = await fetch(`${first}/api/v1/threads/${threadId}/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ body: 'Hello from the first instance', guest: { name: 'Ines', email: 'ines@example.com' } }),
    });
    expect(posted.status).toBe(201);
    const { id } = (await posted.json()) as { id: string };
    await heard;
    expect(received).toContain(id);

    // The page may be served up to GAZETTE_PAGE_STALE_MS (1 s) stale, then one request renders it again.
    let page = '';
    for (let i = 0; i < 100 && !page.includes('Hello from the first instance'); i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 50));
      page = await (await fetch(`${second}/articles/${slug}`)).text();
    }
    expect(page).toContain('Hello from the first instance');
  });
});
