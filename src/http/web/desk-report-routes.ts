// Readers' error reports and correction notes in the desk (registered by registerDeskRoutes).
// Editors and admins only, as the policy says ('errorReports.handle', 'post.correct'): a report
// or a note speaks for the publication, so authors see their articles' notes in the editor but
// neither handle reports nor add notes. Thin: the domain checks every field and closes a report
// once; a refusal shows the page again with the message at the field and the text kept.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../domain/policy.ts';
import { mailSites } from '../../domain/mail-site.ts';
import { addCorrection, correctionsOf, removeCorrection, type CorrectionInput } from '../../domain/posts/corrections.ts';
import { postForDesk } from '../../domain/posts/desk.ts';
import { answerErrorReport, correctFromErrorReport, dismissErrorReport, listErrorReports } from '../../domain/posts/error-reports.ts';
import { effectiveStatus } from '../../domain/posts/visibility.ts';
import type { AppError } from '../../errors.ts';
import { csrfTokenOf } from '../plugins/csrf.ts';
import { toAppError } from '../plugins/errors.ts';
import { deskGuards, type DeskPageDeps } from './desk-revision-routes.ts';
import { renderDeskCorrections, renderDeskReports, type ReportDone, type ReportFailure } from './pages/desk-reports.ts';

export interface DeskReportRouteDeps extends DeskPageDeps {
  siteTitle: string;
}

const Id = { type: 'string', maxLength: 64 } as const;
const Text = { type: 'string', maxLength: 10_000 } as const;
const Csrf = { type: 'string', maxLength: 200 } as const;
const ID_PARAMS = { type: 'object', properties: { id: Id }, required: ['id'] } as const;
const NOTE_PARAMS = { type: 'object', properties: { id: Id, cid: Id }, required: ['id', 'cid'] } as const;
const LIST_QUERY = {
  type: 'object',
  properties: { post: Id, done: { type: 'string', enum: ['answered', 'dismissed', 'corrected'] } },
  additionalProperties: false,
} as const;
// Text limits are the domain's to check, so its message names the field; the schema only bounds size.
const REPORT_BODY = {
  type: 'object',
  properties: { csrf: Csrf, post: Id, note: Text, text: Text, kind: { type: 'string', maxLength: 20 } },
  additionalProperties: false,
} as const;
const CORRECTION_BODY = {
  type: 'object',
  properties: { csrf: Csrf, text: Text, kind: { type: 'string', maxLength: 20 } },
  additionalProperties: false,
} as const;
const CSRF_BODY = { type: 'object', properties: { csrf: Csrf }, additionalProperties: false } as const;

type ReportBody = { post?: string; note?: string; text?: string; kind?: string };
const FORM_FIELDS = new Set(['note', 'text', 'kind']);

/** Refusals of the input (or of a report closed meanwhile) go back to the page; the rest to the error page. */
const shownOnPage = (error: AppError) => error.status < 500 && error.code !== 'ROLE_NOT_ALLOWED' && error.code !== 'NOT_FOUND';

export function registerDeskReportRoutes(app: FastifyInstance, deps: DeskReportRouteDeps): void {
  const { ctx, send } = deps;
  const mailSite = mailSites(ctx, { title: deps.siteTitle, publicUrl: deps.publicUrl });
  const reports = deskGuards(deps, 'errorReports.handle', "readers' error reports are handled by editors and administrators");
  const notes = deskGuards(deps, 'post.correct', 'only editors and administrators add or remove correction notes');

  async function reportsPage(
    request: FastifyRequest,
    reply: FastifyReply,
    actor: Actor,
    postId: string | undefined,
    extra: { done?: ReportDone; failure?: ReportFailure; status?: number },
  ) {
    const post = postId ? await postForDesk(ctx, actor, postId) : null;
    const list = await listErrorReports(ctx, actor, { status: 'open', postId });
    const main = renderDeskReports({
      reports: list,
      post: post ? { id: post.id, title: post.title } : null,
      csrfToken: csrfTokenOf(request),
      done: extra.done ?? null,
      failure: extra.failure ?? null,
    });
    return send(request, reply, "Readers' error reports", main, extra.status ?? 200);
  }

  app.get<{ Querystring: { post?: string; done?: ReportDone } }>(
    '/desk/reports',
    { ...reports.page, schema: { querystring: LIST_QUERY } },
    async (request, reply) => reportsPage(request, reply, await reports.actorOf(request), request.query.post, { done: request.query.done }),
  );

  const reportAction = (
    what: 'answer' | 'dismiss' | 'correction',
    done: ReportDone,
    act: (actor: Actor, id: string, body: ReportBody) => Promise<unknown>,
  ) =>
    app.post<{ Params: { id: string }; Body: ReportBody }>(
      `/desk/reports/:id/${what}`,
      { ...reports.form, schema: { params: ID_PARAMS, body: REPORT_BODY } },
      async (request, reply) => {
        const actor = await reports.actorOf(request);
        const { id } = request.params;
        const body = request.body;
        try {
          await act(actor, id, body);
        } catch (caught) {
          const error = toAppError(caught as Error);
          if (!shownOnPage(error)) throw caught;
          const field = error.field && FORM_FIELDS.has(error.field) ? error.field : undefined;
          const failure: ReportFailure = {
            reportId: id,
            message: error.message,
            field,
            values: { note: body.note, text: body.text, kind: body.kind },
          };
          return reportsPage(request, reply, actor, body.post, { failure, status: error.status });
        }
        const filter = body.post ? `&post=${encodeURIComponent(body.post)}` : '';
        return reply.redirect(`/desk/reports?done=${done}${filter}`, 303);
      },
    );

  reportAction('answer', 'answered', (actor, id, body) => answerErrorReport(ctx, mailSite.require, actor, id, body.note ?? ''));
  reportAction('dismiss', 'dismissed', (actor, id) => dismissErrorReport(ctx, actor, id));
  reportAction('correction', 'corrected', (actor, id, body) =>
    correctFromErrorReport(ctx, actor, id, { text: body.text ?? '', kind: (body.kind ?? 'correction') as CorrectionInput['kind'] }),
  );

  async function correctionsPage(
    request: FastifyRequest,
    reply: FastifyReply,
    actor: Actor,
    postId: string,
    failure?: { error: AppError; values: { kind: string; text: string } },
  ) {
    const post = await postForDesk(ctx, actor, postId);
    const published = effectiveStatus(post, ctx.clock.now()) === 'published';
    const field = failure?.error.field && FORM_FIELDS.has(failure.error.field) ? failure.error.field : undefined;
    const main = renderDeskCorrections({
      postId: post.id,
      title: post.title,
      corrections: post.type === 'post' ? await correctionsOf(ctx, post.id) : [],
      mayAdd: post.type === 'post' && published,
      mayRemove: true,
      published,
      csrfToken: csrfTokenOf(request),
      error: failure ? { message: failure.error.message, field } : null,
      values: failure?.values,
    });
    return send(request, reply, 'Corrections and updates', main, failure?.error.status ?? 200);
  }

  app.get<{ Params: { id: string } }>(
    '/desk/posts/:id/corrections',
    { ...notes.page, schema: { params: ID_PARAMS } },
    async (request, reply) => correctionsPage(request, reply, await notes.actorOf(request), request.params.id),
  );

  app.post<{ Params: { id: string }; Body: { kind?: string; text?: string } }>(
    '/desk/posts/:id/corrections',
    { ...notes.form, schema: { params: ID_PARAMS, body: CORRECTION_BODY } },
    async (request, reply) => {
      const actor = await notes.actorOf(request);
      const { id } = request.params;
      const values = { kind: request.body.kind ?? 'correction', text: request.body.text ?? '' };
      try {
        // The editor's check first, so an author's post they may not open is not found rather than named.
        await postForDesk(ctx, actor, id);
        await addCorrection(ctx, actor, id, { kind: values.kind as CorrectionInput['kind'], text: values.text });
      } catch (caught) {
        const error = toAppError(caught as Error);
        if (!shownOnPage(error)) throw caught;
        return correctionsPage(request, reply, actor, id, { error, values });
      }
      return reply.redirect(`/desk/posts/${encodeURIComponent(id)}/edit?correction=added`, 303);
    },
  );

  app.post<{ Params: { id: string; cid: string } }>(
    '/desk/posts/:id/corrections/:cid/remove',
    { ...notes.form, schema: { params: NOTE_PARAMS, body: CSRF_BODY } },
    async (request, reply) => {
      await removeCorrection(ctx, await notes.actorOf(request), request.params.id, request.params.cid);
      return reply.redirect(`/desk/posts/${encodeURIComponent(request.params.id)}/edit?correction=removed`, 303);
    },
  );
}
