// Two instances on one PostgreSQL database without Redis: what one publishes, the other hears
// through LISTEN/NOTIFY (ids included), nobody hears itself twice, and another channel hears nothing.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createPostgresBus, type PostgresBus } from '../../src/events/postgres-bus.ts';
import { publishUntilHeard } from '../helpers/buses.ts';
import type { CommentEvent, GazetteEvent } from '../../src/events/bus.ts';
import { openTestStorage, testEngines, type TestStorage } from '../helpers/engines.ts';

const ready = testEngines().includes('postgres');
if (!ready) console.warn('[gazette tests] skipping the PostgreSQL event bus suite: no PostgreSQL');

describe.skipIf(!ready)('postgres event bus', () => {
  const channel = `gazette_events_test_${randomBytes(4).toString('hex')}`;
  let storage: TestStorage;
  let first: PostgresBus;
  let second: PostgresBus;
  let other: PostgresBus;
  beforeAll(async () => {
    storage = await openTestStorage('postgres');
    const url = storage.env.DATABASE_URL!;
    first = createPostgresBus(url, { channel });
    second = createPostgresBus(url, { channel });
    other = createPostgresBus(url, { channel: `${channel}_elsewhere` });
  });
  afterAll(async () => {
    await Promise.all([first?.close(), second?.close(), other?.close()]);
    await storage?.dispose();
  });

  /** Resolves with the first event a bus hears that matches. */
  const next = (bus: PostgresBus, match: (e: GazetteEvent) => boolean) =>
    new Promise<GazetteEvent>((resolve) => {
      const stop = bus.subscribe((event) => {
        if (!match(event)) return;
        stop();
        resolve(event);
      });
    });

  it('delivers an event to this instance at once and to the other through NOTIFY, once each, with its id', async () => {
    const heardHere: GazetteEvent[] = [];
    const heardThere: GazetteEvent[] = [];
    const elsewhere: GazetteEvent[] = [];
    first.subscribe((e) => heardHere.push(e));
    second.subscribe((e) => heardThere.push(e));
    other.subscribe((e) => elsewhere.push(e));
    await Promise.all([first.listening(), second.listening(), other.listening()]);

    const event: CommentEvent = { type: 'comment.created', threadId: 't1', postId: 'p1', commentId: 'c1' };
    const arrived = next(second, (e) => e.type === 'comment.created');
    first.publish(event);
    // Synchronous for the publisher's own handlers, as with the in-process bus; the id is stamped once.
    expect(heardHere).toEqual([event]);
    expect(event.id).toMatch(/^[0-9a-z]{12,}$/);
    await expect(arrived).resolves.toEqual(event);

    // A marker sent after it: once it has arrived, anything duplicated would have arrived too.
    const marker = next(first, (e) => e.type === 'content.changed');
    second.publish({ type: 'content.changed' });
    await marker;
    expect(heardHere).toEqual([event, { type: 'content.changed' }]);
    expect(heardThere.filter((e) => e.type === 'comment.created')).toEqual([event]);
    expect(elsewhere).toEqual([]);
  });

  it('keeps the order of one instance’s events', async () => {
    const heard: string[] = [];
    second.subscribe((e) => {
      if (e.type === 'comment.voted') heard.push(e.commentId);
    });
    const ids = Array.from({ length: 50 }, (_, i) => `c${i}`);
    const last = next(second, (e) => e.type === 'comment.voted' && e.commentId === 'c49');
    for (const commentId of ids) first.publish({ type: 'comment.voted', threadId: 't1', postId: null, commentId });
    await last;
    expect(heard).toEqual(ids);
  });

  it('sends an enlisted event with its transaction: at commit, once, and never after a rollback', async () => {
    const heard: string[] = [];
    second.subscribe((e) => {
      if (e.type === 'comment.updated') heard.push(e.commentId);
    });
    const rolledBack: CommentEvent = { type: 'comment.updated', threadId: 't1', postId: null, commentId: 'rolled-back' };
    await storage.db
      .transaction()
      .execute(async (trx) => {
        await first.enlist(trx, rolledBack);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    const committed: CommentEvent = { type: 'comment.updated', threadId: 't1', postId: null, commentId: 'committed' };
    await storage.db.transaction().execute(async (trx) => {
      await first.enlist(trx, committed);
      // Not before the commit: the other instance must not hear of a row it cannot read yet. A
      // marker sent meanwhile outside the transaction arrives first.
      const early = next(second, (e) => e.type === 'comment.updated' && e.commentId === 'early');
      first.publish({ type: 'comment.updated', threadId: 't1', postId: null, commentId: 'early' });
      await early;
      expect(heard).toEqual(['early']);
    });
    first.publish(committed);
    // A marker published after it: once it arrived, a second copy would have too.
    const marker = next(second, (e) => e.type === 'comment.updated' && e.commentId === 'marker');
    first.publish({ type: 'comment.updated', threadId: 't1', postId: null, commentId: 'marker' });
    await marker;
    expect(heard).toEqual(['early', 'committed', 'marker']);
  });

  it('listens again after its connection is cut, and tells its own handlers that events were missed', async () => {
    await second.listening();
    const gaps: string[] = [];
    first.subscribe((e) => e.type === 'events.missed' && gaps.push('first'));
    second.subscribe((e) => e.type === 'events.missed' && gaps.push('second'));
    // The database ends the LISTEN connections of this test's buses (as a restart or a proxy would).
    const cut = await sql<{ pid: number }>`
      SELECT pg_terminate_backend(pid) AS pid FROM pg_stat_activity WHERE query = ${`LISTEN ${channel}`}`.execute(storage.db);
    expect(cut.rows.length).toBe(2);
    // Published until heard: the listener comes back within about a second.
    expect(await publishUntilHeard(first, second)).toBe(true);
    // Each bus that was cut says so once, to its own handlers only, once it listens again.
    await expect.poll(() => gaps.sort()).toEqual(['first', 'second']);
  });
});
