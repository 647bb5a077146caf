// "Report an error in this article" without JavaScript or an account: the article's form posts
// here (same origin, with the browser's form token like the discussion's forms), rate-limited per
// address, then the reader is thanked on a page of its own (the article itself stays cached).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { DomainContext } from '../../domain/context.ts';
import { MAX_ERROR_REPORT_TEXT, submitErrorReport } from '../../domain/posts/error-reports.ts';
import { RATE_RULES } from '../../limits/rules.ts';
import type { RateLimiter } from '../../limits/limiter.ts';
import { html } from '../../render/html.ts';
import { enforceRateLimit } from '../plugins/rate-limit.ts';
import { formToken, sameOriginForm } from '../plugins/form-guard.ts';
import { Slug } from '../schemas.ts';
import { layout, type SiteContext } from './layout.ts';

export interface ErrorReportRouteDeps {
  ctx: DomainContext;
  publicUrl: string | null;
  limiter: RateLimiter;
  site: (request: FastifyRequest) => Promise<SiteContext>;
}

const PARAMS = { type: 'object', properties: { slug: Slug } } as const;
// Text limits are the domain's to check, so its message names the field; the schema only bounds size.
const FORM = {
  type: 'object',
  required: ['text'],
  properties: {
    text: { type: 'string', maxLength: MAX_ERROR_REPORT_TEXT * 2 },
    email: { type: 'string', maxLength: 320 },
    csrf: { type: 'string', maxLength: 200 },
  },
  additionalProperties: false,
} as const;

export function registerErrorReportRoutes(app: FastifyInstance, deps: ErrorReportRouteDeps): void {
  const { ctx } = deps;

  app.post<{ Params: { slug: string }; Body: { text: string; email?: string; csrf?: string } }>(
    '/articles/:slug/error-reports',
    { preValidation: [sameOriginForm(deps.publicUrl), formToken()], schema: { params: PARAMS, body: FORM } },
    async (request, reply) => {
      await enforceRateLimit(deps.limiter, RATE_RULES.articleErrorReportPerIp, request.ip, reply);
      await submitErrorReport(ctx, request.params.slug, { text: request.body.text, email: request.body.email, ip: request.ip });
      return reply.redirect(`/articles/${request.params.slug}/error-reports/thanks`, 303);
    },
  );

  app.get<{ Params: { slug: string } }>('/articles/:slug/error-reports/thanks', { schema: { params: PARAMS } }, async (request, reply) => {
    const { slug } = request.params;
    const main = html`<article class="article static-page">
      <header class="article-header"><h1>Thank you</h1></header>
      <div class="article-body">
        <p>Your report has reached the editors. If you left your email address, they will write back.</p>
        <p><a href="/articles/${slug}">Back to the article</a></p>
      </div>
    </article>`;
    const page = layout(
      await deps.site(request),
      { title: 'Thank you for your report', path: `/articles/${slug}/error-reports/thanks` },
      main,
    );
    return reply.header('cache-control', 'private, no-store').type('text/html; charset=utf-8').send(page);
  });
}
