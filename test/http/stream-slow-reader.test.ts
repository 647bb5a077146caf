// Back-pressure on live streams (issue 16): a reader that stops reading is dropped once more than
// the configured number of bytes waits for it (GAZETTE_STREAM_BUFFER_BYTES), instead of the server
// buffering every event for it forever; readers that keep up on the same thread stay connected.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makePost, makeStaffWithToken } from '../helpers/factories.ts';
import { testEngines } from '../helpers/engines.ts';
import { guestReader, seedComment } from '../helpers/readers.ts';
import { openSse, until } from '../helpers/sse.ts';

describe.each(testEngines())('a slow stream reader on %s', (engine) => {
  let t: TestApp;
  let port: number;
  let threadId: string;
  beforeAll(async () => {
    t = await buildTestApp(engine, { streamBufferBytes: 64 * 1024 });
    const { user } = await makeStaffWithToken(t.ctx, 'editor');
    const post = await makePost(t.ctx, user);
    threadId = (await t.app.inject(`/api/v1/posts/${post.slug}`)).json().threadId as string;
    const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = Number(new URL(base).port);
  });
  afterAll(async () => t?.close());

  it('is dropped once its unread bytes pass the limit, while a reader that keeps up stays', { timeout: 120_000 }, async () => {
    const path = `/api/v1/threads/${threadId}/events`;
    // Never reads a byte after asking: the kernel's buffers fill, then the server's.
    const stalled = net.connect(port, '127.0.0.1');
    stalled.on('error', () => undefined);
    stalled.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    stalled.pause();
    const keeping = await openSse(`http://127.0.0.1:${port}${path}`);
    await until(() => t.streams.size === 2, 'both streams open');

    // A long comment, so each of its events is large (about 100 KB), announced until the reader is dropped.
    const comment = await seedComment(t.ctx, { threadId, by: guestReader('Long'), body: 'word '.repeat(20_000) });
    let sent = 0;
    while (t.streams.dropped === 0 && sent < 2000) {
      t.ctx.events.publish({ type: 'comment.updated', threadId, postId: null, commentId: comment.id });
      sent++;
      // Paced by the reader that keeps up: it has every event before the next is sent.
      await keeping.until((e) => e.length === sent, `event ${sent} on the reading stream`);
    }
    expect(t.streams.dropped).toBe(1);
    await until(() => t.streams.size === 1, 'the slow stream released');
    // The one that kept up is still served.
    t.ctx.events.publish({ type: 'comment.voted', threadId, postId: null, commentId: comment.id });
    await keeping.until((e) => e.at(-1)?.event === 'comment.voted', 'an event after the drop');
    keeping.close();
    stalled.destroy();
  });
});
