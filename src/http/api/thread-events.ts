// Live updates for open pages: one Server-Sent Events stream per reader and thread. The stream
// carries only changes; the page itself comes from the (cacheable) render. Events arrive from the
// event bus, so with the networked bus they fan out across instances. Every stream of a thread
// shares one channel of the stream hub: an event is loaded once, as every reader sees it (a
// reader's own held comment never travels here; the widget has it already, or asks /mine).
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
          'Server-Sent Events: comment.created, comment.updated, comment.deleted and comment.voted, each carrying the comment as the API presents it',
        params: Type.Object({ threadId: PublicId }),
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
      streams.open(request, reply, { key: `thread:${thread.id}`, select });
    },
  );
}
