// Issue 11, finding 4: live streams must not multiply the cost of every event. Each event is
// loaded once per thread however many streams are open (500 here), every open stream still gets
// it, and open streams are limited per client address. What that costs in time is the fan-out
// benchmark's to measure (bench/fanout.ts), not a test's.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makePost, makeStaffWithToken } from '../helpers/factories.ts';
import { guestReader, seedComment } from '../helpers/readers.ts';
import { testEngines } from '../helpers/engines.ts';
import { createUnlimitedLimiter } from '../../src/limits/memory.ts';

/** Waits (without a fixed sleep) until `check` holds. */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 20_000; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** An open SSE response and the text it has received so far. */
interface OpenStream {
  response: Response;
  text: () => string;
  close: () => Promise<void>;
}

async function openStream(url: string): Promise<OpenStream> {
  const controller = new AbortController();
  const response = await fetch(url, { signal: controller.signal });
  let received = '';
  if (response.ok) {
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    void (async () => {
      for (;;) {
        const chunk = await reader.read().catch(() => ({ done: true, value: undefined }));
        if (chunk.done) return;
        received += decoder.decode(chunk.value, { stream: true });
      }
    })();
  }
  return { response, text: () => received, close: async () => controller.abort() };
}

async function threadOf(t: TestApp): Promise<{ threadId: string; auth: { authorization: string } }> {
  const { user, auth } = await makeStaffWithToken(t.ctx, 'editor');
  const post = await makePost(t.ctx, user);
  return { threadId: (await t.app.inject(`/api/v1/posts/${post.slug}`)).json().threadId as string, auth };
}

describe.each(testEngines())('live streams share each event’s load on %s', (engine) => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await buildTestApp(engine, { streamsPerAddress: 3 });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => t?.close());

  it('loads one payload per event, not one per open stream, and every stream gets the same bytes', async () => {
    const { threadId } = await threadOf(t);
    const streams = await Promise.all([1, 2, 3].map(() => openStream(`${base}/api/v1/threads/${threadId}/events`)));
    await until(() => t.streams.size === 3, 'three open streams');
    const before = t.streams.loads;

    const posted = await t.app.inject({
      method: 'POST',
      url: `/api/v1/threads/${threadId}/comments`,
      payload: { body: 'once for all', guest: { name: 'Fan', email: 'fan@example.com' } },
    });
    expect(posted.statusCode).toBe(201);
    await until(() => streams.every((s) => s.text().includes('event: comment.created')), 'the event on every stream');

    expect(t.streams.loads - before).toBe(1);
    const frames = streams.map((s) => s.text().slice(s.text().indexOf('id: ')));
    expect(new Set(frames).size).toBe(1);
    expect(frames[0]).toContain('once for all');
    expect(frames[0]).not.toContain('fan@example.com');
    await Promise.all(streams.map((s) => s.close()));
    await until(() => t.streams.size === 0, 'streams released');
  });

  it('sends only the public view: a reader’s own held comment never reaches the shared stream', async () => {
    const { threadId } = await threadOf(t);
    const stream = await openStream(`${base}/api/v1/threads/${threadId}/events`);
    await until(() => t.streams.size === 1, 'an open stream');
    const author = guestReader('Held Author');
    const held = await seedComment(t.ctx, { threadId, by: author, status: 'pending', body: 'waiting for review' });
    t.ctx.events.publish({ type: 'comment.created', threadId, postId: null, commentId: held.id });
    const visible = await seedComment(t.ctx, { threadId, by: author, body: 'public words' });
    t.ctx.events.publish({ type: 'comment.created', threadId, postId: null, commentId: visible.id });
    await until(() => stream.text().includes('public words'), 'the published comment');
    expect(stream.text()).not.toContain('waiting for review');
    await stream.close();
    await until(() => t.streams.size === 0, 'streams released');
  });

  it('limits open streams per address with TOO_MANY_STREAMS (429), and frees a slot when a stream closes', async () => {
    const { threadId } = await threadOf(t);
    const url = `${base}/api/v1/threads/${threadId}/events`;
    const open = await Promise.all([1, 2, 3].map(() => openStream(url)));
    await until(() => t.streams.size === 3, 'three open streams');

    const refused = await fetch(url);
    expect(refused.status).toBe(429);
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('TOO_MANY_STREAMS');
    expect(body.error.message).toContain('3');

    await open[0]!.close();
    await until(() => t.streams.size === 2, 'the closed stream released');
    const again = await openStream(url);
    expect(again.response.status).toBe(200);
    await Promise.all([...open.slice(1), again].map((s) => s.close()));
    await until(() => t.streams.size === 0, 'streams released');
  });
});

/**
 * A separate process holding `count` streams open, so the test's own event loop does not read
 * them; it says how many vote events have arrived, over all its streams, as the total grows.
 */
function holdStreams(
  url: string,
  count: number,
): { child: ChildProcess; ready: Promise<void>; received: (total: number) => Promise<number> } {
  const script = `
    const http = require('node:http');
    const [url, count] = [process.argv[1], Number(process.argv[2])];
    let open = 0;
    let votes = 0;
    for (let i = 0; i < count; i++) {
      http.get(url, { agent: false }, (res) => {
        if (res.statusCode !== 200) { console.log('status ' + res.statusCode); process.exit(1); }
        res.setEncoding('utf8');
        let tail = '';
        res.on('data', (chunk) => {
          // Frames end with a blank line; a frame split between chunks is counted once whole.
          const text = tail + chunk;
          const end = text.lastIndexOf('\\n\\n');
          if (end < 0) { tail = text; return; }
          tail = text.slice(end + 2);
          const found = (text.slice(0, end).match(/event: comment\\.voted/g) || []).length;
          if (found) { votes += found; console.log('votes ' + votes); }
        });
        if (++open === count) console.log('open');
      }).on('error', (e) => { console.log('error ' + e.message); process.exit(1); });
    }
    process.stdin.on('end', () => process.exit(0));
    process.stdin.resume();`;
  const child = spawn(process.execPath, ['-e', script, url, String(count)], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  let votes = 0;
  child.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    for (const [, n] of out.matchAll(/votes (\d+)/g)) votes = Math.max(votes, Number(n));
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', () => {
      if (out.includes('open')) resolve();
      else if (/status|error/.test(out)) reject(new Error(out));
    });
    child.on('exit', (code) => reject(new Error(`stream holder exited with ${code}: ${out}`)));
  });
  const received = async (total: number) => {
    await until(() => votes >= total, `${total} vote events over all streams (so far ${votes})`);
    return votes;
  };
  return { child, ready, received };
}

describe.each(testEngines())('500 open streams on %s', (engine) => {
  let t: TestApp;
  let base: string;
  let holder: ChildProcess | null = null;
  beforeAll(async () => {
    // One test process holds every stream, so the per-address limit is raised for it.
    // Votes are limited per voter (finding 6): these votes come as fast as the test can send them.
    t = await buildTestApp(engine, { streamsPerAddress: 1000, rateLimits: false }, { limiter: () => createUnlimitedLimiter() });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    holder?.kill();
    await t?.close();
  });

  it('load each vote’s event once for all 500, and every one of them receives it', { timeout: 120_000 }, async () => {
    const { threadId, auth } = await threadOf(t);
    const comment = await seedComment(t.ctx, { threadId, by: guestReader('Voted On'), body: 'vote here' });
    const held = holdStreams(`${base}/api/v1/threads/${threadId}/events`, 500);
    holder = held.child;
    await held.ready;
    await until(() => t.streams.size === 500, '500 open streams');
    const loadsBefore = t.streams.loads;

    const VOTES = 41;
    for (let i = 0, value = 1; i < VOTES; i++, value = -value) {
      const response = await fetch(`${base}/api/v1/comments/${comment.id}/vote`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ value }),
      });
      expect(response.status).toBe(200);
      await response.arrayBuffer();
    }

    // Every stream received every vote; each vote was one event, loaded once for all 500 streams
    // (before the shared fan-out it was loaded 500 times, and this run timed out).
    expect(await held.received(VOTES * 500)).toBe(VOTES * 500);
    expect(t.streams.loads - loadsBefore).toBe(VOTES);
  });
});
