// GET /api/v1/admin/moderation/events: Server-Sent Events telling open desks that the queues
// changed. A stream rather than polling: every change to a comment already crosses the event
// bus (and, with the networked bus, every instance), so a desk hears of a new held comment or a
// colleague's decision at once, and an idle desk costs no queue queries. Each event carries only
// the comment's id, status and the queues it is in now; the desk fetches what it shows.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { DomainContext } from '../../../domain/context.ts';
import { requireModerator } from '../../../domain/moderation/actions.ts';
import { queuesOf } from '../../../domain/moderation/queue.ts';
import type { CommentEvent, GazetteEvent } from '../../../events/bus.ts';
import { ErrorSchema } from '../presenters.ts';
import { SECURED } from './index.ts';

const HEARTBEAT_MS = 25_000;

export function registerModerationEvents(root: FastifyInstance, ctx: DomainContext): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const open = new Set<() => void>();
  app.addHook('preClose', (done) => {
    for (const end of open) end();
    done();
  });

  app.get('/moderation/events', {
    schema: {
      tags: ['admin: moderation'],
      security: SECURED,
      summary: 'Server-Sent Events: `queue` whenever a comment enters or leaves a queue, with { id, status, queues, change }',
      response: { 200: Type.String({ description: 'text/event-stream' }), 401: ErrorSchema, 403: ErrorSchema },
    },
  }, async (request, reply) => {
    requireModerator(request.actor!);
    reply.hijack();
    const out = reply.raw;
    out.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    out.write('retry: 3000\n: connected\n\n');
    let sequence = 0;
    // Sent in the order they happened even though looking each one up is async.
    let queue = Promise.resolve();
    const unsubscribe = ctx.events.subscribe((event: GazetteEvent) => {
      if (!event.type.startsWith('comment.') || event.type === 'comment.voted') return;
      const { commentId, type } = event as CommentEvent;
      queue = queue.then(async () => {
        const where = await queuesOf(ctx, commentId).catch(() => null);
        const payload = { id: commentId, status: where?.status ?? 'deleted', queues: where?.queues ?? [], change: type };
        if (!out.writableEnded) out.write(`id: ${++sequence}\nevent: queue\ndata: ${JSON.stringify(payload)}\n\n`);
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
  });
}
