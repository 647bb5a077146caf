// Readers' reports from the browser: POST /api/v1/comments/:id/report. JSON only and from this
// site only, like the other comment writes; limited per address.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { DomainContext } from '../../domain/context.ts';
import { MAX_REPORT_NOTE, REPORT_REASONS, reportComment } from '../../domain/moderation/reports.ts';
import type { RateLimiter } from '../../limits/limiter.ts';
import { RATE_RULES } from '../../limits/rules.ts';
import { resolveCommenter } from '../plugins/commenter.ts';
import { requireJsonWrite } from '../plugins/write-guard.ts';
import { enforceRateLimit } from '../plugins/rate-limit.ts';
import { Literals, PublicId } from '../schemas.ts';
import { ErrorSchema } from './presenters.ts';

export interface ReportsApiDeps {
  ctx: DomainContext;
  publicUrl: string | null;
  limiter: RateLimiter;
}

const ReportAnswer = Type.Object({
  commentId: Type.String(),
  reason: Type.String(),
  updated: Type.Boolean({ description: 'true when you had reported this comment before: your report now carries this reason and note' }),
});

export function registerReportsApi(root: FastifyInstance, { ctx, publicUrl, limiter }: ReportsApiDeps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  app.post(
    '/comments/:id/report',
    {
      preValidation: async (request) => requireJsonWrite(request, publicUrl),
      schema: {
        tags: ['discussion'],
        summary:
          'Report a comment to the moderators: once per person (a second report replaces your reason and note), never your own. Enough reports from different people hold it for review. The author is never told who reported.',
        params: Type.Object({ id: PublicId }),
        body: Type.Object(
          {
            reason: Literals(REPORT_REASONS),
            note: Type.Optional(Type.String({ maxLength: MAX_REPORT_NOTE, description: 'what the moderators should know (optional)' })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: ReportAnswer,
          201: ReportAnswer,
          400: ErrorSchema,
          403: ErrorSchema,
          404: ErrorSchema,
          415: ErrorSchema,
          429: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      await enforceRateLimit(limiter, RATE_RULES.reportPerIp, request.ip, reply);
      const commenter = (await resolveCommenter(ctx, request, reply, { createGuest: true }))!;
      const outcome = await reportComment(ctx, commenter, request.params.id, request.body);
      return reply
        .code(outcome.created ? 201 : 200)
        .send({ commentId: request.params.id, reason: request.body.reason, updated: !outcome.created });
    },
  );
}
