// The live stream over a real socket: inject() cannot hold a response open.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makePost, makeStaffWithToken } from '../helpers/factories.ts';
import { testEngines } from '../helpers/engines.ts';

interface ServerEvent {
  event: string;
  data: Record<string, unknown>;
}

/** Reads an SSE response, handing each complete event to the caller until it says stop. */
async function readEvents(response: Response, want: number): Promise<ServerEvent[]> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const events: ServerEvent[] = [];
  let buffer = '';
  while (events.length < want) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let boundary: number;
    while ((boundary = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, boundary);
      buffer = buffer.slice(boundary + 2);
      const event = /^event: (.+)$/m.exec(block)?.[1];
      const data = /^data: (.+)$/m.exec(block)?.[1];
      if (event && data) events.push({ event, data: JSON.parse(data) as Record<string, unknown> });
    }
  }
  await reader.cancel();
  return events;
}

describe.each(testEngines())('live thread events on %s', (engine) => {
  let t: TestApp;
  let base: string;
  let threadId: string;
  let otherThreadId: string;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    const { user } = await makeStaffWithToken(t.ctx, 'editor');
    const post = await makePost(t.ctx, user);
    const other = await makePost(t.ctx, user);
    threadId = (await t.app.inject(`/api/v1/posts/${post.slug}`)).json().threadId;
    otherThreadId = (await t.app.inject(`/api/v1/posts/${other.slug}`)).json().threadId;
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => t?.close());

  it('streams a thread’s new comments, edits, votes and deletions, and nothing from other threads', async () => {
    const response = await fetch(`${base}/api/v1/threads/${threadId}/events`);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const received = readEvents(response, 4);

    const post = (thread: string, body: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/threads/${thread}/comments`,
        payload: { body, guest: { name: 'Live', email: 'live@example.com' } },
      });
    await post(otherThreadId, 'elsewhere');
    const created = await post(threadId, 'hello *live*');
    const cookie = String(created.headers['set-cookie']).split(';')[0]!;
    const id = created.json().id as string;
    await t.app.inject({ method: 'PATCH', url: `/api/v1/comments/${id}`, headers: { cookie }, payload: { body: 'edited live' } });
    // A voter with a guest cookie (a cookie-less vote only gets the cookie: issue 11).
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/comments/${id}/vote`,
      headers: { cookie: `gz_guest=${'v'.repeat(32)}` },
      payload: { value: 1 },
    });
    await t.app.inject({ method: 'DELETE', url: `/api/v1/comments/${id}`, headers: { cookie } });

    const events = await received;
    expect(events.map((e) => e.event)).toEqual(['comment.created', 'comment.updated', 'comment.voted', 'comment.deleted']);
    expect(events[0]!.data).toMatchObject({ id, bodyHtml: '<p>hello <em>live</em></p>\n', author: { name: 'Live' } });
    expect(events[1]!.data).toMatchObject({ id, bodyHtml: '<p>edited live</p>\n' });
    expect(events[2]!.data).toMatchObject({ id, score: 1, upvotes: 1 });
    expect(events[3]!.data).toEqual({ id, status: 'deleted' });
    expect(JSON.stringify(events)).not.toContain('live@example.com');
  });

  it('answers 404 for an unknown thread', async () => {
    expect((await fetch(`${base}/api/v1/threads/nope/events`)).status).toBe(404);
  });
});
