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

const HEARTBEAT_MS = 25_000;

/** What a stream sends for one bus event, or null when readers must not see it. */
async function payloadFor(ctx: DomainContext, event: CommentEvent): Promise<object | null> {
  if (event.type === 'comment.deleted') return { id: event.commentId, status: 'deleted' };
  const row = await findComment(ctx.db, event.commentId);
  if (!row || row.status !== 'published') return null;
  return presentComment(row, row.depth, null);
}

export function registerThreadEvents(root: FastifyInstance, { ctx }: { ctx: DomainContext }): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  // Open streams never finish by themselves; a graceful stop ends them so it does not wait forever.
  const open = new Set<() => void>();
  app.addHook('preClose', (done) => {
    for (const end of open) end();
    done();
  });
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
      reply.hijack();
      const out = reply.raw;
      out.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        // Proxies such as nginx would otherwise buffer the stream.
        'x-accel-buffering': 'no',
      });
      out.write('retry: 3000\n: connected\n\n');
      let sequence = 0;
      // Events are sent in the order they happened even though loading each one is async.
      let queue = Promise.resolve();
      const unsubscribe = ctx.events.subscribe((event: GazetteEvent) => {
        if (!event.type.startsWith('comment.')) return;
        const commentEvent = event as CommentEvent;
        if (commentEvent.threadId !== thread.id) return;
        queue = queue.then(async () => {
          const payload = await payloadFor(ctx, commentEvent).catch(() => null);
          if (payload && !out.writableEnded) out.write(`id: ${++sequence}\nevent: ${commentEvent.type}\ndata: ${JSON.stringify(payload)}\n\n`);
        });
      });
      const heartbeat = setInterval(() => out.write(': ping\n\n'), HEARTBEAT_MS);
      const close = () => {
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(end);
      };
      const end = () => {
        close();
        out.end();
      };
      open.add(end);
      request.raw.on('close', close);
      out.on('close', close);
    },
  );
}
