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
import type { StreamHub } from '../../event-stream.ts';

/** Every desk gets the same message, so all of them share one channel: one queue lookup per event. */
export function registerModerationEvents(root: FastifyInstance, ctx: DomainContext, streams: StreamHub): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/moderation/events',
    {
      schema: {
        tags: ['admin: moderation'],
        security: SECURED,
        summary: 'Server-Sent Events: `queue` whenever a comment enters or leaves a queue, with { id, status, queues, change }',
        response: { 200: Type.String({ description: 'text/event-stream' }), 401: ErrorSchema, 403: ErrorSchema, 429: ErrorSchema },
      },
    },
    async (request, reply) => {
      requireModerator(request.actor!);
      const select = (event: GazetteEvent) => {
        if (!event.type.startsWith('comment.') || event.type === 'comment.voted') return null;
        const { commentId, type } = event as CommentEvent;
        return async () => {
          const where = await queuesOf(ctx, commentId).catch(() => null);
          return { event: 'queue', data: { id: commentId, status: where?.status ?? 'deleted', queues: where?.queues ?? [], change: type } };
        };
      };
      streams.open(request, reply, { key: 'moderation', select });
    },
  );
}
