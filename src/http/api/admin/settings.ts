// The site's moderation settings for admins: GET and PATCH /api/v1/admin/settings/moderation.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { changeModerationSettings, moderationSettingsFor } from '../../../domain/moderation/settings-change.ts';
import { ErrorSchema } from '../presenters.ts';
import { Nullable } from '../../schemas.ts';
import type { AdminDeps } from './index.ts';
import { SECURED } from './index.ts';

// Types only: ranges and formats are the domain's to check, so its message names the field.
const fields = {
  policy: Type.Union([Type.Literal('open'), Type.Literal('first-comment'), Type.Literal('all'), Type.Literal('closed')], { description: 'default for every thread: open, first-comment (a new commenter\'s first comment is reviewed), all (every comment reviewed), closed' }),
  autoCloseDays: Nullable(Type.Integer({ description: 'threads close this many days after they opened (null: never)' })),
  slowModeSeconds: Type.Integer({ description: 'one comment per this many seconds per person in a thread (0: off)' }),
  maxLinks: Type.Integer({ description: 'more links than this hold a comment for review' }),
  blockedDomains: Type.Array(Type.String(), { description: 'links to these domains (and their subdomains) mark a comment as spam' }),
  wordList: Type.Array(Type.String(), { description: 'words the site does not want' }),
  wordAction: Type.Union([Type.Literal('mask'), Type.Literal('hold')], { description: 'mask the words (F**k) or hold the comment' }),
  reportThreshold: Type.Integer({ description: 'open reports weighing this much together hold a published comment for review (a guest weighs 0, a verified account 1, one with history 2, staff hold at once; staff comments are never held by reports)' }),
  guestComments: Nullable(Type.Boolean({ description: 'guests may comment with a name and email; null follows GAZETTE_GUEST_COMMENTS' })),
  holdScore: Type.Number({ description: 'learned spam probability at or above which a comment is held' }),
  spamScore: Type.Number({ description: 'learned spam probability at or above which a comment is marked spam' }),
};

const SettingsSchema = Type.Object(fields);
const PatchSchema = Type.Partial(Type.Object(fields, { additionalProperties: false }), { additionalProperties: false, minProperties: 1 });

export function registerAdminSettings(root: FastifyInstance, { ctx }: AdminDeps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const common = { tags: ['admin: settings'], security: SECURED };

  app.get(
    '/settings/moderation',
    { schema: { ...common, summary: 'The moderation settings in force (admins only)', response: { 200: SettingsSchema, 403: ErrorSchema } } },
    async (request) => moderationSettingsFor(ctx, request.actor!),
  );

  app.patch(
    '/settings/moderation',
    {
      schema: {
        ...common,
        summary: 'Change some moderation settings (admins only); answers with all of them. Each change is checked (the error names the field) and written to the audit log.',
        body: PatchSchema,
        response: { 200: SettingsSchema, 400: ErrorSchema, 403: ErrorSchema },
      },
    },
    async (request) => changeModerationSettings(ctx, request.actor!, request.body),
  );
}
