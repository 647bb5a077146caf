// The site's moderation settings for admins: GET and PATCH /api/v1/admin/settings/moderation.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { changeModerationSettings, moderationSettingsFor } from '../../../domain/moderation/settings-change.ts';
import { ErrorSchema } from '../presenters.ts';
import { MODERATION_SETTING_FIELDS, ModerationSettingsSchema as SettingsSchema } from '../../../domain/moderation/settings-schema.ts';
import type { AdminDeps } from './index.ts';
import { SECURED } from './index.ts';

// One shape with the domain (domain/moderation/settings-schema.ts): types only, since ranges and
// formats are the domain's to check, so its message names the field.
const PatchSchema = Type.Partial(Type.Object(MODERATION_SETTING_FIELDS, { additionalProperties: false }), {
  additionalProperties: false,
  minProperties: 1,
});

export function registerAdminSettings(root: FastifyInstance, { ctx }: AdminDeps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const common = { tags: ['admin: settings'], security: SECURED };

  app.get(
    '/settings/moderation',
    {
      schema: { ...common, summary: 'The moderation settings in force (admins only)', response: { 200: SettingsSchema, 403: ErrorSchema } },
    },
    async (request) => moderationSettingsFor(ctx, request.actor!),
  );

  app.patch(
    '/settings/moderation',
    {
      schema: {
        ...common,
        summary:
          'Change some moderation settings (admins only); answers with all of them. Each change is checked (the error names the field) and written to the audit log.',
        body: PatchSchema,
        response: { 200: SettingsSchema, 400: ErrorSchema, 403: ErrorSchema },
      },
    },
    async (request) => changeModerationSettings(ctx, request.actor!, request.body),
  );
}
