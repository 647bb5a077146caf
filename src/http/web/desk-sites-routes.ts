// The admin's sites page in the desk (issue 15): GET/POST /desk/sites, GET/POST /desk/sites/:name,
// POST /desk/sites/:name/secret and /remove. The same domain calls as the admin API and the CLI,
// so the same checks and messages; a refused save shows the form again with the message at the field.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DomainContext } from '../../domain/context.ts';
import type { SiteInput } from '../../domain/records.ts';
import { listSites, registerSite, removeSite, requireSite, rotateSiteSecret, siteSsoSecret, updateSite } from '../../domain/sites/sites.ts';
import type { SafeHtml } from '../../render/html.ts';
import { csrfTokenOf } from '../plugins/csrf.ts';
import { toAppError } from '../plugins/errors.ts';
import { formToken, requirePagePermission, sameOriginForm } from '../plugins/form-guard.ts';
import { renderDeskSite, renderDeskSites, type SiteFormError, type SiteFormValues } from './pages/desk-sites.ts';

type Form = Record<string, string | undefined>;

const FORM_FIELDS = ['csrf', 'name', 'title', 'origins', 'guestPolicy', 'defaultPolicy', 'lang', 'accent', 'font', 'radius'];
const FORM_BODY = {
  type: 'object',
  properties: Object.fromEntries(FORM_FIELDS.map((k) => [k, { type: 'string', maxLength: k === 'origins' ? 6200 : 300 }])),
  additionalProperties: false,
} as const;
const CSRF_BODY = { type: 'object', properties: { csrf: { type: 'string', maxLength: 200 } }, additionalProperties: false } as const;
const NAME_PARAMS = { type: 'object', properties: { name: { type: 'string', maxLength: 40 } }, required: ['name'] } as const;
const LIST_QUERY = { type: 'object', properties: { removed: { type: 'string', maxLength: 40 } }, additionalProperties: false } as const;
const SITE_QUERY = { type: 'object', properties: { saved: { type: 'string', maxLength: 10 } }, additionalProperties: false } as const;

export interface DeskSitesRouteDeps {
  ctx: DomainContext;
  publicUrl: string | null;
  send(request: FastifyRequest, reply: FastifyReply, title: string, main: SafeHtml, status?: number): Promise<unknown>;
}

function valuesOfForm(form: Form): SiteFormValues {
  const text = (name: string) => (form[name] ?? '').replace(/\r\n?/g, '\n');
  return {
    name: text('name').trim(),
    title: text('title'),
    origins: text('origins'),
    guestPolicy: text('guestPolicy') || 'guests',
    defaultPolicy: text('defaultPolicy'),
    lang: text('lang').trim(),
    accent: text('accent').trim(),
    font: text('font'),
    radius: text('radius').trim(),
  };
}

/** The form as the domain's input; empty fields mean "none" (the default). */
function inputOf(v: SiteFormValues): SiteInput {
  return {
    name: v.name,
    title: v.title,
    origins: v.origins
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean),
    guestPolicy: v.guestPolicy as SiteInput['guestPolicy'],
    defaultPolicy: (v.defaultPolicy || null) as SiteInput['defaultPolicy'],
    lang: v.lang || null,
    theme: { accent: v.accent || null, font: v.font || null, radius: v.radius || null },
  };
}

/** The form field a domain error names: origins[2] → origins, theme.accent → accent. */
function formErrorOf(caught: unknown): SiteFormError | null {
  const error = toAppError(caught as Error);
  if (error.code !== 'VALIDATION_FAILED' && error.code !== 'SITE_EXISTS') return null;
  const field = error.field?.replace(/\[\d+\]$/, '').replace(/^theme\./, '');
  return { message: error.message, field };
}

export function registerDeskSitesRoutes(app: FastifyInstance, { ctx, publicUrl, send }: DeskSitesRouteDeps): void {
  const admins = requirePagePermission(ctx, 'settings.change', 'only administrators register the sites that embed the discussion');
  const page = { preValidation: [admins] };
  const form = { preValidation: [sameOriginForm(publicUrl), formToken(), admins] };

  app.get<{ Querystring: { removed?: string } }>('/desk/sites', { ...page, schema: { querystring: LIST_QUERY } }, async (request, reply) =>
    send(
      request,
      reply,
      'Sites',
      renderDeskSites({ sites: await listSites(ctx), csrfToken: csrfTokenOf(request), removed: request.query.removed ?? null }),
    ),
  );

  app.post<{ Body: Form }>('/desk/sites', { ...form, schema: { body: FORM_BODY } }, async (request, reply) => {
    const values = valuesOfForm(request.body);
    try {
      const site = await registerSite(ctx, inputOf(values));
      // Answered with the page itself (not a redirect): the secret is shown this once.
      const created = { name: site.name, secret: await siteSsoSecret(ctx, site.name) };
      return send(request, reply, 'Sites', renderDeskSites({ sites: await listSites(ctx), csrfToken: csrfTokenOf(request), created }));
    } catch (caught) {
      const error = formErrorOf(caught);
      if (!error) throw caught;
      const main = renderDeskSites({ sites: await listSites(ctx), csrfToken: csrfTokenOf(request), values, error });
      return send(request, reply, 'Sites', main, toAppError(caught as Error).status);
    }
  });

  app.get<{ Params: { name: string }; Querystring: { saved?: string } }>(
    '/desk/sites/:name',
    { ...page, schema: { params: NAME_PARAMS, querystring: SITE_QUERY } },
    async (request, reply) => {
      const site = await requireSite(ctx, request.params.name);
      return send(
        request,
        reply,
        `Site ${site.name}`,
        renderDeskSite({ site, csrfToken: csrfTokenOf(request), saved: request.query.saved === '1' }),
      );
    },
  );

  app.post<{ Params: { name: string }; Body: Form }>(
    '/desk/sites/:name',
    { ...form, schema: { params: NAME_PARAMS, body: FORM_BODY } },
    async (request, reply) => {
      const site = await requireSite(ctx, request.params.name);
      const values = { ...valuesOfForm(request.body), name: site.name };
      try {
        const { name: _name, ...patch } = inputOf(values);
        await updateSite(ctx, site.name, patch);
        return reply.redirect(`/desk/sites/${site.name}?saved=1`, 303);
      } catch (caught) {
        const error = formErrorOf(caught);
        if (!error) throw caught;
        const main = renderDeskSite({ site, csrfToken: csrfTokenOf(request), values, error });
        return send(request, reply, `Site ${site.name}`, main, toAppError(caught as Error).status);
      }
    },
  );

  app.post<{ Params: { name: string } }>(
    '/desk/sites/:name/secret',
    { ...form, schema: { params: NAME_PARAMS, body: CSRF_BODY } },
    async (request, reply) => {
      const secret = await rotateSiteSecret(ctx, request.params.name);
      const site = await requireSite(ctx, request.params.name);
      return send(request, reply, `Site ${site.name}`, renderDeskSite({ site, csrfToken: csrfTokenOf(request), secret }));
    },
  );

  app.post<{ Params: { name: string } }>(
    '/desk/sites/:name/remove',
    { ...form, schema: { params: NAME_PARAMS, body: CSRF_BODY } },
    async (request, reply) => {
      await removeSite(ctx, request.params.name);
      return reply.redirect(`/desk/sites?removed=${encodeURIComponent(request.params.name)}`, 303);
    },
  );
}
