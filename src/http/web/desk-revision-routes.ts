// The desk's revision pages (registered by registerDeskRoutes, behind its guards): a post's
// revisions, the word diff between any two, one revision's text, Restore (a POST: a new version
// and a new revision, then back to the editor), and "Take theirs" after an edit conflict (the
// writer's own text kept as a revision beside the other's). The conflict page itself is drawn by
// save() in desk-routes.ts through conflictPage() below.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DomainContext } from '../../domain/context.ts';
import type { Actor } from '../../domain/policy.ts';
import { postForDesk } from '../../domain/posts/desk.ts';
import { keepTextBeside } from '../../domain/posts/keep-beside.ts';
import { restoreRevision } from '../../domain/posts/restore.ts';
import {
  diffRevisions,
  diffTexts,
  listPostRevisions,
  loadRevision,
  mayChangeWhatReadersSee,
  type EditConflict,
} from '../../domain/posts/revisions.ts';
import { AppError } from '../../errors.ts';
import type { SafeHtml } from '../../render/html.ts';
import { csrfTokenOf } from '../plugins/csrf.ts';
import { toAppError } from '../plugins/errors.ts';
import { formToken, requirePagePermission, sameOriginForm, type RoleAction } from '../plugins/form-guard.ts';
import { signedInUser } from '../plugins/session.ts';
import {
  renderEditConflict,
  renderRevisionDiff,
  renderRevisionList,
  renderRevisionText,
  type RevisionPost,
} from './pages/desk-revisions.ts';

/** What registerDeskRoutes hands to the desk's other route files: the domain, the site's address, its page sender. */
export interface DeskPageDeps {
  ctx: DomainContext;
  publicUrl: string | null;
  send(request: FastifyRequest, reply: FastifyReply, title: string, main: SafeHtml, status?: number): Promise<unknown>;
}

/** The desk's guards, as in desk-routes.ts: `page` for reading, `form` for same-origin posts with the CSRF token. */
export function deskGuards(deps: DeskPageDeps, action: RoleAction, refusal: string) {
  const allowed = requirePagePermission(deps.ctx, action, refusal);
  return {
    page: { preValidation: [allowed] },
    form: { preValidation: [sameOriginForm(deps.publicUrl), formToken(), allowed] },
    /** The guards let only permitted, signed-in people through, so the user is there (memoised per request). */
    actorOf: async (request: FastifyRequest): Promise<Actor> => {
      const user = (await signedInUser(deps.ctx, request))!;
      return { id: user.id, role: user.role };
    },
  };
}

const Id = { type: 'string', maxLength: 64 } as const;
const POST_PARAMS = { type: 'object', properties: { id: Id }, required: ['id'] } as const;
const REVISION_PARAMS = { type: 'object', properties: { id: Id, revisionId: Id }, required: ['id', 'revisionId'] } as const;
const PAGE_QUERY = { type: 'object', properties: { page: { type: 'string', maxLength: 6 } }, additionalProperties: false } as const;
const DIFF_QUERY = { type: 'object', properties: { from: Id, to: Id }, additionalProperties: false } as const;
const RESTORE_BODY = {
  type: 'object',
  properties: { csrf: { type: 'string', maxLength: 200 }, baseVersion: { type: 'string', maxLength: 12 } },
} as const;
const TAKE_THEIRS_BODY = {
  type: 'object',
  properties: Object.fromEntries(['csrf', 'title', 'excerpt', 'body'].map((k) => [k, { type: 'string', maxLength: 210_000 }])),
} as const;

/** The editor's query parameters for what a revision or correction page sent the writer back for. */
export const EDITOR_NOTICE_QUERY = {
  restored: Id,
  kept: { type: 'string', enum: ['mine', 'none'] },
  correction: { type: 'string', enum: ['added', 'removed'] },
} as const;
export type EditorNoticeQuery = { restored?: string; kept?: 'mine' | 'none'; correction?: 'added' | 'removed' };

const DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
});

/** The editor's status line after a restore, "Take theirs" or a correction note; null for none of these. */
export async function editorNotice(ctx: DomainContext, actor: Actor, postId: string, query: EditorNoticeQuery): Promise<string | null> {
  if (query.restored) {
    const revision = await loadRevision(ctx, actor, postId, query.restored).catch(() => null);
    return revision ? `Restored revision from ${DATE.format(new Date(revision.created_at))} UTC (version ${revision.version}).` : null;
  }
  if (query.kept === 'mine') return 'This is their version. Your text is kept in the revisions, beside it.';
  if (query.kept === 'none') return 'This is their version (your text was the same).';
  if (query.correction === 'added') return 'Correction note added: it is on the article now.';
  if (query.correction === 'removed') return 'Correction note removed.';
  return null;
}

/** The conflict page for a refused editor save (status 409): the other change and both ways on. */
export async function conflictPage(
  deps: DeskPageDeps,
  request: FastifyRequest<{ Body: Record<string, string | undefined> }>,
  reply: FastifyReply,
  actor: Actor,
  postId: string,
  error: AppError,
) {
  const conflict = error.details?.conflict as EditConflict;
  const post = await postForDesk(deps.ctx, actor, postId);
  const mine = request.body;
  const theirs = { title: conflict.theirs.title, excerpt: conflict.theirs.excerpt, body_markdown: conflict.theirs.bodyMarkdown };
  const mineText = { title: mine.title ?? '', excerpt: mine.excerpt ?? '', body_markdown: mine.body ?? '' };
  const main = renderEditConflict({
    post: { id: post.id, title: post.title, version: post.version },
    conflict,
    mine,
    mineAgainstTheirs: diffTexts(theirs, mineText),
    csrfToken: csrfTokenOf(request),
  });
  return deps.send(request, reply, 'Edit conflict', main, error.status);
}

const pageNumber = (raw: string | undefined) => {
  if (raw === undefined) return 1;
  const page = /^\d{1,5}$/.test(raw) ? Number(raw) : 0;
  if (page < 1) throw new AppError('VALIDATION_FAILED', 'must be a whole number from 1', 'page');
  return page;
};

export function registerDeskRevisionRoutes(app: FastifyInstance, deps: DeskPageDeps): void {
  const { ctx, send } = deps;
  const { page, form, actorOf: deskActor } = deskGuards(deps, 'desk.use', 'the desk is for authors, editors and administrators');

  async function revisionPost(actor: Actor, id: string): Promise<RevisionPost> {
    const post = await postForDesk(ctx, actor, id);
    return { id: post.id, title: post.title, version: post.version };
  }

  async function listPage(request: FastifyRequest, reply: FastifyReply, actor: Actor, id: string, pageNo: number, error?: AppError) {
    const post = await revisionPost(actor, id);
    const revisions = await listPostRevisions(ctx, actor, id, pageNo);
    const main = renderRevisionList({
      post,
      revisions,
      page: pageNo,
      hasMore: revisions.length === 50,
      error: error
        ? { message: error.field ? `${error.field === 'from' ? 'From' : 'To'}: ${error.message}` : error.message, field: error.field }
        : null,
    });
    return send(request, reply, 'Revisions', main, error?.status ?? 200);
  }

  app.get<{ Params: { id: string }; Querystring: { page?: string } }>(
    '/desk/posts/:id/revisions',
    { ...page, schema: { params: POST_PARAMS, querystring: PAGE_QUERY } },
    async (request, reply) => listPage(request, reply, await deskActor(request), request.params.id, pageNumber(request.query.page)),
  );

  app.get<{ Params: { id: string }; Querystring: { from?: string; to?: string } }>(
    '/desk/posts/:id/revisions/diff',
    { ...page, schema: { params: POST_PARAMS, querystring: DIFF_QUERY } },
    async (request, reply) => {
      const actor = await deskActor(request);
      const { from, to } = request.query;
      const missing = !from ? 'from' : !to ? 'to' : null;
      if (missing) {
        const error = new AppError('VALIDATION_FAILED', `choose the revision to compare ${missing}`, missing);
        return listPage(request, reply, actor, request.params.id, 1, error);
      }
      try {
        const post = await revisionPost(actor, request.params.id);
        const result = await diffRevisions(ctx, actor, request.params.id, from!, to!);
        return send(request, reply, 'Compare revisions', renderRevisionDiff({ post, ...result }));
      } catch (caught) {
        const error = toAppError(caught as Error);
        // An unknown revision id names its field: the list again, with the message there.
        if (error.code === 'NOT_FOUND' && (error.field === 'from' || error.field === 'to'))
          return listPage(request, reply, actor, request.params.id, 1, error);
        throw caught;
      }
    },
  );

  async function textPage(request: FastifyRequest, reply: FastifyReply, actor: Actor, id: string, revisionId: string, error?: AppError) {
    const full = await postForDesk(ctx, actor, id);
    const post = { id: full.id, title: full.title, version: full.version };
    const revision = await loadRevision(ctx, actor, id, revisionId);
    // The revisions list knows which one is the post's text now; this page asks the same question.
    const summaries = await listPostRevisions(ctx, actor, id);
    const summary = summaries.find((r) => r.id === revision.id);
    const main = renderRevisionText({
      post,
      revision,
      author: summary?.author?.name ?? null,
      current: summary?.current ?? false,
      mayRestore: await mayChangeWhatReadersSee(ctx, actor, full),
      csrfToken: csrfTokenOf(request),
      error: error?.message ?? null,
    });
    return send(request, reply, 'Revision', main, error?.status ?? 200);
  }

  app.get<{ Params: { id: string; revisionId: string } }>(
    '/desk/posts/:id/revisions/:revisionId',
    { ...page, schema: { params: REVISION_PARAMS } },
    async (request, reply) => textPage(request, reply, await deskActor(request), request.params.id, request.params.revisionId),
  );

  app.post<{ Params: { id: string; revisionId: string }; Body: { baseVersion?: string } }>(
    '/desk/posts/:id/revisions/:revisionId/restore',
    { ...form, schema: { params: REVISION_PARAMS, body: RESTORE_BODY } },
    async (request, reply) => {
      const actor = await deskActor(request);
      const { id, revisionId } = request.params;
      const raw = request.body.baseVersion ?? '';
      try {
        if (!/^\d{1,9}$/.test(raw))
          throw new AppError('VALIDATION_FAILED', 'the form lacks the version it was opened at; reload the page', 'baseVersion');
        await restoreRevision(ctx, actor, id, { revisionId, baseVersion: Number(raw) });
      } catch (caught) {
        const error = toAppError(caught as Error);
        if (error.code !== 'EDIT_CONFLICT' && error.code !== 'VALIDATION_FAILED') throw caught;
        const refusal =
          error.code === 'EDIT_CONFLICT'
            ? new AppError(
                'EDIT_CONFLICT',
                'Someone saved this post after you opened this page, so nothing was restored. Look at the revisions again, then restore if you still want to.',
              )
            : error;
        return textPage(request, reply, actor, id, revisionId, refusal);
      }
      return reply.redirect(`/desk/posts/${encodeURIComponent(id)}/edit?restored=${encodeURIComponent(revisionId)}`, 303);
    },
  );

  app.post<{ Params: { id: string }; Body: Record<string, string | undefined> }>(
    '/desk/posts/:id/take-theirs',
    { ...form, schema: { params: POST_PARAMS, body: TAKE_THEIRS_BODY } },
    async (request, reply) => {
      const actor = await deskActor(request);
      const { id } = request.params;
      const b = request.body;
      const kept = await keepTextBeside(ctx, actor, id, { title: b.title ?? '', excerpt: b.excerpt ?? '', body_markdown: b.body ?? '' });
      return reply.redirect(`/desk/posts/${encodeURIComponent(id)}/edit?kept=${kept ? 'mine' : 'none'}`, 303);
    },
  );
}
