// Profiles and personal data over JSON: edit my name and bio, my avatar, my password; download
// or delete my data; read anyone's public profile and comments. Writes need the session cookie
// and come only from this site (Origin check, JSON bodies, or PUT for the upload).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { invalid } from '../../errors.ts';
import type { DomainContext } from '../../domain/context.ts';
import { changePassword } from '../../domain/users/self-service.ts';
import { removeAvatar, setAvatar } from '../../domain/users/avatar.ts';
import { ProfileCommentSchema, publicProfile, profileComments, updateProfile } from '../../domain/users/profile.ts';
import { COMMENT_CHOICES, deleteAccount, exportPersonalData } from '../../domain/users/personal-data.ts';
import type { RateLimiter } from '../../limits/limiter.ts';
import { limitImageUploads, limitPasswordGuesses } from '../plugins/rate-limit.ts';
import { requireCookieWrite, requireJsonWrite } from '../plugins/write-guard.ts';
import { endBrowserSession, requireSignedIn, startBrowserSession } from '../plugins/session.ts';
import { Literals, Nullable, Slug } from '../schemas.ts';
import { ErrorSchema } from './presenters.ts';
import { MeSchema, presentMe } from './account-presenter.ts';

export interface ProfileApiDeps {
  ctx: DomainContext;
  publicUrl: string | null;
  limiter: RateLimiter;
}

const AvatarUrls = Nullable(
  Type.Object({ 64: Type.String(), 128: Type.String(), 256: Type.String() }, { description: 'JPEG per size in px; each has a .webp twin' }),
);

export const ProfileSchema = Type.Object({
  displayName: Type.String(),
  slug: Type.String(),
  bio: Type.String(),
  role: Type.String(),
  badge: Nullable(Type.String({ description: 'Editor, Moderator or Admin' })),
  memberSince: Type.String({ format: 'date-time' }),
  profileUrl: Type.String(),
  avatar: AvatarUrls,
  commentCount: Type.Integer(),
});

const errors = {
  400: ErrorSchema,
  401: ErrorSchema,
  403: ErrorSchema,
  404: ErrorSchema,
  413: ErrorSchema,
  415: ErrorSchema,
  422: ErrorSchema,
  429: ErrorSchema,
};

/** Password checks share the login budget of the account: a stolen session cannot guess on. */

export function registerProfileApi(root: FastifyInstance, deps: ProfileApiDeps): void {
  const { ctx, limiter } = deps;
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['profiles'];
  const session = [{ session: [] }];

  const guardWrite = async (request: FastifyRequest) => requireJsonWrite(request, deps.publicUrl);

  app.patch(
    '/me',
    {
      preHandler: guardWrite,
      schema: {
        tags,
        security: session,
        summary: 'Change my display name and/or bio (at most 280 characters); the profile address stays the same',
        body: Type.Object(
          { displayName: Type.Optional(Type.String({ maxLength: 200 })), bio: Type.Optional(Type.String({ maxLength: 2000 })) },
          { additionalProperties: false },
        ),
        response: { 200: MeSchema, ...errors },
      },
    },
    async (request) => presentMe(await updateProfile(ctx, await requireSignedIn(ctx, request), request.body)),
  );

  app.put(
    '/me/avatar',
    {
      // Multipart, not JSON: the same cookie rule (a PUT needs a CORS preflight cross-site), without the JSON body check.
      preHandler: async (request: FastifyRequest) => requireCookieWrite(request, deps.publicUrl),
      schema: {
        tags,
        security: session,
        summary: 'Upload my avatar (multipart/form-data, field `file`): cropped square, rendered at 64, 128 and 256 px as WebP and JPEG',
        consumes: ['multipart/form-data'],
        response: { 200: MeSchema, ...errors, 503: ErrorSchema },
      },
    },
    async (request, reply) => {
      const user = await requireSignedIn(ctx, request);
      await limitImageUploads(limiter, 'avatar', request, user.id, reply);
      if (!request.isMultipart()) throw invalid('file', 'expected a multipart/form-data upload with a `file` field');
      let bytes: Buffer | undefined;
      for await (const part of request.parts()) {
        if (part.type !== 'file') continue;
        if (part.fieldname !== 'file') throw invalid(part.fieldname, 'is not a known field; send the image as `file`');
        bytes = await part.toBuffer();
      }
      if (!bytes) throw invalid('file', 'is required');
      return presentMe(await setAvatar(ctx, user, bytes));
    },
  );

  app.delete(
    '/me/avatar',
    {
      preHandler: guardWrite,
      schema: {
        tags,
        security: session,
        summary: 'Remove my avatar; the initials are shown again',
        response: { 200: MeSchema, ...errors },
      },
    },
    async (request) => {
      return presentMe(await removeAvatar(ctx, await requireSignedIn(ctx, request)));
    },
  );

  app.post(
    '/me/password',
    {
      preHandler: guardWrite,
      schema: {
        tags,
        security: session,
        summary: 'Change my password (accounts without one may set one: send an empty currentPassword); signs out every other device',
        body: Type.Object(
          { currentPassword: Type.String({ maxLength: 200 }), password: Type.String({ maxLength: 200 }) },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const user = await requireSignedIn(ctx, request);
      await limitPasswordGuesses(limiter, request.ip, user.email);
      await changePassword(ctx, user, { current: request.body.currentPassword, password: request.body.password });
      // Every session ended with the change; this browser carries on with a fresh one.
      await startBrowserSession(ctx, request, reply, user.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/me/export',
    {
      schema: {
        tags,
        security: session,
        summary: 'Download my data: account, comments (with their article), votes, notifications, sessions; sent as a JSON attachment',
        response: { 200: Type.Object({ format: Type.String() }, { additionalProperties: true }), 401: ErrorSchema },
      },
    },
    async (request, reply) => {
      const user = await requireSignedIn(ctx, request);
      const data = await exportPersonalData(ctx, user);
      // Sent as indented text (a file to keep), not through the response serializer.
      const raw = reply as unknown as FastifyReply;
      return raw
        .header('cache-control', 'private, no-store')
        .header('content-disposition', `attachment; filename="${exportFileName(user.slug, data.exportedAt)}"`)
        .type('application/json; charset=utf-8')
        .send(JSON.stringify(data, null, 2));
    },
  );

  app.delete(
    '/me',
    {
      preHandler: guardWrite,
      schema: {
        tags,
        security: session,
        summary:
          'Delete my account: comments erased (`delete`) or kept as "Deleted user" (`anonymise`); `confirm` is the password, or DELETE for accounts without one',
        body: Type.Object(
          { comments: Literals(COMMENT_CHOICES), confirm: Type.String({ maxLength: 200 }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ deletedComments: Type.Integer(), anonymisedComments: Type.Integer() }), ...errors },
      },
    },
    async (request, reply) => {
      const user = await requireSignedIn(ctx, request);
      await limitPasswordGuesses(limiter, request.ip, user.email);
      const result = await deleteAccount(ctx, user, request.body);
      await endBrowserSession(ctx, request, reply);
      return result;
    },
  );

  app.get(
    '/people/:slug',
    {
      schema: {
        tags,
        summary: 'A public profile (deleted accounts have none: 404)',
        params: Type.Object({ slug: Slug }),
        response: { 200: ProfileSchema, 400: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request) => publicProfile(ctx, request.params.slug),
  );

  app.get(
    '/people/:slug/comments',
    {
      schema: {
        tags,
        summary: "The person's published comments, newest first",
        params: Type.Object({ slug: Slug }),
        querystring: Type.Object(
          { cursor: Type.Optional(Type.String({ maxLength: 400 })), limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ comments: Type.Array(ProfileCommentSchema), nextCursor: Nullable(Type.String()) }),
          400: ErrorSchema,
          404: ErrorSchema,
        },
      },
    },
    async (request) => {
      const page = await profileComments(ctx, request.params.slug, { cursor: request.query.cursor ?? null, limit: request.query.limit });
      return { comments: page.comments, nextCursor: page.nextCursor };
    },
  );
}

export function exportFileName(slug: string, exportedAt: string): string {
  return `gazette-data-${slug}-${exportedAt.slice(0, 10)}.json`;
}
