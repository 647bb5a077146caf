// Live updates for open pages: one Server-Sent Events stream per reader and thread. The stream
// carries only changes; the page itself comes from the (cacheable) render. Events arrive from the
// event bus, so with the networked bus they fan out across instances.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { DomainContext } from '../../domain/context.ts';
import { requireThread } from '../../domain/comments/threads.ts';
import { presentComment } from '../../domain/comments/read.ts';
import { findComment } from '../../storage/repos/comments.ts';
import type { CommentEvent, GazetteEvent } from '../../events/bus.ts';
import { ErrorSchema } from './presenters.ts';
import { PublicId } from '../schemas.ts';
import { eventStreams } from '../event-stream.ts';

/** What a stream sends for one bus event, or null when readers must not see it. */
async function payloadFor(ctx: DomainContext, event: CommentEvent): Promise<object | null> {
  if (event.type === 'comment.deleted') return { id: event.commentId, status: 'deleted' };
  const row = await findComment(ctx.db, event.commentId);
  if (!row || row.status !== 'published') return null;
  return presentComment(row, row.depth, null);
}

export function registerThreadEvents(root: FastifyInstance, { ctx }: { ctx: DomainContext }): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const stream = eventStreams(root, ctx.events);
  app.get(
    '/threads/:threadId/events',
    {
      schema: {
        tags: ['discussion'],
        summary: 'Server-Sent Events: comment.created, comment.updated, comment.deleted and comment.voted, each carrying the comment as the API presents it',
        params: Type.Object({ threadId: PublicId }),
        response: { 200: Type.String({ description: 'text/event-stream' }), 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      const thread = await requireThread(ctx.db, request.params.threadId);
      stream(request, reply, (event: GazetteEvent) => {
        if (!event.type.startsWith('comment.')) return null;
        const commentEvent = event as CommentEvent;
        if (commentEvent.threadId !== thread.id) return null;
        return async () => {
          const data = await payloadFor(ctx, commentEvent);
          return data ? { event: commentEvent.type, data } : null;
        };
      });
    },
  );
}
