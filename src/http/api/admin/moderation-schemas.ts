// Response shapes of the moderation API (they are also its OpenAPI description).
import { Type } from 'typebox';
import { Nullable } from '../../schemas.ts';

const ContextComment = Type.Object({
  id: Type.String(),
  authorName: Type.String(),
  bodyHtml: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});

export const QueueItemSchema = Type.Object({
  id: Type.String(),
  status: Type.String({ description: 'published, pending, spam, rejected or shadow' }),
  bodyHtml: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  editedAt: Nullable(Type.String({ format: 'date-time' })),
  spamScore: Nullable(Type.Number({ description: "the learned filter's spam probability, 0 to 1" })),
  reportCount: Type.Integer(),
  featured: Type.Boolean(),
  pinned: Type.Boolean(),
  rejectionReason: Nullable(Type.String()),
  author: Type.Object({
    kind: Type.Union([Type.Literal('account'), Type.Literal('guest')]),
    id: Nullable(Type.String()),
    name: Type.String(),
    slug: Nullable(Type.String()),
    email: Nullable(Type.String({ description: 'guests only' })),
    subject: Nullable(Type.String({ description: 'user:ID or email:ADDRESS, as bans name the person' })),
    role: Nullable(Type.String()),
    accountCreatedAt: Nullable(Type.String({ format: 'date-time' })),
    accountAgeDays: Nullable(Type.Integer()),
    history: Type.Object({
      total: Type.Integer(),
      approved: Type.Integer(),
      pending: Type.Integer(),
      rejected: Type.Integer(),
      spam: Type.Integer(),
    }),
    priorBans: Type.Integer(),
    activeSanctions: Type.Array(
      Type.Object({
        id: Type.String(),
        kind: Type.String(),
        reason: Type.String(),
        expiresAt: Nullable(Type.String({ format: 'date-time' })),
      }),
    ),
  }),
  thread: Type.Object({
    id: Type.String(),
    title: Type.String(),
    url: Nullable(Type.String()),
    closed: Type.Boolean(),
    policy: Nullable(Type.String()),
  }),
  context: Type.Object({ parent: Nullable(ContextComment), neighbours: Type.Array(ContextComment) }),
  reasons: Type.Array(
    Type.Object({
      source: Type.Union([Type.Literal('pipeline'), Type.Literal('reports'), Type.Literal('moderator')]),
      name: Type.String(),
      text: Type.String({ description: 'plain words' }),
      verdict: Type.Optional(Type.String()),
      score: Type.Optional(Type.Number()),
      count: Type.Optional(Type.Integer({ description: 'reports: how many readers gave this reason (never who)' })),
    }),
  ),
});

export const ActionResultSchema = Type.Object({
  id: Type.String(),
  status: Type.String(),
  queues: Type.Array(Type.String(), { description: 'the queues the comment is in now' }),
  logId: Type.Optional(
    Type.String({ description: "this action's audit line; a decision's can be undone for a while (POST /moderation/log/{id}/undo)" }),
  ),
});

export const SanctionSchema = Type.Object({
  id: Type.String(),
  subject: Type.String(),
  kind: Type.String(),
  reason: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  expiresAt: Nullable(Type.String({ format: 'date-time' })),
  liftedAt: Nullable(Type.String({ format: 'date-time' })),
});

export const ThreadStateSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  closed: Type.Boolean(),
  closedAt: Nullable(Type.String({ format: 'date-time' })),
  policy: Nullable(Type.String()),
});

// The audit entry is the domain's own shape, defined once beside its reader.
export { LogEntrySchema } from '../../../domain/moderation/audit-log.ts';
