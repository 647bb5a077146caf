// Events let one part of the system react to another without calling it: a published post
// invalidates cached pages, a new comment reaches open pages. The in-process bus is the
// default; a networked implementation (Redis) can replace it without touching publishers.
export type GazetteEvent =
  | { type: 'content.changed'; postId?: string }
  | { type: 'media.changed'; mediaId: string }
  /** A message waits in the outbox: whoever delivers mail should look now, not at its next round. */
  | { type: 'mail.queued' }
  /** Notifications were committed: the notification mailer should look now (src/domain/notifications/runner.ts). */
  | { type: 'notification.created' }
  | CommentEvent;

/** A change in a discussion; `comment` is the comment as the API presents it (filled by the publisher). */
export interface CommentEvent {
  type: 'comment.created' | 'comment.updated' | 'comment.deleted' | 'comment.voted';
  threadId: string;
  postId: string | null;
  commentId: string;
}

export type EventHandler = (event: GazetteEvent) => void;

export interface EventBus {
  publish(event: GazetteEvent): void;
  subscribe(handler: EventHandler): () => void;
}

export function createInProcessBus(): EventBus {
  const handlers = new Set<EventHandler>();
  return {
    publish(event) {
      for (const handler of handlers) handler(event);
    },
    subscribe(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
  };
}
