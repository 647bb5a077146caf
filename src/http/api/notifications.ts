// The signed-in person's inbox and email preferences over JSON (session cookie). Writes are
// same-origin JSON only, like the rest of the browser-facing API.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { DomainContext } from '../../domain/context.ts';
import * as inbox from '../../domain/notifications/inbox.ts';
import { requireJsonWrite } from '../plugins/write-guard.ts';
import { requireSignedIn } from '../plugins/session.ts';
import { PublicId } from '../schemas.ts';
import { ErrorSchema } from './presenters.ts';

export interface NotificationsApiDeps {
  ctx: DomainContext;
  publicUrl: string | null;
}

const NotificationSchema = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('reply'), Type.Literal('mention'), Type.Literal('moderation')]),
  threadId: Type.String(),
  threadTitle: Type.String(),
  commentId: Type.Union([Type.String(), Type.Null()]),
  url: Type.String({ description: 'the comment permalink (or the inbox when the comment is gone)' }),
  actorName: Type.String(),
  excerpt: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  read: Type.Boolean(),
});

const InboxSchema = Type.Object({
  items: Type.Array(NotificationSchema),
  unreadCount: Type.Integer(),
  nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'pass as `cursor` for older items; null on the last page' }),
});

const PreferencesSchema = inbox.EmailPreferencesSchema;

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 415: ErrorSchema };

function presentItem(item: inbox.InboxItem): Static<typeof NotificationSchema> {
  return { ...item, url: item.commentId ? `/comments/${item.commentId}` : '/inbox' };
}

export function registerNotificationsApi(root: FastifyInstance, deps: NotificationsApiDeps): void {
  const { ctx } = deps;
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['notifications'];
  const security = [{ session: [] }];

  const guardWrite = async (request: FastifyRequest) => requireJsonWrite(request, deps.publicUrl);

  app.get(
    '/notifications',
    {
      schema: {
        tags,
        security,
        summary: 'My notifications, newest first, with the unread count',
        querystring: Type.Object(
          {
            cursor: Type.Optional(Type.String({ maxLength: 200 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: inbox.MAX_INBOX_PAGE_SIZE })),
          },
          { additionalProperties: false },
        ),
        response: { 200: InboxSchema, ...errors },
      },
    },
    async (request) => {
      const user = await requireSignedIn(ctx, request);
      const page = await inbox.inbox(ctx, user.id, request.query);
      return { ...page, items: page.items.map(presentItem) };
    },
  );

  // What the masthead's badge asks now and then (assets/unread-badge.js): one indexed count.
  app.get(
    '/notifications/unread',
    {
      schema: {
        tags,
        security,
        summary: 'How many of my notifications are unread (the masthead badge polls this)',
        response: { 200: Type.Object({ unreadCount: Type.Integer() }), ...errors },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'private, no-store');
      const user = await requireSignedIn(ctx, request);
      return { unreadCount: await inbox.unreadCount(ctx, user.id) };
    },
  );

  app.post(
    '/notifications/read',
    {
      preValidation: guardWrite,
      schema: {
        tags,
        security,
        summary: 'Mark my notifications read: the ones in `ids`, or all of them when `ids` is absent',
        body: Type.Optional(Type.Object({ ids: Type.Optional(Type.Array(PublicId, { maxItems: 200 })) }, { additionalProperties: false })),
        response: { 200: Type.Object({ marked: Type.Integer(), unreadCount: Type.Integer() }), ...errors },
      },
    },
    async (request) => {
      const user = await requireSignedIn(ctx, request);
      const marked = await inbox.markRead(ctx, user.id, request.body?.ids);
      return { marked, unreadCount: await inbox.unreadCount(ctx, user.id) };
    },
  );

  app.get(
    '/me/email-preferences',
    {
      schema: { tags, security, summary: 'Which notifications I also get by email', response: { 200: PreferencesSchema, ...errors } },
    },
    async (request) => inbox.emailPreferences(await requireSignedIn(ctx, request)),
  );

  app.patch(
    '/me/email-preferences',
    {
      preValidation: guardWrite,
      schema: {
        tags,
        security,
        summary: 'Switch notification emails on or off per kind; omitted kinds stay as they are',
        body: Type.Partial(PreferencesSchema, { additionalProperties: false }),
        response: { 200: PreferencesSchema, ...errors },
      },
    },
    async (request) => {
      const user = await requireSignedIn(ctx, request);
      return inbox.setEmailPreferences(ctx, user, request.body);
    },
  );
}
