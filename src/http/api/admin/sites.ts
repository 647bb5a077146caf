// The sites that embed the discussion, for admins (issue 15): /api/v1/admin/sites. A site's
// single sign-on secret is shown once, when the site is made or the secret rotated; never in lists.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireSiteAdmin } from '../../../domain/sites/admin.ts';
import {
  listSites,
  registerSite,
  removeSite,
  requireSite,
  rotateSiteSecret,
  siteSsoSecret,
  updateSite,
} from '../../../domain/sites/sites.ts';
import { THREAD_POLICIES } from '../../../domain/moderation/settings-schema.ts';
import type { Site } from '../../../domain/records.ts';
import { ErrorSchema } from '../presenters.ts';
import { Literals, Nullable } from '../../schemas.ts';
import type { AdminDeps } from './index.ts';
import { SECURED } from './index.ts';

// Types and outer limits only: the domain checks formats (origins, colours, radius, fonts) and names the field.
const ThemeSchema = Type.Object(
  {
    accent: Type.Optional(Nullable(Type.String({ maxLength: 20, description: 'accent colour, #rrggbb' }))),
    font: Type.Optional(Nullable(Type.String({ maxLength: 200, description: 'system, serif, humanist or mono' }))),
    radius: Type.Optional(Nullable(Type.String({ maxLength: 10, description: 'corner radius, 0px to 24px' }))),
  },
  { additionalProperties: false },
);

const SiteFields = {
  title: Type.String({ maxLength: 200 }),
  origins: Type.Array(Type.String({ maxLength: 300 }), { minItems: 1, maxItems: 20, description: 'like https://blog.example' }),
  guestPolicy: Literals(['guests', 'accounts'] as const, { description: 'accounts: only signed-in or SSO commenters' }),
  defaultPolicy: Nullable(Literals(THREAD_POLICIES, { description: 'the policy new threads get; null: the site-wide default' })),
  lang: Nullable(Type.String({ maxLength: 35, description: 'a language tag like pt-BR; null: the reader’s' })),
  theme: ThemeSchema,
};

const SiteSchema = Type.Object({
  name: Type.String(),
  title: Type.String(),
  origins: Type.Array(Type.String()),
  guestPolicy: Type.String(),
  defaultPolicy: Nullable(Type.String()),
  lang: Nullable(Type.String()),
  theme: Type.Object({ accent: Nullable(Type.String()), font: Nullable(Type.String()), radius: Nullable(Type.String()) }),
  createdAt: Type.String({ format: 'date-time' }),
});
const NewSiteSchema = Type.Intersect([SiteSchema, Type.Object({ ssoSecret: Type.String() })]);
const NameParams = Type.Object({ name: Type.String({ minLength: 1, maxLength: 40, pattern: '^[a-z0-9-]+$' }) });

const present = (site: Site) => ({ ...site, origins: [...site.origins], theme: { ...site.theme } });

export function registerAdminSites(root: FastifyInstance, { ctx }: AdminDeps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const common = { tags: ['admin: sites'], security: SECURED };

  app.get(
    '/sites',
    {
      schema: {
        ...common,
        summary: 'The registered sites, by name (admins only; secrets are not listed)',
        response: { 200: Type.Object({ sites: Type.Array(SiteSchema) }), 403: ErrorSchema },
      },
    },
    async (request) => {
      requireSiteAdmin(request.actor!);
      return { sites: (await listSites(ctx)).map(present) };
    },
  );

  app.post(
    '/sites',
    {
      schema: {
        ...common,
        summary: 'Register a site for the embed (admins only); the answer carries its SSO secret, shown this once',
        body: Type.Object(
          {
            name: Type.String({ maxLength: 40, description: 'the data-site key: 1–40 of a-z, 0-9 and -' }),
            origins: SiteFields.origins,
            title: Type.Optional(SiteFields.title),
            guestPolicy: Type.Optional(SiteFields.guestPolicy),
            defaultPolicy: Type.Optional(SiteFields.defaultPolicy),
            lang: Type.Optional(SiteFields.lang),
            theme: Type.Optional(SiteFields.theme),
          },
          { additionalProperties: false },
        ),
        response: { 201: NewSiteSchema, 400: ErrorSchema, 403: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request, reply) => {
      requireSiteAdmin(request.actor!);
      const site = await registerSite(ctx, request.body);
      return reply.code(201).send({ ...present(site), ssoSecret: await siteSsoSecret(ctx, site.name) });
    },
  );

  app.get(
    '/sites/:name',
    {
      schema: {
        ...common,
        summary: 'One site (admins only)',
        params: NameParams,
        response: { 200: SiteSchema, 403: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request) => {
      requireSiteAdmin(request.actor!);
      return present(await requireSite(ctx, request.params.name));
    },
  );

  app.patch(
    '/sites/:name',
    {
      schema: {
        ...common,
        summary: "Change some of a site's settings (admins only); new origins bring in their imported threads",
        params: NameParams,
        body: Type.Partial(Type.Object(SiteFields, { additionalProperties: false }), { additionalProperties: false, minProperties: 1 }),
        response: { 200: SiteSchema, 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request) => {
      requireSiteAdmin(request.actor!);
      return present(await updateSite(ctx, request.params.name, request.body));
    },
  );

  app.delete(
    '/sites/:name',
    {
      schema: {
        ...common,
        summary: 'Forget a site (admins only); its threads and comments stay',
        params: NameParams,
        response: { 204: Type.Null(), 403: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      requireSiteAdmin(request.actor!);
      await removeSite(ctx, request.params.name);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/sites/:name/secret',
    {
      schema: {
        ...common,
        summary: "Rotate a site's SSO secret (admins only): tokens signed with the old one are refused; the new one is shown this once",
        params: NameParams,
        response: { 200: Type.Object({ name: Type.String(), ssoSecret: Type.String() }), 403: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request) => {
      requireSiteAdmin(request.actor!);
      return { name: request.params.name, ssoSecret: await rotateSiteSecret(ctx, request.params.name) };
    },
  );
}
