// Issue 11, finding 4: live streams must not multiply the cost of every event. Each event is
// loaded once per thread however many streams are open, open streams are limited per client
// address, and 500 open streams leave a vote's latency within a small factor of none (a ratio
// measured against the same server without streams, never an absolute time).
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

/** A separate process holding `count` streams open, so the test's own event loop does not read them. */
function holdStreams(url: string, count: number): { child: ChildProcess; ready: Promise<void> } {
  const script = `
    const http = require('node:http');
    const [url, count] = [process.argv[1], Number(process.argv[2])];
    let open = 0;
    for (let i = 0; i < count; i++) {
      http.get(url, { agent: false }, (res) => {
        if (res.statusCode !== 200) { console.log('status ' + res.statusCode); process.exit(1); }
        res.resume();
        if (++open === count) console.log('open');
      }).on('error', (e) => { console.log('error ' + e.message); process.exit(1); });
    }
    process.stdin.on('end', () => process.exit(0));
    process.stdin.resume();`;
  const child = spawn(process.execPath, ['-e', script, url, String(count)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const ready = new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('open')) resolve();
      else if (/status|error/.test(out)) reject(new Error(out));
    });
    child.on('exit', (code) => reject(new Error(`stream holder exited with ${code}: ${out}`)));
  });
  return { child, ready };
}

describe.each(testEngines())('500 open streams on %s', (engine) => {
  let t: TestApp;
  let base: string;
  let holder: ChildProcess | null = null;
  beforeAll(async () => {
    // One test process holds every stream, so the per-address limit is raised for it.
    // Votes are limited per voter (finding 6): the latency is measured without limits, as a load test would.
    t = await buildTestApp(engine, { streamsPerAddress: 1000, rateLimits: false }, { limiter: () => createUnlimitedLimiter() });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    holder?.kill();
    await t?.close();
  });

  it('leave a vote’s median latency within 20× of the same server without streams', { timeout: 120_000 }, async () => {
    const { threadId, auth } = await threadOf(t);
    const comment = await seedComment(t.ctx, { threadId, by: guestReader('Voted On'), body: 'vote here' });
    let value = 1;
    const voteTimes = async (rounds: number): Promise<number> => {
      const times: number[] = [];
      for (let i = 0; i < rounds; i++) {
        value = value === 1 ? -1 : 1;
        const started = performance.now();
        const response = await fetch(`${base}/api/v1/comments/${comment.id}/vote`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({ value }),
        });
        expect(response.status).toBe(200);
        await response.arrayBuffer();
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      return times[Math.floor(times.length / 2)]!;
    };

    await voteTimes(10); // warm-up: connections, prepared statements, JIT
    const without = await voteTimes(41);

    const held = holdStreams(`${base}/api/v1/threads/${threadId}/events`, 500);
    holder = held.child;
    await held.ready;
    await until(() => t.streams.size === 500, '500 open streams');
    await voteTimes(5);
    const loadsBefore = t.streams.loads;
    const withStreams = await voteTimes(41);

    // Every vote was one event, loaded once for all 500 streams.
    await until(() => t.streams.loads - loadsBefore === 41, 'the events loaded');
    // Measured here: about 3× alone, up to 8× while the rest of the suite runs on the other core
    // (the 500 socket writes per event, and the process reading them, share two cores); before the
    // shared fan-out, 500 loads per vote made this run time out (over 100×). 20× leaves room for a
    // noisy machine and still fails for any per-stream database work; the exact count of loads
    // above is the deterministic half of the proof.
    expect(withStreams / without).toBeLessThan(20);
  });
});
