// GET /api/v1/threads/:threadId/own: which comments of the thread are the reader's, by who they
// are (session, API token or guest cookie), so the client offers Edit and Delete on them on any
// device, not only in the browser that posted them. One list per thread rather than a question per
// page of ids: it is small (one person's comments), and every page the client loads later (sort,
// "Load more", live arrivals) is answered by it. Personal: never cached.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { DomainContext } from '../../domain/context.ts';
import { ownCommentsOf } from '../../domain/comments/ownership.ts';
import { resolveCommenter } from '../plugins/commenter.ts';
import { PublicId } from '../schemas.ts';
import { ErrorSchema } from './presenters.ts';

export function registerCommentOwnershipApi(root: FastifyInstance, { ctx }: { ctx: DomainContext }): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/threads/:threadId/own',
    {
      schema: {
        tags: ['discussion'],
        summary:
          'Your comments in this thread (not deleted; newest first, at most 500), with the seconds left to edit each and, while it may be edited, its text as written. Empty for a reader without a session, token or guest cookie.',
        params: Type.Object({ threadId: PublicId }),
        response: {
          200: Type.Object({
            threadId: Type.String(),
            comments: Type.Array(
              Type.Object({
                id: Type.String(),
                editSecondsLeft: Type.Integer({ minimum: 0, description: '0: the edit window has passed; Delete remains' }),
                body: Type.Optional(Type.String({ description: 'the Markdown as written; only while it may be edited' })),
              }),
            ),
          }),
          404: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'private, no-store');
      const commenter = await resolveCommenter(ctx, request, reply, { createGuest: false });
      return { threadId: request.params.threadId, comments: await ownCommentsOf(ctx, request.params.threadId, commenter) };
    },
  );
}
