// Editing and deleting one's own comment without JavaScript: the Edit link opens the editor in
// place (?edit=ID, drawn in the reader's own render), its form posts here; Delete posts from a
// disclosure that asks first. Both answer with the thread page the reader was on.
import type { FastifyInstance, FastifyRequest, FastifyReply } from 'fastify';
import { AppError } from '../../errors.ts';
import type { DomainContext } from '../../domain/context.ts';
import type { Commenter } from '../../domain/comments/commenter.ts';
import { permalinkFor } from '../../domain/comments/read.ts';
import { deleteComment, editComment } from '../../domain/comments/write.ts';
import { resolveCommenter } from '../plugins/commenter.ts';
import { toAppError } from '../plugins/errors.ts';
import type { PageGuard } from '../plugins/form-guard.ts';
import { PublicId } from '../schemas.ts';
import type { OwnEdit } from '../../render/thread-own.ts';
import { errorText } from '../../render/thread-text.ts';
import { readerLocale } from '../plugins/reader-locale.ts';
import { PLACE_FIELDS, permalinkHref, returnTo, type FormPlace } from './discussion-return.ts';

export interface OwnCommentRouteDeps {
  ctx: DomainContext;
  formGuards: PageGuard[];
  /** The article page for this reader alone, with one comment in the editor. */
  renderEditing: (
    request: FastifyRequest,
    reply: FastifyReply,
    slug: string,
    place: FormPlace,
    editing: OwnEdit,
    reader: Commenter,
    status: number,
  ) => Promise<unknown>;
}

type OwnForm = FormPlace & { body?: string; csrf?: string };
const PARAMS = { type: 'object', properties: { id: PublicId } } as const;
const form = (fields: object) =>
  ({
    type: 'object',
    properties: { ...fields, ...PLACE_FIELDS, csrf: { type: 'string', maxLength: 200 } },
    additionalProperties: false,
  }) as const;

export function registerOwnCommentRoutes(app: FastifyInstance, deps: OwnCommentRouteDeps): void {
  const { ctx } = deps;

  async function author(request: FastifyRequest, reply: FastifyReply): Promise<Commenter> {
    const commenter = await resolveCommenter(ctx, request, reply, { createGuest: false });
    if (!commenter) throw new AppError('NOT_THE_OWNER', 'only its author may change this comment');
    return commenter;
  }

  app.post<{ Params: { id: string }; Body: OwnForm }>(
    '/comments/:id/edit',
    { preValidation: deps.formGuards, schema: { params: PARAMS, body: form({ body: { type: 'string', maxLength: 20000, default: '' } }) } },
    async (request, reply) => {
      const { id } = request.params;
      const commenter = await author(request, reply);
      // Known before the edit: a held comment's permalink answers its author only.
      const permalink = await permalinkFor(ctx, id, commenter);
      try {
        await editComment(ctx, commenter, id, request.body.body ?? '');
      } catch (error) {
        const problem = toAppError(error as Error);
        // An empty text or a closed edit window: the editor again, with the reader's text and why.
        if (problem.code !== 'VALIDATION_FAILED' && problem.code !== 'EDIT_WINDOW_PASSED') throw error;
        const english = problem.field ? `Your comment ${problem.message}` : problem.message;
        const message = errorText(readerLocale(request), problem.code, english);
        const editing = { id, body: request.body.body ?? '', error: message };
        return deps.renderEditing(request, reply, permalink.postSlug, request.body, editing, commenter, problem.status);
      }
      return reply.redirect(
        returnTo(permalink.postSlug, request.body, `edited=${id}`, `comment-${id}`) ?? permalinkHref(permalink, `&edited=${id}`),
        303,
      );
    },
  );

  app.post<{ Params: { id: string }; Body: OwnForm }>(
    '/comments/:id/delete',
    { preValidation: deps.formGuards, schema: { params: PARAMS, body: form({}) } },
    async (request, reply) => {
      const { id } = request.params;
      const commenter = await author(request, reply);
      const permalink = await permalinkFor(ctx, id, commenter);
      await deleteComment(ctx, commenter, id);
      const back = returnTo(permalink.postSlug, request.body, 'deleted=1', 'comments');
      return reply.redirect(back ?? `/articles/${permalink.postSlug}?deleted=1#comments`, 303);
    },
  );
}
