// The discussion API: read a thread page, post, edit, delete, vote. Guests are identified by
// their browser's cookie, accounts by an API token (sessions arrive with accounts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '../../errors.ts';
import type { DomainContext } from '../../domain/context.ts';
import { threadPage } from '../../domain/comments/read.ts';
import { repliesPage } from '../../domain/comments/replies.ts';
import { deleteComment, editCommentForAuthor, postCommentForAuthor } from '../../domain/comments/write.ts';
import { vote } from '../../domain/comments/votes.ts';
import { THREAD_SORTS, type CommentView } from '../../domain/comments/types.ts';
import { resolveCommenter } from '../plugins/commenter.ts';
import { requireJsonWrite } from '../plugins/write-guard.ts';
import { ErrorSchema } from './presenters.ts';
import { scopeOfThread, type PageCache } from '../web/page-cache.ts';
import { sendCachedPage } from '../web/cached-reply.ts';
import { Literals, Nullable, PublicId } from '../schemas.ts';
import type { RateLimiter } from '../../limits/limiter.ts';
import { enforcePostingLimits } from '../plugins/rate-limit.ts';
import { admitVoter } from '../plugins/voting.ts';

const Id = PublicId;

export const CommentSchema = Type.Object({
  id: Type.String(),
  parentId: Nullable(Type.String()),
  depth: Type.Integer({ description: '0 for top-level; pages nest up to 5 levels and show deeper replies flat' }),
  inReplyTo: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
  author: Type.Object({
    name: Type.String(),
    profileUrl: Nullable(Type.String()),
    isGuest: Type.Boolean(),
    badge: Nullable(Type.String({ description: 'Author (of the article), Editor, Moderator or Admin' })),
    avatarUrl: Type.Optional(
      Nullable(Type.String({ description: 'uploaded picture, 128 px JPEG (a .webp twin beside it); null: draw the initials' })),
    ),
  }),
  bodyHtml: Type.String({ description: 'sanitized HTML; empty when status is deleted' }),
  createdAt: Type.String({ format: 'date-time' }),
  editedAt: Nullable(Type.String({ format: 'date-time' })),
  upvotes: Type.Integer(),
  downvotes: Type.Integer(),
  score: Type.Integer(),
  status: Type.String({
    description:
      'published, or deleted for a placeholder that keeps its replies in place; only on your own comments: pending (held for review) or rejected',
  }),
  pinned: Type.Optional(Type.Boolean({ description: 'pinned by a moderator: first among the top-level comments of the first page' })),
  featured: Type.Optional(Type.Boolean({ description: "an editor's pick (also listed in the page's featured array)" })),
  rejectionReason: Type.Optional(
    Nullable(Type.String({ description: 'only on your own rejected comment: why a moderator did not publish it' })),
  ),
  moreReplies: Type.Optional(
    Type.Object(
      {
        count: Type.Integer({ description: 'published replies not on this page' }),
        cursor: Type.String({ description: 'for GET /comments/{id}/replies?cursor=' }),
      },
      { description: 'only on a top-level comment whose replies go beyond what a thread page shows (50)' },
    ),
  ),
});

export function presentCommentJson(view: CommentView): Static<typeof CommentSchema> {
  return { ...view };
}

export interface CommentsApiDeps {
  ctx: DomainContext;
  publicUrl: string | null;
  /** Thread pages are read far more than written: kept like rendered pages, cleared by comment events. */
  pageCache: PageCache;
  limiter: RateLimiter;
}

export function registerCommentsApi(root: FastifyInstance, { ctx, publicUrl, pageCache, limiter }: CommentsApiDeps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['discussion'];

  const guardWrite = async (request: FastifyRequest) => requireJsonWrite(request, publicUrl);

  app.get(
    '/threads/:threadId/comments',
    {
      schema: {
        tags,
        summary:
          "One page of a thread: up to `limit` top-level comments, each followed by its replies, in display order; the first page starts with the pinned comments and lists the editor's picks in `featured`. The same for every reader (cached): your own held comments come from /threads/{threadId}/mine",
        params: Type.Object({ threadId: Id }),
        querystring: Type.Object(
          {
            sort: Literals(THREAD_SORTS, { default: 'best' }),
            cursor: Type.Optional(Type.String({ maxLength: 400 })),
            limit: Type.Integer({ minimum: 1, maximum: 100, default: 25 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            threadId: Type.String(),
            sort: Type.String(),
            commentCount: Type.Integer(),
            closed: Type.Boolean(),
            featured: Type.Array(CommentSchema, {
              description: "editor's picks, newest pick first; on the first page only (empty on later pages)",
            }),
            comments: Type.Array(CommentSchema),
            nextCursor: Nullable(Type.String()),
          }),
          400: ErrorSchema,
          404: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const { sort, cursor, limit } = request.query;
      const key = `api:thread:${request.params.threadId}:${sort}:${limit}:${cursor ?? ''}`;
      const cached = await pageCache.get(
        key,
        async () => {
          const page = await threadPage(ctx, request.params.threadId, { sort, cursor: cursor ?? null, limit });
          const body = {
            threadId: page.threadId,
            sort: page.sort,
            commentCount: page.commentCount,
            closed: page.closed,
            featured: (page.featured ?? []).map(presentCommentJson),
            comments: page.comments.map(presentCommentJson),
            nextCursor: page.nextCursor,
          };
          return JSON.stringify(body);
        },
        { scope: scopeOfThread(request.params.threadId) },
      );
      // The cached bytes are the response: Fastify sends a Buffer as it is, without re-serializing.
      return sendCachedPage(request, reply as unknown as FastifyReply, cached, 'application/json; charset=utf-8');
    },
  );

  app.get(
    '/comments/:id/replies',
    {
      schema: {
        tags,
        summary:
          "More replies of one conversation (`id` is its top-level comment), oldest first, after the cursor from the comment's `moreReplies` or the previous page. The same for every reader (cached)",
        params: Type.Object({ id: Id }),
        querystring: Type.Object(
          { cursor: Type.Optional(Type.String({ maxLength: 400 })), limit: Type.Integer({ minimum: 1, maximum: 100, default: 50 }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            threadId: Type.String(),
            postSlug: Nullable(Type.String()),
            rootId: Type.String(),
            comments: Type.Array(CommentSchema),
            nextCursor: Nullable(Type.String()),
            remaining: Type.Integer(),
          }),
          400: ErrorSchema,
          404: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const { cursor, limit } = request.query;
      const key = `api:replies:${request.params.id}:${limit}:${cursor ?? ''}`;
      const cached = await pageCache.get(key, async () => {
        const page = await repliesPage(ctx, request.params.id, { cursor: cursor ?? null, limit });
        // The key names the conversation, not its thread: the render tells which thread it shows.
        return { text: JSON.stringify({ ...page, comments: page.comments.map(presentCommentJson) }), scope: scopeOfThread(page.threadId) };
      });
      return sendCachedPage(request, reply as unknown as FastifyReply, cached, 'application/json; charset=utf-8');
    },
  );

  app.post(
    '/threads/:threadId/comments',
    {
      preValidation: guardWrite,
      schema: {
        tags,
        summary: 'Post a comment or a reply; guests send a name and an email (never shown)',
        params: Type.Object({ threadId: Id }),
        body: Type.Object(
          {
            body: Type.String({ maxLength: 20000 }),
            parentId: Type.Optional(Nullable(Id)),
            guest: Type.Optional(
              Type.Object(
                { name: Type.String({ maxLength: 200 }), email: Type.String({ maxLength: 320 }) },
                { additionalProperties: false },
              ),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          201: CommentSchema,
          202: CommentSchema,
          400: ErrorSchema,
          401: ErrorSchema,
          403: ErrorSchema,
          404: ErrorSchema,
          415: ErrorSchema,
          429: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const commenter = (await resolveCommenter(ctx, request, reply, { createGuest: true }))!;
      await enforcePostingLimits(limiter, ctx, request, reply, commenter);
      const posted = await postCommentForAuthor(ctx, commenter, {
        threadId: request.params.threadId,
        ...request.body,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      });
      return reply.code(posted.published ? 201 : 202).send(presentCommentJson(posted.view));
    },
  );

  app.patch(
    '/comments/:id',
    {
      preValidation: guardWrite,
      schema: {
        tags,
        summary: 'Edit your comment within the edit window; it shows as edited',
        params: Type.Object({ id: Id }),
        body: Type.Object({ body: Type.String({ maxLength: 20000 }) }, { additionalProperties: false }),
        response: { 200: CommentSchema, 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 415: ErrorSchema },
      },
    },
    async (request, reply) => {
      const commenter = await resolveCommenter(ctx, request, reply, { createGuest: false });
      if (!commenter) throw new AppError('NOT_THE_OWNER', 'only its author may change this comment');
      return presentCommentJson(await editCommentForAuthor(ctx, commenter, request.params.id, request.body.body));
    },
  );

  app.delete(
    '/comments/:id',
    {
      preValidation: guardWrite,
      schema: {
        tags,
        summary: 'Delete your comment; with replies it stays as "This comment was deleted"',
        params: Type.Object({ id: Id }),
        response: { 204: Type.Null(), 403: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      const commenter = await resolveCommenter(ctx, request, reply, { createGuest: false });
      if (!commenter) throw new AppError('NOT_THE_OWNER', 'only its author may change this comment');
      await deleteComment(ctx, commenter, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/comments/:id/vote',
    {
      preValidation: guardWrite,
      schema: {
        tags,
        summary:
          'Vote: 1 up, -1 down, 0 to take the vote back; one per account. Guests: one per browser and, per comment, one per address (GUEST_VOTE_ADDRESS_USED). A request without a guest cookie gets one and answers VOTE_NEEDS_COOKIE (409) without counting: send it again. Banned accounts: BANNED_FROM_VOTING. Limited per address and per voter (429).',
        params: Type.Object({ id: Id }),
        body: Type.Object({ value: Type.Union([Type.Literal(1), Type.Literal(-1), Type.Literal(0)]) }, { additionalProperties: false }),
        response: {
          200: Type.Object({ upvotes: Type.Integer(), downvotes: Type.Integer(), score: Type.Integer(), myVote: Type.Integer() }),
          400: ErrorSchema,
          403: ErrorSchema,
          404: ErrorSchema,
          409: ErrorSchema,
          429: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const commenter = await admitVoter(ctx, limiter, request, reply);
      return vote(ctx, commenter, request.params.id, request.body.value, { ip: request.ip });
    },
  );
}
