// Resume after a drop (issue 16): a thread's stream carries event ids, and a reader who
// reconnects with Last-Event-ID (or the widget's lastEventId query) gets exactly the events it
// missed, in order, then live ones; one whose id is no longer kept is told to reload. When the
// server stops, every stream ends with `event: bye`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makePost, makeStaffWithToken } from '../helpers/factories.ts';
import { testEngines } from '../helpers/engines.ts';
import { guestReader, seedComment } from '../helpers/readers.ts';
import { saveModerationSettings } from '../../src/domain/moderation/settings.ts';
import { openSse, until, type OpenSse, type SseEvent } from '../helpers/sse.ts';
import { BACKLOG_EVENTS } from '../../src/http/stream-backlog.ts';

/** What a test compares: each event's type and the comment it is about. */
const summary = (events: SseEvent[]) => events.map((e) => `${e.event} ${(JSON.parse(e.data) as { id?: string }).id ?? ''}`.trim());

describe.each(testEngines())('resuming a live stream on %s', (engine) => {
  let t: TestApp;
  let base: string;
  let threadId: string;
  let url: string;
  beforeAll(async () => {
    t = await buildTestApp(engine, { rateLimits: false });
    await saveModerationSettings(t.ctx, { nearDuplicates: 0 });
    const { user } = await makeStaffWithToken(t.ctx, 'editor');
    const post = await makePost(t.ctx, user);
    threadId = (await t.app.inject(`/api/v1/posts/${post.slug}`)).json().threadId as string;
    url = `/api/v1/threads/${threadId}/events`;
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => t?.close());

  let n = 0;
  const post = async (body = `comment number ${++n} about batteries`) => {
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/v1/threads/${threadId}/comments`,
      payload: { body, guest: { name: `Reader ${n}`, email: `reader${n}@example.com` } },
    });
    expect(response.statusCode).toBe(201);
    return response.json().id as string;
  };
  const closed = async (stream: OpenSse) => {
    stream.close();
    await until(() => t.streams.size === 0, 'the stream released');
  };

  it('gives every thread event an id, increasing as events happen', async () => {
    const stream = await openSse(`${base}${url}`);
    const ids = [await post(), await post()];
    await stream.until((e) => e.length === 2, 'two events');
    expect(summary(stream.events)).toEqual(ids.map((id) => `comment.created ${id}`));
    const [first, second] = stream.events.map((e) => e.id!);
    expect(first).toMatch(/^[0-9a-z]{12,}$/);
    expect(second! > first!).toBe(true);
    await closed(stream);
  });

  it('replays exactly the events missed after Last-Event-ID, in order, then live ones', async () => {
    const first = await openSse(`${base}${url}`);
    const seen = await post();
    await first.until((e) => e.some((x) => x.data.includes(seen)), 'the first comment');
    const lastEventId = first.events.at(-1)!.id!;
    await closed(first);

    // Missed while disconnected: two comments and a vote on one of them.
    const missed = [await post(), await post()];
    const vote = await t.app.inject({
      method: 'POST',
      url: `/api/v1/comments/${missed[0]}/vote`,
      headers: { cookie: guestReader().cookie },
      payload: { value: 1 },
    });
    expect(vote.statusCode).toBe(200);

    const again = await openSse(`${base}${url}`, { 'last-event-id': lastEventId });
    await again.until((e) => e.length === 3, 'the missed events');
    const live = await post();
    await again.until((e) => e.length === 4, 'the live event');
    expect(summary(again.events)).toEqual([
      `comment.created ${missed[0]}`,
      `comment.created ${missed[1]}`,
      `comment.voted ${missed[0]}`,
      `comment.created ${live}`,
    ]);
    // Ids still increase across the replay and the live part.
    const ids = again.events.map((e) => e.id!);
    expect([...ids].sort()).toEqual(ids);
    expect(ids[0]! > lastEventId).toBe(true);

    // The widget's query form, from the middle: only what came after.
    const fromQuery = await openSse(`${base}${url}?lastEventId=${ids[1]}`);
    await fromQuery.until((e) => e.length === 2, 'the events after the second');
    expect(summary(fromQuery.events)).toEqual([`comment.voted ${missed[0]}`, `comment.created ${live}`]);
    fromQuery.close();
    await closed(again);
  });

  it('replays nothing to a reader who missed nothing, and does not load an event twice for it', async () => {
    const stream = await openSse(`${base}${url}`);
    const id = await post();
    await stream.until((e) => e.some((x) => x.data.includes(id)), 'the comment');
    const lastEventId = stream.events.at(-1)!.id!;
    await closed(stream);
    const loads = t.streams.loads;
    const again = await openSse(`${base}${url}`, { 'last-event-id': lastEventId });
    const live = await post();
    await again.until((e) => e.length >= 1, 'the live event');
    expect(summary(again.events)).toEqual([`comment.created ${live}`]);
    expect(t.streams.loads - loads).toBe(1);
    await closed(again);
  });

  it('tells a reader too far behind to reload, with the newest id so that the next reconnect resumes', async () => {
    const stream = await openSse(`${base}${url}`);
    const id = await post();
    await stream.until((e) => e.some((x) => x.data.includes(id)), 'the comment');
    const lastEventId = stream.events.at(-1)!.id!;
    await closed(stream);

    // More events than the backlog keeps (votes published as the domain would, without streams open).
    const voted = await seedComment(t.ctx, { threadId, by: guestReader('Voted') });
    for (let i = 0; i <= BACKLOG_EVENTS; i++) t.ctx.events.publish({ type: 'comment.voted', threadId, postId: null, commentId: voted.id });

    const behind = await openSse(`${base}${url}`, { 'last-event-id': lastEventId });
    await behind.until((e) => e.length === 1, 'the reload event');
    expect(behind.events[0]!.event).toBe('reload');
    const newest = behind.events[0]!.id;
    expect(newest).toBeTruthy();
    behind.close();

    const unknown = await openSse(`${base}${url}`, { 'last-event-id': 'not-an-id-we-made' });
    await unknown.until((e) => e.length === 1, 'the reload event');
    expect(unknown.events[0]!.event).toBe('reload');
    unknown.close();

    const resumed = await openSse(`${base}${url}`, { 'last-event-id': newest! });
    const live = await post();
    await resumed.until((e) => e.length >= 1, 'the live event');
    expect(summary(resumed.events)).toEqual([`comment.created ${live}`]);
    await closed(resumed);
  });

  it('after a gap in what the bus heard (events.missed), tells open streams and resuming readers to reload, and drops cached pages', async () => {
    const stream = await openSse(`${base}${url}`);
    const id = await post();
    await stream.until((e) => e.some((x) => x.data.includes(id)), 'the comment');
    const lastEventId = stream.events.at(-1)!.id!;
    const pageUrl = `/api/v1/threads/${threadId}/comments`;
    await t.app.inject(pageUrl);
    const renders = t.pageCache.renders;
    await t.app.inject(pageUrl);
    expect(t.pageCache.renders).toBe(renders);

    // What a networked bus tells its own instance once its connection to the others is back.
    t.ctx.events.publish({ type: 'events.missed' });
    await stream.until((e) => e.at(-1)?.event === 'reload', 'the reload event');
    await closed(stream);
    // The backlog before the gap is no complete record: resuming from it means reloading.
    const resumed = await openSse(`${base}${url}`, { 'last-event-id': lastEventId });
    await resumed.until((e) => e.length === 1, 'the reload event');
    expect(resumed.events[0]!.event).toBe('reload');
    await closed(resumed);
    // And the cached thread page is rendered afresh.
    await t.app.inject(pageUrl);
    expect(t.pageCache.renders).toBe(renders + 1);
  });

  it('refuses an overlong lastEventId query', async () => {
    const response = await t.app.inject(`${url}?lastEventId=${'x'.repeat(65)}`);
    expect(response.statusCode).toBe(400);
  });

  it('ends every stream with event: bye when the server stops', async () => {
    const streams = await Promise.all([1, 2].map(() => openSse(`${base}${url}`)));
    await until(() => t.streams.size === 2, 'two open streams');
    await t.app.close();
    await Promise.all(streams.map((s) => s.ended));
    for (const stream of streams) expect(stream.events.at(-1)?.event).toBe('bye');
  });
});
