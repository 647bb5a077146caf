// /api/v1/admin/moderation/*: the desk's JSON API (queue, actions, bans, threads, audit log) and
// its live stream. The admin hook has already required staff; the domain allows moderators and
// admins only, so authors and editors get a 403 here.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { BULK_ACTIONS, bulkModerate, COMMENT_ACTIONS, moderateComment, type ActionResult } from '../../../domain/moderation/actions.ts';
import { moderationQueue, queuesOf, QUEUES } from '../../../domain/moderation/queue.ts';
import { banAuthor, liftBan, MAX_BAN_DAYS } from '../../../domain/moderation/sanctions.ts';
import { closeThread, openThread, setThreadPolicy } from '../../../domain/moderation/thread-actions.ts';
import { auditLog } from '../../../domain/moderation/audit-log.ts';
import { queueCounts } from '../../../domain/moderation/queue-counts.ts';
import { undoDecision } from '../../../domain/moderation/undo.ts';
import { THREAD_POLICIES } from '../../../domain/moderation/settings.ts';
import type { DomainContext } from '../../../domain/context.ts';
import type { Thread, UserSanction } from '../../../domain/records.ts';
import { ErrorSchema } from '../presenters.ts';
import { Literals, Nullable, PublicId } from '../../schemas.ts';
import type { AdminDeps } from './index.ts';
import { SECURED } from './index.ts';
import { ActionResultSchema, LogEntrySchema, QueueItemSchema, SanctionSchema, ThreadStateSchema } from './moderation-schemas.ts';
import { registerModerationEvents } from './moderation-events.ts';

const Reason = Type.String({ maxLength: 500 });
/** Actions whose reason is optional may be posted without a body. */
const bodyOptional = async (request: FastifyRequest) => {
  request.body ??= {};
};
const Errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema };

async function withQueues(ctx: DomainContext, result: ActionResult) {
  return { ...result, queues: (await queuesOf(ctx, result.id))?.queues ?? [] };
}

const presentSanction = (s: UserSanction) => ({
  id: s.id,
  subject: s.subject,
  kind: s.kind,
  reason: s.reason,
  createdAt: s.created_at,
  expiresAt: s.expires_at,
  liftedAt: s.lifted_at,
});
const presentThread = (t: Thread) => ({ id: t.id, title: t.title, closed: t.closed_at !== null, closedAt: t.closed_at, policy: t.policy });

export function registerAdminModeration(root: FastifyInstance, { ctx, streams }: AdminDeps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const common = { tags: ['admin: moderation'], security: SECURED };

  app.get(
    '/moderation/queue',
    {
      schema: {
        ...common,
        summary: "A moderation queue, newest first: each item with why it is there, its author's history and its thread context",
        querystring: Type.Object(
          {
            status: Literals(QUEUES),
            post: Type.Optional(Type.String({ maxLength: 200, description: 'an article slug or a thread id' })),
            author: Type.Optional(Type.String({ maxLength: 320, description: "an account id or profile name, or a guest's email" })),
            reason: Type.Optional(
              Type.String({
                maxLength: 40,
                description:
                  'a pipeline step (empty, links, blocked-domain, words, repeated, velocity, policy, model, akismet, sanction) or reports',
              }),
            ),
            cursor: Type.Optional(Type.String({ maxLength: 400 })),
            limit: Type.Integer({ minimum: 1, maximum: 100, default: 25 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(QueueItemSchema), nextCursor: Nullable(Type.String()) }), ...Errors },
      },
    },
    async (request) => {
      const page = await moderationQueue(ctx, request.actor!, request.query);
      return { items: page.items, nextCursor: page.nextCursor };
    },
  );

  app.post(
    '/moderation/comments/:id/:action',
    {
      preValidation: bodyOptional,
      schema: {
        ...common,
        summary: 'Act on one comment: approve, reject (with a reason the author sees), spam, not-spam, feature, unfeature, pin, unpin',
        params: Type.Object({ id: PublicId, action: Literals(COMMENT_ACTIONS) }),
        body: Type.Object({ reason: Type.Optional(Reason) }, { additionalProperties: false }),
        response: { 200: ActionResultSchema, ...Errors },
      },
    },
    async (request) =>
      withQueues(ctx, await moderateComment(ctx, request.actor!, request.params.id, request.params.action, request.body.reason)),
  );

  app.post(
    '/moderation/log/:id/undo',
    {
      schema: {
        ...common,
        summary:
          'Undo a decision (approve, reject, spam, not-spam) you made in the last few minutes: the comment goes back to what it was, and the log keeps both lines',
        params: Type.Object({ id: PublicId }),
        response: { 200: ActionResultSchema, ...Errors },
      },
    },
    async (request) => withQueues(ctx, await undoDecision(ctx, request.actor!, request.params.id)),
  );

  app.get(
    '/moderation/counts',
    {
      schema: {
        ...common,
        summary: 'How many comments wait in each queue (waiting: held or reported, each comment once)',
        response: {
          200: Type.Object({ pending: Type.Integer(), reported: Type.Integer(), spam: Type.Integer(), waiting: Type.Integer() }),
          ...Errors,
        },
      },
    },
    async (request) => queueCounts(ctx, request.actor!),
  );

  app.post(
    '/moderation/bulk',
    {
      schema: {
        ...common,
        summary: 'One decision for many comments, all or nothing: the first comment that cannot take it is named and nothing changes',
        body: Type.Object(
          { action: Literals(BULK_ACTIONS), ids: Type.Array(PublicId, { minItems: 1, maxItems: 200 }), reason: Type.Optional(Reason) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(ActionResultSchema) }), ...Errors },
      },
    },
    async (request) => {
      const results = await bulkModerate(ctx, request.actor!, request.body);
      return { items: await Promise.all(results.map((r) => withQueues(ctx, r))) };
    },
  );

  app.post(
    '/moderation/bans',
    {
      schema: {
        ...common,
        summary: "Ban or shadow-ban a commenter (an account or a guest's email), for some days or for good",
        body: Type.Object(
          {
            subject: Type.Optional(Type.String({ maxLength: 330, description: 'user:ID or email:ADDRESS' })),
            commentId: Type.Optional(PublicId),
            kind: Literals(['ban', 'shadow'] as const),
            days: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: MAX_BAN_DAYS, description: 'absent or null: permanent' }))),
            reason: Type.String({ minLength: 1, maxLength: 500 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: SanctionSchema, ...Errors },
      },
    },
    async (request, reply) => reply.code(201).send(presentSanction(await banAuthor(ctx, request.actor!, request.body))),
  );

  app.delete(
    '/moderation/bans/:id',
    {
      schema: {
        ...common,
        summary: 'Lift a ban or shadow ban',
        params: Type.Object({ id: PublicId }),
        response: { 200: SanctionSchema, ...Errors },
      },
    },
    async (request) => presentSanction(await liftBan(ctx, request.actor!, request.params.id)),
  );

  for (const action of ['close', 'open'] as const) {
    app.post(
      `/moderation/threads/:id/${action}`,
      {
        preValidation: bodyOptional,
        schema: {
          ...common,
          summary: action === 'close' ? 'Close a thread to new comments' : 'Open a closed thread again',
          params: Type.Object({ id: PublicId }),
          body: Type.Object({ reason: Type.Optional(Reason) }, { additionalProperties: false }),
          response: { 200: ThreadStateSchema, ...Errors },
        },
      },
      async (request) =>
        presentThread(await (action === 'close' ? closeThread : openThread)(ctx, request.actor!, request.params.id, request.body.reason)),
    );
  }

  app.put(
    '/moderation/threads/:id/policy',
    {
      schema: {
        ...common,
        summary: "This thread's moderation policy; null returns it to the site's default",
        params: Type.Object({ id: PublicId }),
        body: Type.Object({ policy: Nullable(Literals(THREAD_POLICIES)), reason: Type.Optional(Reason) }, { additionalProperties: false }),
        response: { 200: ThreadStateSchema, ...Errors },
      },
    },
    async (request) =>
      presentThread(await setThreadPolicy(ctx, request.actor!, request.params.id, request.body.policy, request.body.reason)),
  );

  app.get(
    '/moderation/log',
    {
      schema: {
        ...common,
        summary: 'The audit log of moderation actions, newest first',
        querystring: Type.Object(
          {
            actor: Type.Optional(Type.String({ maxLength: 120, description: "a moderator's id or profile name" })),
            action: Type.Optional(Type.String({ maxLength: 40 })),
            comment: Type.Optional(PublicId),
            from: Type.Optional(Type.String({ maxLength: 40, description: 'YYYY-MM-DD (UTC) or an ISO instant' })),
            to: Type.Optional(Type.String({ maxLength: 40, description: 'YYYY-MM-DD, that day included' })),
            cursor: Type.Optional(Type.String({ maxLength: 400 })),
            limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ entries: Type.Array(LogEntrySchema), nextCursor: Nullable(Type.String()) }), ...Errors },
      },
    },
    async (request) => auditLog(ctx, request.actor!, request.query),
  );

  registerModerationEvents(app, ctx, streams);
}
