// `gazette serve` on SQLite killed (SIGKILL) while readers post: every comment it acknowledged is
// there after a restart, exactly once, and the thread's count agrees. What this guards: group
// commit (an answer only after the shared COMMIT), and the log copied back by a worker thread
// (a commit is durable once in the log, whoever checkpoints it and whenever).
// SQLite only: the PostgreSQL equivalent, with two instances, is test/events/two-instances-pg.test.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStorage } from '../../src/storage/db.ts';
import { migrateToLatest } from '../../src/storage/migrate.ts';
import { seedPostForServers } from '../helpers/factories.ts';
import { startServe, type ServeProcess } from '../helpers/servers.ts';

describe('gazette serve on SQLite, killed while readers post', () => {
  let dataDir: string;
  let slug: string;
  const running: ServeProcess[] = [];
  const env = () => ({ GAZETTE_DATA_DIR: dataDir, DATABASE_URL: '', REDIS_URL: '', GAZETTE_DEMO: 'off', GAZETTE_RATE_LIMITS: 'off' });

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-crash-'));
    const storage = createStorage({ engine: 'sqlite', file: path.join(dataDir, 'gazette.db') });
    try {
      await migrateToLatest(storage);
      slug = await seedPostForServers(storage.db, dataDir, 'Crash course');
    } finally {
      await storage.close();
    }
  }, 60_000);

  afterAll(() => {
    for (const server of running) if (server.child.exitCode === null) server.child.kill('SIGKILL');
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged comment exactly once, and the count agrees', { timeout: 120_000 }, async () => {
    const first = await startServe(env());
    running.push(first);
    const threadId = ((await (await fetch(`${first.url}/api/v1/posts/${slug}`)).json()) as { threadId: string }).threadId;

    const acknowledged: string[] = [];
    let n = 0;
    let killed = false;
    const writer = async () => {
      for (;;) {
        n++;
        const body = JSON.stringify({
          body: `Comment ${n}: the battery lasted ${n} hours`,
          guest: { name: `Reader ${n}`, email: `r${n}@example.com` },
        });
        try {
          const response = await fetch(`${first.url}/api/v1/threads/${threadId}/comments`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body,
          });
          if (response.status === 201) acknowledged.push(((await response.json()) as { id: string }).id);
          else await response.arrayBuffer();
        } catch {
          return; // the server is gone: what it answered before is what must be there
        }
        if (!killed && acknowledged.length >= 150) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, writer));
    expect(killed).toBe(true);
    expect(acknowledged.length).toBeGreaterThanOrEqual(150);

    const second = await startServe(env());
    running.push(second);
    const stored: string[] = [];
    let cursor: string | null = null;
    let commentCount = -1;
    do {
      const query = `sort=oldest&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = (await (await fetch(`${second.url}/api/v1/threads/${threadId}/comments?${query}`)).json()) as {
        comments: { id: string }[];
        nextCursor: string | null;
        commentCount: number;
      };
      stored.push(...page.comments.map((c) => c.id));
      cursor = page.nextCursor;
      commentCount = page.commentCount;
    } while (cursor);
    expect(new Set(stored).size).toBe(stored.length);
    const missing = acknowledged.filter((id) => !stored.includes(id));
    expect(missing).toEqual([]);
    // Some posts may have committed without their answer getting out; none may be counted twice.
    expect(commentCount).toBe(stored.length);
  });
});
