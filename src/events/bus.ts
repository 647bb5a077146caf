// Events let one part of the system react to another without calling it: a published post
// invalidates cached pages, a new comment reaches open pages. The in-process bus is the
// default; a networked implementation (Redis, or PostgreSQL LISTEN/NOTIFY) can replace it
// without touching publishers.
import { randomHex } from '../ids.ts';
export type GazetteEvent =
  | { type: 'content.changed'; postId?: string }
  | { type: 'media.changed'; mediaId: string }
  /** A message waits in the outbox: whoever delivers mail should look now, not at its next round. */
  | { type: 'mail.queued' }
  /** Notifications were committed: the notification mailer should look now (src/domain/notifications/runner.ts). */
  | { type: 'notification.created' }
  /**
   * Told to this instance's own handlers only, by a networked bus whose connection to the others
   * was lost and is back: what they published meanwhile was not heard here. Caches drop what they
   * hold and open live streams are told to reload (their readers may have missed comments).
   */
  | { type: 'events.missed' }
  | CommentEvent;

/** A change in a discussion; `comment` is the comment as the API presents it (filled by the publisher). */
export interface CommentEvent {
  type: 'comment.created' | 'comment.updated' | 'comment.deleted' | 'comment.voted';
  threadId: string;
  postId: string | null;
  commentId: string;
  /**
   * Stamped by the bus when published (eventId()): the SSE `id:` every instance writes for it, so a
   * reader who reconnects anywhere can say where it stopped (Last-Event-ID).
   */
  id?: string;
}

export type EventHandler = (event: GazetteEvent) => void;

export interface EventBus {
  publish(event: GazetteEvent): void;
  subscribe(handler: EventHandler): () => void;
  /**
   * A thread's events after `afterId`, oldest first, from a backlog every instance shares (Redis);
   * null when `afterId` is not in it (too old, or never seen). Absent: each instance keeps its own
   * (src/http/stream-backlog.ts), fed by every event it hears.
   */
  history?(threadId: string, afterId: string): Promise<CommentEvent[] | null>;
  /**
   * Called inside the transaction that makes an event true, before its publish after commit. A bus
   * that can send to other instances as part of that transaction does (PostgreSQL NOTIFY goes at
   * commit or never), so an instance dying between its commit and its publish loses nothing;
   * publish() still follows, for this instance's own handlers. `transaction` is the Kysely handle.
   */
  enlist?(transaction: unknown, event: GazetteEvent): Promise<void>;
}

/** A bus that also reaches other instances, over a connection of its own (Redis, PostgreSQL). */
export interface NetworkBus extends EventBus {
  /** Resolves once this instance listens (after the first subscribe); for tests and start-up. */
  listening(): Promise<void>;
  close(): Promise<void>;
}

let lastMs = 0;
let counter = 0;
/**
 * Time-ordered event ids: milliseconds, a counter within the millisecond and random bits. They
 * increase within one process; across instances they are ordered by time (to the clocks' skew)
 * and never collide.
 */
export function eventId(now = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    counter = 0;
  } else counter++;
  return lastMs.toString(36).padStart(9, '0') + counter.toString(36).padStart(3, '0') + randomHex(4);
}

/** Gives a comment event its id once, at its first publish; other events need none. */
export function stampEvent(event: GazetteEvent): GazetteEvent {
  if (event.type.startsWith('comment.') && !(event as CommentEvent).id) (event as CommentEvent).id = eventId();
  return event;
}

export function createInProcessBus(): EventBus {
  const handlers = new Set<EventHandler>();
  return {
    publish(event) {
      stampEvent(event);
      for (const handler of handlers) handler(event);
    },
    subscribe(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
  };
}
