// Live updates for open pages: one Server-Sent Events stream per reader and thread. The stream
// carries only changes; the page itself comes from the (cacheable) render. Events arrive from the
// event bus, so with the networked bus they fan out across instances. Every stream of a thread
// shares one channel of the stream hub: an event is loaded once, as every reader sees it (a
// reader's own held comment never travels here; the widget has it already, or asks /mine).
// A reader who reconnects with Last-Event-ID gets what it missed first (event-stream.ts).
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { DomainContext } from '../../domain/context.ts';
import { requireThread } from '../../domain/comments/threads.ts';
import { publicEventPayload } from '../../domain/comments/live.ts';
import type { CommentEvent, GazetteEvent } from '../../events/bus.ts';
import { ErrorSchema } from './presenters.ts';
import { PublicId } from '../schemas.ts';
import type { StreamHub } from '../event-stream.ts';

export function registerThreadEvents(root: FastifyInstance, { ctx, streams }: { ctx: DomainContext; streams: StreamHub }): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/threads/:threadId/events',
    {
      schema: {
        tags: ['discussion'],
        summary:
          'Server-Sent Events: comment.created, comment.updated, comment.deleted and comment.voted, each carrying the comment as the API presents it, with an id to resume from (Last-Event-ID); `reload` when the missed events are no longer kept',
        params: Type.Object({ threadId: PublicId }),
        // EventSource sends Last-Event-ID by itself when it reconnects; a page that opens a new
        // stream after an old one gave up passes the id it had here.
        querystring: Type.Object({ lastEventId: Type.Optional(Type.String({ maxLength: 64 })) }),
        response: { 200: Type.String({ description: 'text/event-stream' }), 404: ErrorSchema, 429: ErrorSchema },
      },
    },
    async (request, reply) => {
      const thread = await requireThread(ctx.db, request.params.threadId);
      const select = (event: GazetteEvent) => {
        if (!event.type.startsWith('comment.')) return null;
        const commentEvent = event as CommentEvent;
        if (commentEvent.threadId !== thread.id) return null;
        return async () => {
          const data = await publicEventPayload(ctx, commentEvent);
          return data ? { event: commentEvent.type, data } : null;
        };
      };
      const header = request.headers['last-event-id'];
      const lastEventId = request.query.lastEventId ?? (typeof header === 'string' && header ? header : undefined);
      streams.open(request, reply, { key: `thread:${thread.id}`, select, threadId: thread.id }, lastEventId);
    },
  );
}
