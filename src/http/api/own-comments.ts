// GET /api/v1/threads/:threadId/mine: the reader's own comments in a thread that nobody else
// sees (held, rejected, shadow). The thread JSON is cached and the same for everyone, so the
// client fetches these apart and merges them in. Personal: never cached anywhere.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { DomainContext } from '../../domain/context.ts';
import { ownHiddenComments } from '../../domain/comments/read.ts';
import { requireThread } from '../../domain/comments/threads.ts';
import { resolveCommenter } from '../plugins/commenter.ts';
import { PublicId } from '../schemas.ts';
import { ErrorSchema } from './presenters.ts';
import { CommentSchema, presentCommentJson } from './comments.ts';
import { registerCommentOwnershipApi } from './comment-ownership.ts';

export function registerOwnCommentsApi(root: FastifyInstance, { ctx }: { ctx: DomainContext }): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  registerCommentOwnershipApi(root, { ctx });
  app.get(
    '/threads/:threadId/mine',
    {
      schema: {
        tags: ['discussion'],
        summary:
          'Your own comments in this thread that others cannot see yet: held for review (status pending) or rejected (with the reason). By session, API token or guest cookie; empty for a reader without one.',
        params: Type.Object({ threadId: PublicId }),
        response: { 200: Type.Object({ threadId: Type.String(), comments: Type.Array(CommentSchema) }), 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'private, no-store');
      const commenter = await resolveCommenter(ctx, request, reply, { createGuest: false });
      if (!commenter) return { threadId: (await requireThread(ctx.db, request.params.threadId)).id, comments: [] };
      return {
        threadId: request.params.threadId,
        comments: (await ownHiddenComments(ctx, request.params.threadId, commenter)).map(presentCommentJson),
      };
    },
  );
}
