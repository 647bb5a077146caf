// POST /api/v1/comment-preview: the comment form's "Preview". Renders and stores nothing, but
// rendering costs CPU, so it is same-origin JSON like the other comment writes and limited per
// address.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { previewComment } from '../../domain/comments/preview.ts';
import type { RateLimiter } from '../../limits/limiter.ts';
import { RATE_RULES } from '../../limits/rules.ts';
import { requireJsonWrite } from '../plugins/write-guard.ts';
import { enforceRateLimit } from '../plugins/rate-limit.ts';
import { ErrorSchema } from './presenters.ts';

export function registerCommentPreviewApi(root: FastifyInstance, deps: { publicUrl: string | null; limiter: RateLimiter }): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  app.post(
    '/comment-preview',
    {
      preValidation: async (request) => requireJsonWrite(request, deps.publicUrl),
      schema: {
        tags: ['discussion'],
        summary: 'Render comment text as it would be published (the same Markdown subset and sanitising); nothing is stored',
        // Longer than a comment may be, so an over-long text gets the renderer's own message with its length.
        body: Type.Object({ body: Type.String({ maxLength: 20_000 }) }, { additionalProperties: false }),
        response: {
          200: Type.Object({ html: Type.String({ description: 'sanitised HTML, as a posted comment would show it' }) }),
          400: ErrorSchema,
          403: ErrorSchema,
          415: ErrorSchema,
          429: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      await enforceRateLimit(deps.limiter, RATE_RULES.commentPreviewPerIp, request.ip, reply);
      return previewComment(request.body.body);
    },
  );
}
