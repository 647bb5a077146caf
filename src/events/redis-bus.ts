// The event bus across instances (REDIS_URL): an event reaches this instance's handlers at once,
// as with the in-process bus, and every other instance through Redis pub/sub — so a comment
// posted through one instance reaches readers streaming from another, and a publish clears every
// instance's page cache. Each message carries its sender's id, so nobody hears itself twice.
// A thread's events are also kept in a capped list per thread (the last BACKLOG_EVENTS, for
// BACKLOG_SECONDS), appended in the same MULTI as the PUBLISH so the list's order is the order
// every instance hears them in: a reader who reconnects to any instance resumes from it.
import { Redis } from 'ioredis';
import { randomHex } from '../ids.ts';
import { stampEvent, type CommentEvent, type EventHandler, type GazetteEvent, type NetworkBus } from './bus.ts';

export const DEFAULT_EVENTS_CHANNEL = 'gazette:events';
export const BACKLOG_EVENTS = 200;
export const BACKLOG_SECONDS = 600;

export interface RedisBusOptions {
  /** Instances that should hear each other share a channel; tests use a random one. */
  channel?: string;
  onError?: (error: Error) => void;
}

export interface RedisBus extends NetworkBus {
  history(threadId: string, afterId: string): Promise<CommentEvent[] | null>;
}

interface Envelope {
  from: string;
  event: GazetteEvent;
}

export function createRedisBus(url: string, options: RedisBusOptions = {}): RedisBus {
  const channel = options.channel ?? DEFAULT_EVENTS_CHANNEL;
  const instance = randomHex(8);
  const handlers = new Set<EventHandler>();
  const onError = options.onError ?? (() => undefined);
  // Lazy: a CLI command that only publishes opens one connection, and only when it publishes.
  let publisher: Redis | null = null;
  let subscriber: Redis | null = null;
  let subscribed: Promise<void> | null = null;

  const backlogKey = (threadId: string) => `${channel}:thread:${threadId}`;
  function connection(): Redis {
    if (!publisher) {
      publisher = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
      publisher.on('error', onError);
    }
    return publisher;
  }

  const deliver = (event: GazetteEvent) => {
    for (const handler of handlers) handler(event);
  };

  function listen(): Promise<void> {
    if (subscribed) return subscribed;
    // Not lazy, and the subscription is queued rather than awaited: if Redis is down at start,
    // ioredis keeps reconnecting and subscribes once it can (and again after every reconnect).
    // Named for its channel, so an operator (or a test) can tell which connection listens where.
    subscriber = new Redis(url, { connectionName: `gazette-listen:${channel}`.replace(/\s/g, '_') });
    subscriber.on('error', onError);
    // 'ready' comes again after every reconnect; messages published meanwhile were not heard here.
    let readyBefore = false;
    subscriber.on('ready', () => {
      if (readyBefore) deliver({ type: 'events.missed' });
      readyBefore = true;
    });
    subscriber.on('message', (_channel: string, message: string) => {
      let envelope: Envelope;
      try {
        envelope = JSON.parse(message) as Envelope;
      } catch (error) {
        onError(error as Error);
        return;
      }
      if (envelope.from !== instance) deliver(envelope.event);
    });
    subscribed = subscriber.subscribe(channel).then(() => undefined);
    subscribed.catch(onError);
    return subscribed;
  }

  return {
    publish(event) {
      deliver(stampEvent(event));
      const envelope: Envelope = { from: instance, event };
      // Local handlers already have it; other instances hear of it as soon as Redis passes it on.
      const message = JSON.stringify(envelope);
      if (!('threadId' in event)) {
        connection().publish(channel, message).catch(onError);
        return;
      }
      const key = backlogKey(event.threadId);
      connection()
        .multi()
        .rpush(key, JSON.stringify(event))
        .ltrim(key, -BACKLOG_EVENTS, -1)
        .expire(key, BACKLOG_SECONDS)
        .publish(channel, message)
        .exec()
        .catch(onError);
    },
    async history(threadId, afterId) {
      const entries = (await connection().lrange(backlogKey(threadId), 0, -1)).map((e) => JSON.parse(e) as CommentEvent);
      const at = entries.findIndex((e) => e.id === afterId);
      return at < 0 ? null : entries.slice(at + 1);
    },
    subscribe(handler) {
      handlers.add(handler);
      void listen().catch(() => undefined);
      return () => handlers.delete(handler);
    },
    listening: () => listen(),
    async close() {
      handlers.clear();
      // A connected publisher sends what it still holds; anything not connected (Redis down) is
      // dropped rather than waited for, so a stop never hangs on Redis.
      const stop = (client: Redis | null) =>
        client?.status === 'ready'
          ? client.quit().then(
              () => undefined,
              () => client.disconnect(),
            )
          : client?.disconnect();
      await Promise.all([stop(publisher), stop(subscriber)]);
    },
  };
}
