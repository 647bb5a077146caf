// The thread backlog shared through Redis: an instance that never heard a thread's events (one
// started since) can still replay them to a reader who reconnects to it, in the order every
// instance heard them, capped and forgetting ids it no longer holds.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BACKLOG_EVENTS, createRedisBus, type RedisBus } from '../../src/events/redis-bus.ts';
import type { CommentEvent } from '../../src/events/bus.ts';

const REDIS_URL = process.env.GAZETTE_TEST_REDIS_URL || 'redis://127.0.0.1:6379';
const available = inject('redisAvailable');
if (!available) console.warn(`[gazette tests] skipping the Redis backlog suite: no Redis at ${REDIS_URL}`);

describe.skipIf(!available)('redis thread backlog', () => {
  const channel = `gazette:events:test-${randomBytes(6).toString('hex')}`;
  let first: RedisBus;
  let late: RedisBus;
  beforeAll(() => {
    first = createRedisBus(REDIS_URL, { channel });
  });
  afterAll(async () => {
    await Promise.all([first?.close(), late?.close()]);
  });

  const vote = (threadId: string, commentId: string): CommentEvent => ({ type: 'comment.voted', threadId, postId: null, commentId });

  it('replays what came after an id to an instance that never heard it, and nothing of other threads', async () => {
    const events = ['a', 'b', 'c'].map((c) => vote('t1', c));
    for (const event of events) first.publish(event);
    first.publish(vote('t2', 'elsewhere'));
    late = createRedisBus(REDIS_URL, { channel });
    // The MULTI is sent after publish returns: wait until the last one is in.
    for (let i = 0; i < 200 && (await late.history('t1', events[0]!.id!))?.length !== 2; i++) await new Promise((r) => setTimeout(r, 5));
    expect(await late.history('t1', events[0]!.id!)).toEqual(events.slice(1));
    expect(await late.history('t1', events[2]!.id!)).toEqual([]);
    expect(await late.history('t1', 'unknown')).toBeNull();
  });

  it('keeps the last BACKLOG_EVENTS of a thread: an older id asks for a reload (null)', async () => {
    const events = Array.from({ length: BACKLOG_EVENTS + 5 }, (_, i) => vote('t3', `c${i}`));
    for (const event of events) first.publish(event);
    const newest = events.at(-1)!.id!;
    for (let i = 0; i < 400 && (await first.history('t3', newest)) === null; i++) await new Promise((r) => setTimeout(r, 5));
    expect(await first.history('t3', events[0]!.id!)).toBeNull();
    const kept = events.at(-BACKLOG_EVENTS)!;
    expect(await first.history('t3', kept.id!)).toEqual(events.slice(-BACKLOG_EVENTS + 1));
  });
});
