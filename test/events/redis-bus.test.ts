// Two instances on one Redis: what one publishes, the other hears, and nobody hears itself twice.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Redis } from 'ioredis';
import { createRedisBus, type RedisBus } from '../../src/events/redis-bus.ts';
import { publishUntilHeard } from '../helpers/buses.ts';
import type { GazetteEvent } from '../../src/events/bus.ts';

const REDIS_URL = process.env.GAZETTE_TEST_REDIS_URL || 'redis://127.0.0.1:6379';
const available = inject('redisAvailable');
if (!available) console.warn(`[gazette tests] skipping the Redis event bus suite: no Redis at ${REDIS_URL}`);

describe.skipIf(!available)('redis event bus', () => {
  const channel = `gazette:events:test-${randomBytes(6).toString('hex')}`;
  let first: RedisBus;
  let second: RedisBus;
  let other: RedisBus;
  beforeAll(() => {
    first = createRedisBus(REDIS_URL, { channel });
    second = createRedisBus(REDIS_URL, { channel });
    other = createRedisBus(REDIS_URL, { channel: `${channel}:elsewhere` });
  });
  afterAll(async () => {
    await Promise.all([first?.close(), second?.close(), other?.close()]);
  });

  /** Resolves with the first event a bus hears that matches. */
  const next = (bus: RedisBus, match: (e: GazetteEvent) => boolean) =>
    new Promise<GazetteEvent>((resolve) => {
      const stop = bus.subscribe((event) => {
        if (!match(event)) return;
        stop();
        resolve(event);
      });
    });

  it('delivers an event to this instance at once and to the other through Redis, once each', async () => {
    const heardHere: GazetteEvent[] = [];
    const heardThere: GazetteEvent[] = [];
    first.subscribe((e) => heardHere.push(e));
    second.subscribe((e) => heardThere.push(e));
    const elsewhere: GazetteEvent[] = [];
    other.subscribe((e) => elsewhere.push(e));
    await Promise.all([first.listening(), second.listening(), other.listening()]);

    const event: GazetteEvent = { type: 'comment.created', threadId: 't1', postId: 'p1', commentId: 'c1' };
    const arrived = next(second, (e) => e.type === 'comment.created');
    first.publish(event);
    // Synchronous for the publisher's own handlers, as with the in-process bus.
    expect(heardHere).toEqual([event]);
    await expect(arrived).resolves.toEqual(event);

    // A marker sent after it: once it has arrived, anything duplicated would have arrived too.
    const marker = next(first, (e) => e.type === 'content.changed');
    second.publish({ type: 'content.changed' });
    await marker;
    expect(heardHere).toEqual([event, { type: 'content.changed' }]);
    expect(heardThere.filter((e) => e.type === 'comment.created')).toEqual([event]);
    expect(elsewhere).toEqual([]);
  });
  it('listens again after its connection is cut, and tells its own handlers that events were missed', async () => {
    await Promise.all([first.listening(), second.listening()]);
    const gaps: string[] = [];
    first.subscribe((e) => e.type === 'events.missed' && gaps.push('first'));
    second.subscribe((e) => e.type === 'events.missed' && gaps.push('second'));
    // Redis ends the second bus's listening connection (as a restart or a failover would).
    const admin = new Redis(REDIS_URL);
    try {
      const clients = (await admin.client('LIST')) as string;
      const listening = clients.split('\n').filter((line) => line.includes(` name=gazette-listen:${channel} `));
      expect(listening).toHaveLength(2);
      const id = /\bid=(\d+)/.exec(listening[1]!)![1]!;
      await admin.client('KILL', 'ID', id);
    } finally {
      admin.disconnect();
    }
    await expect.poll(() => gaps, { timeout: 10_000 }).toHaveLength(1);
    // Heard again once it listens: published until it arrives.
    expect(await publishUntilHeard(first, second)).toBe(true);
    // Only the bus that was cut says so, and only to itself.
    expect(gaps).toHaveLength(1);
  });
});
