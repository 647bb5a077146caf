// The editor's JSON helpers for its script (desk-writing.js): POST /desk/preview renders the
// writer's text as the article page would. Staff only, same-origin JSON only (a page on another
// site can neither send JSON here nor read the answer), size-limited like a save. Errors are JSON
// with the field named, as in the API, since a script, not a person, reads them.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DomainContext } from '../../domain/context.ts';
import { PREVIEW_LIMITS, previewArticle, type PreviewInput } from '../../domain/posts/preview.ts';
import { AppError } from '../../errors.ts';
import { toAppError } from '../plugins/errors.ts';
import { signedInUser } from '../plugins/session.ts';
import { requireJsonWrite } from '../plugins/write-guard.ts';
import { renderArticlePreview } from './pages/desk-editor-preview.ts';

export interface DeskEditorRouteDeps {
  ctx: DomainContext;
  publicUrl: string | null;
}

const PREVIEW_BODY = {
  type: 'object',
  properties: {
    title: { type: 'string', maxLength: PREVIEW_LIMITS.title },
    excerpt: { type: 'string', maxLength: PREVIEW_LIMITS.excerpt },
    bodyMarkdown: { type: 'string', maxLength: PREVIEW_LIMITS.bodyMarkdown },
  },
  required: ['title', 'excerpt', 'bodyMarkdown'],
  additionalProperties: false,
} as const;

/** 200,000 characters of Markdown, up to 4 bytes each once JSON-encoded, and the title and standfirst. */
const PREVIEW_BODY_LIMIT = 1024 * 1024;

/** This route's errors as the API's JSON error body (the app's handler answers pages with HTML). */
function jsonErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const appError = toAppError(error, { bodyLimit: PREVIEW_BODY_LIMIT });
  if (appError.status >= 500) request.log.error({ err: error }, 'preview failed');
  const field = appError.field ? { field: appError.field } : {};
  return reply
    .status(appError.status)
    .header('cache-control', 'private, no-store')
    .send({ error: { code: appError.code, message: appError.message, ...field } });
}

export function registerDeskEditorRoutes(app: FastifyInstance, { ctx, publicUrl }: DeskEditorRouteDeps): void {
  app.post<{ Body: PreviewInput }>(
    '/desk/preview',
    {
      bodyLimit: PREVIEW_BODY_LIMIT,
      schema: { body: PREVIEW_BODY },
      errorHandler: jsonErrors,
      preValidation: [
        async (request) => {
          if (!(await signedInUser(ctx, request))) throw new AppError('UNAUTHENTICATED', 'sign in to the desk first', 'session');
          requireJsonWrite(request, publicUrl);
        },
      ],
    },
    async (request, reply) => {
      const user = (await signedInUser(ctx, request))!;
      const preview = await previewArticle(ctx, { id: user.id, role: user.role }, request.body);
      return reply
        .header('cache-control', 'private, no-store')
        .send({ html: renderArticlePreview(preview).value, problems: preview.problems });
    },
  );
}
