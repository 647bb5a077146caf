// The desk's home page arrangement (GET/POST /desk/front-page), editors and admins only. The
// domain (arrangeHome) checks every choice; its field names (featured[2], counting only the
// filled slots) are mapped back to the select on screen.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DomainContext } from '../../domain/context.ts';
import { arrangeHome, homeChoices, MAX_FEATURED, type HomeArrangement } from '../../domain/posts/home.ts';
import type { SafeHtml } from '../../render/html.ts';
import { csrfTokenOf } from '../plugins/csrf.ts';
import { toAppError } from '../plugins/errors.ts';
import { formToken, requirePagePermission, sameOriginForm } from '../plugins/form-guard.ts';
import { signedInUser } from '../plugins/session.ts';
import { renderDeskFrontPage } from './pages/desk-front-page.ts';

type Form = Record<string, string | undefined>;
const SLOTS = Array.from({ length: MAX_FEATURED }, (_, i) => `featured-${i + 1}`);
const FORM_BODY = {
  type: 'object',
  properties: Object.fromEntries(['csrf', 'lead', ...SLOTS].map((k) => [k, { type: 'string', maxLength: 64 }])),
  additionalProperties: false,
} as const;
const SAVED_QUERY = { type: 'object', properties: { saved: { type: 'string', maxLength: 10 } }, additionalProperties: false } as const;

export interface FrontPageRouteDeps {
  ctx: DomainContext;
  publicUrl: string | null;
  send(request: FastifyRequest, reply: FastifyReply, title: string, main: SafeHtml, status?: number): Promise<unknown>;
}

export function registerDeskFrontPageRoutes(app: FastifyInstance, { ctx, publicUrl, send }: FrontPageRouteDeps): void {
  const editors = requirePagePermission(ctx, 'home.arrange', 'only editors and administrators arrange the home page');
  const actorOf = async (request: FastifyRequest) => (await signedInUser(ctx, request))!;

  app.get<{ Querystring: { saved?: string } }>(
    '/desk/front-page',
    { preValidation: [editors], schema: { querystring: SAVED_QUERY } },
    async (request, reply) => {
      const { arrangement, candidates } = await homeChoices(ctx, await actorOf(request));
      const main = renderDeskFrontPage({ arrangement, candidates, csrfToken: csrfTokenOf(request), saved: request.query.saved === '1' });
      return send(request, reply, 'Home page', main);
    },
  );

  app.post<{ Body: Form }>(
    '/desk/front-page',
    { preValidation: [sameOriginForm(publicUrl), formToken(), editors], schema: { body: FORM_BODY } },
    async (request, reply) => {
      const actor = await actorOf(request);
      // Empty slots are skipped: "Featured 1, 3" means two stories, in that order.
      const filled = SLOTS.filter((name) => request.body[name]);
      const wanted: HomeArrangement = { lead: request.body.lead || null, featured: filled.map((name) => request.body[name]!) };
      try {
        await arrangeHome(ctx, actor, wanted);
        return reply.redirect('/desk/front-page?saved=1', 303);
      } catch (caught) {
        const error = toAppError(caught as Error);
        if (error.status >= 500 || error.code === 'ROLE_NOT_ALLOWED') throw caught;
        const index = /^featured\[(\d+)\]$/.exec(error.field ?? '');
        const field = index ? filled[Number(index[1])] : error.field === 'lead' ? 'lead' : undefined;
        const { candidates } = await homeChoices(ctx, actor);
        const main = renderDeskFrontPage({
          arrangement: { lead: wanted.lead, featured: SLOTS.map((name) => request.body[name] ?? '') },
          candidates,
          csrfToken: csrfTokenOf(request),
          saved: false,
          error: { message: error.message, field },
        });
        return send(request, reply, 'Home page', main, error.status);
      }
    },
  );
}
