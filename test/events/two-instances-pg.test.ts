// Two `gazette serve` processes on one PostgreSQL database and NO Redis, as a PostgreSQL-only
// deployment behind a load balancer: events cross through LISTEN/NOTIFY, so a comment posted on
// one reaches a reader streaming from the other; a reader who moves between them resumes where
// it stopped; and when one is killed (SIGKILL) while readers post through both, every
// acknowledged comment is stored exactly once and the survivor's streams saw them all.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStorage, testEngines, type TestStorage } from '../helpers/engines.ts';
import { seedPostForServers } from '../helpers/factories.ts';
import { freePort, waitUntilAnswering } from '../helpers/servers.ts';
import { openSse, until } from '../helpers/sse.ts';

const ready = testEngines().includes('postgres');
if (!ready) console.warn('[gazette tests] skipping the PostgreSQL-only two-instance suite: no PostgreSQL');

async function serve(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const inherited = { ...process.env };
  delete inherited.REDIS_URL;
  const child = spawn(process.execPath, ['bin/gazette.mjs', 'serve'], {
    env: {
      ...inherited,
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      GAZETTE_DEMO: 'off',
      LOG_LEVEL: 'warn',
      GAZETTE_RATE_LIMITS: 'off',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilAnswering(`${url}/healthz`, child);
  return { child, url };
}

describe.skipIf(!ready)('two instances sharing PostgreSQL without Redis', () => {
  let storage: TestStorage;
  let dataDir: string;
  const children: ChildProcess[] = [];
  let first: { child: ChildProcess; url: string };
  let second: { child: ChildProcess; url: string };
  let threadId: string;

  beforeAll(async () => {
    storage = await openTestStorage('postgres');
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-instances-pg-'));
    const slug = await seedPostForServers(storage.db, dataDir, 'Across instances');
    const env = { ...storage.env, GAZETTE_DATA_DIR: dataDir };
    [first, second] = await Promise.all([serve(env), serve(env)]);
    children.push(first.child, second.child);
    threadId = ((await (await fetch(`${second.url}/api/v1/posts/${slug}`)).json()) as { threadId: string }).threadId;
  }, 90_000);

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await storage?.dispose();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  let n = 0;
  /** Posts a comment through `base`; its id once acknowledged (201), else null. */
  const post = async (base: string): Promise<string | null> => {
    n++;
    const body = JSON.stringify({
      body: `Comment ${n} about the phone’s battery`,
      guest: { name: `Reader ${n}`, email: `r${n}@example.com` },
    });
    // A server just started may answer 503 (back-pressure) for a moment: a client retries, as a browser would.
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        const response = await fetch(`${base}/api/v1/threads/${threadId}/comments`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        if (response.status === 503) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          continue;
        }
        return response.status === 201 ? ((await response.json()) as { id: string }).id : null;
      } catch {
        return null;
      }
    }
    return null;
  };
  const eventsUrl = (base: string) => `${base}/api/v1/threads/${threadId}/events`;
  const createdIn = (data: string[]) => data.map((d) => (JSON.parse(d) as { id: string }).id);

  it('streams a comment posted on one instance to a reader of the other (LISTEN/NOTIFY)', async () => {
    const stream = await openSse(eventsUrl(second.url));
    const id = await post(first.url);
    expect(id).toBeTruthy();
    await stream.until((e) => e.some((x) => x.event === 'comment.created' && x.data.includes(id!)), 'the comment on the other instance');
    expect(stream.events.at(-1)!.id).toBeTruthy();
    stream.close();
  });

  it('resumes a reader who moves from one instance to the other with exactly what it missed', async () => {
    const stream = await openSse(eventsUrl(second.url));
    const seen = await post(first.url);
    await stream.until((e) => e.some((x) => x.data.includes(seen!)), 'the first comment');
    const lastEventId = stream.events.at(-1)!.id!;
    stream.close();

    const missed = [await post(first.url), await post(second.url)];
    // Wait until both instances have heard both (each knows only what reached it).
    const probe = await openSse(eventsUrl(first.url), { 'last-event-id': lastEventId });
    await probe.until((e) => e.length === 2, 'the missed comments on the first instance');
    probe.close();
    for (const base of [first.url, second.url]) {
      const resumed = await openSse(eventsUrl(base), { 'last-event-id': lastEventId });
      await resumed.until((e) => e.length === 2, `the missed comments on ${base}`);
      expect(resumed.events.map((e) => e.event)).toEqual(['comment.created', 'comment.created']);
      expect(createdIn(resumed.events.map((e) => e.data))).toEqual(missed);
      resumed.close();
    }
  });

  it('loses nothing acknowledged when one instance is killed while readers post through both', { timeout: 120_000 }, async () => {
    const survivor = await openSse(eventsUrl(second.url));
    const acknowledged: string[] = [];
    let killed = false;
    const writer = async (w: number) => {
      for (let i = 0; i < 30; i++) {
        // Alternate instances; once one is dead its posts fail and are simply not acknowledged.
        const id = await post((i + w) % 2 === 0 ? first.url : second.url);
        if (id) acknowledged.push(id);
        if (!killed && acknowledged.length >= 20) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all([0, 1, 2, 3].map(writer));
    expect(killed).toBe(true);
    expect(acknowledged.length).toBeGreaterThan(20);

    // Stored exactly once: the thread as the survivor reads it back.
    const stored: string[] = [];
    let cursor: string | null = null;
    do {
      const query = `sort=oldest&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = (await (await fetch(`${second.url}/api/v1/threads/${threadId}/comments?${query}`)).json()) as {
        comments: { id: string }[];
        nextCursor: string | null;
      };
      stored.push(...page.comments.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(stored).size).toBe(stored.length);
    for (const id of acknowledged) expect(stored.filter((s) => s === id)).toHaveLength(1);

    // The thread's count holds every stored comment: count changes the killed instance committed
    // but never folded are taken by the survivor's next fold of the thread.
    const last = await post(second.url);
    expect(last).toBeTruthy();
    const { commentCount } = (await (await fetch(`${second.url}/api/v1/threads/${threadId}/comments?limit=1`)).json()) as {
      commentCount: number;
    };
    expect(commentCount).toBe(stored.length + 1);

    // The survivor's stream saw every acknowledged comment, whichever instance took it.
    const seen = () => new Set(createdIn(survivor.events.filter((e) => e.event === 'comment.created').map((e) => e.data)));
    await until(() => acknowledged.every((id) => seen().has(id)), 'every acknowledged comment on the survivor’s stream');
    survivor.close();
  });
});
