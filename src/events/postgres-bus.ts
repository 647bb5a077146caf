// The event bus across instances without Redis: PostgreSQL LISTEN/NOTIFY on the database the
// instances already share. As with the Redis bus, an event reaches this instance's handlers at
// once and every other instance through the database; each message carries its sender's id so
// nobody hears itself twice. Two dedicated connections (not the pool's): one LISTENs for as
// long as the process lives, one sends NOTIFYs in the order they were published. A comment's
// event is NOTIFYed by enlist() inside the transaction that writes the comment instead, so it
// leaves at commit or never, even if this process dies before publishing.
// Events are small (ids, never comment bodies), far below NOTIFY's 8000-byte payload limit; one
// that is not is reported and not sent. There is no shared backlog here: every instance keeps its
// own of the thread events it heard (src/http/stream-backlog.ts), so a reader who moves from one
// running instance to another still resumes; an instance started since answers `reload`.
import pg from 'pg';
import { sql } from 'kysely';
import { randomHex } from '../ids.ts';
import { writeUnanswered, type Db } from '../storage/db.ts';
import { stampEvent, type EventHandler, type GazetteEvent, type NetworkBus } from './bus.ts';

export const DEFAULT_EVENTS_CHANNEL = 'gazette_events';
/** NOTIFY refuses payloads of 8000 bytes or more. */
const MAX_PAYLOAD_BYTES = 7900;
const RECONNECT_MS = 1000;

export interface PostgresBusOptions {
  /** Instances that should hear each other share a channel (a PostgreSQL identifier); tests use a random one. */
  channel?: string;
  onError?: (error: Error) => void;
}

export interface PostgresBus extends NetworkBus {
  enlist(transaction: unknown, event: GazetteEvent): Promise<void>;
}

interface Envelope {
  from: string;
  event: GazetteEvent;
}

export function createPostgresBus(url: string, options: PostgresBusOptions = {}): PostgresBus {
  const channel = options.channel ?? DEFAULT_EVENTS_CHANNEL;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new Error(`events channel "${channel}" is not a plain PostgreSQL identifier`);
  const instance = randomHex(8);
  const handlers = new Set<EventHandler>();
  const onError = options.onError ?? (() => undefined);
  let closed = false;
  let listener: pg.Client | null = null;
  let listened: Promise<void> | null = null;
  let reconnect: NodeJS.Timeout | null = null;
  /** Set once LISTEN first succeeds: listening again later means a gap. */
  let listenedBefore = false;
  // Lazy, like the Redis publisher: a CLI command that never publishes opens no connection.
  let notifier: Promise<pg.Client> | null = null;
  let sending: Promise<unknown> = Promise.resolve();
  /** Events already NOTIFYed inside their own transaction (enlist): publish() only delivers them here. */
  const enlisted = new WeakSet<GazetteEvent>();

  const deliver = (event: GazetteEvent) => {
    for (const handler of handlers) handler(event);
  };

  function connectListener(): Promise<void> {
    const client = new pg.Client({ connectionString: url });
    listener = client;
    client.on('notification', (message) => {
      if (message.channel !== channel || !message.payload) return;
      let envelope: Envelope;
      try {
        envelope = JSON.parse(message.payload) as Envelope;
      } catch (error) {
        onError(error as Error);
        return;
      }
      if (envelope.from !== instance) deliver(envelope.event);
    });
    // A lost connection (database restart, network) is replaced; events sent meanwhile are not
    // heard here, so once listening again the handlers here are told (events.missed).
    const retry = (error?: Error) => {
      if (error) onError(error);
      if (closed || listener !== client) return;
      listener = null;
      client.end().catch(() => undefined);
      reconnect ??= setTimeout(() => {
        reconnect = null;
        if (!closed) connectListener().catch(() => undefined);
      }, RECONNECT_MS);
      reconnect.unref();
    };
    client.on('error', retry);
    client.on('end', () => retry());
    return client
      .connect()
      .then(() => client.query(`LISTEN ${channel}`))
      .then(
        () => {
          if (listenedBefore) deliver({ type: 'events.missed' });
          listenedBefore = true;
        },
        (error: Error) => {
          retry(error);
          throw error;
        },
      );
  }

  function listen(): Promise<void> {
    listened ??= connectListener();
    return listened;
  }

  function notify(message: string): void {
    notifier ??= (async () => {
      const client = new pg.Client({ connectionString: url });
      client.on('error', onError);
      await client.connect();
      return client;
    })();
    const client = notifier;
    sending = sending
      .then(() => client)
      .then((c) => c.query('SELECT pg_notify($1, $2)', [channel, message]))
      .catch((error: Error) => {
        onError(error);
        // A broken connection is replaced at the next publish.
        if (notifier === client) notifier = null;
        void client.then((c) => c.end()).catch(() => undefined);
      });
  }

  const messageOf = (event: GazetteEvent): string | null => {
    const message = JSON.stringify({ from: instance, event } satisfies Envelope);
    if (Buffer.byteLength(message) <= MAX_PAYLOAD_BYTES) return message;
    onError(new Error(`event ${event.type} is too large for NOTIFY (${Buffer.byteLength(message)} bytes); other instances do not hear it`));
    return null;
  };

  return {
    async enlist(transaction, event) {
      const message = messageOf(stampEvent(event));
      if (!message) return;
      // On the transaction's own connection: PostgreSQL sends it when (and if) that commits. Its
      // answer is empty, so it travels with the COMMIT (or the next statement) in one write.
      const db = transaction as Db;
      await writeUnanswered(db, sql`SELECT pg_notify(${channel}, ${message})`.compile(db));
      enlisted.add(event);
    },
    publish(event) {
      deliver(stampEvent(event));
      if (enlisted.has(event)) return;
      const message = messageOf(event);
      if (!message) return;
      notify(message);
    },
    subscribe(handler) {
      handlers.add(handler);
      void listen().catch(() => undefined);
      return () => handlers.delete(handler);
    },
    listening: () => listen(),
    async close() {
      closed = true;
      handlers.clear();
      if (reconnect) clearTimeout(reconnect);
      // What is queued is sent (a stop should not drop a last event), then both connections end.
      await sending;
      const ending: Promise<unknown>[] = [];
      if (listener) ending.push(listener.end().catch(() => undefined));
      if (notifier) ending.push(notifier.then((c) => c.end()).catch(() => undefined));
      await Promise.all(ending);
    },
  };
}
