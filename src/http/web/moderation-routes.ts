// The moderation desk as pages: GET /admin/moderation (queues) and /admin/moderation/log, and a
// plain form post for every action, so the desk works without JavaScript. Moderators and admins
// only; the signed-out are sent to sign in first. A failed action shows the desk again with the
// error; a successful one goes back to where the moderator was.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import type { DomainContext } from '../../domain/context.ts';
import type { Actor } from '../../domain/policy.ts';
import {
  BULK_ACTIONS,
  bulkModerate,
  COMMENT_ACTIONS,
  moderateComment,
  type BulkAction,
  type CommentAction,
} from '../../domain/moderation/actions.ts';
import { moderationQueue, QUEUES, type QueueName, type QueuePage } from '../../domain/moderation/queue.ts';
import { banAuthor, liftBan } from '../../domain/moderation/sanctions.ts';
import { closeThread, openThread, setThreadPolicy } from '../../domain/moderation/thread-actions.ts';
import { auditLog, type LogQuery } from '../../domain/moderation/audit-log.ts';
import { queueCounts } from '../../domain/moderation/queue-counts.ts';
import { html, type SafeHtml } from '../../render/html.ts';
import { csrfTokenOf } from '../plugins/csrf.ts';
import { toAppError } from '../plugins/errors.ts';
import { formToken, requirePagePermission, sameOriginForm } from '../plugins/form-guard.ts';
import { requireSignedIn } from '../plugins/session.ts';
import { assetUrl } from './assets.ts';
import { sendPersonalPage, type SiteDeps } from './personal-site.ts';
import { renderDesk, type DeskFilters } from './pages/moderation.ts';
import { renderLog } from './pages/moderation-log.ts';
import { renderFigures } from './pages/moderation-figures.ts';
import { evaluateRecentDecisions } from '../../domain/moderation/evaluation.ts';

export interface ModerationRouteDeps extends SiteDeps {
  ctx: DomainContext;
}

type Form = Record<string, string | string[] | undefined>;
const FORM_BODY = {
  type: 'object',
  properties: { ids: { type: 'array', items: { type: 'string', maxLength: 64 }, maxItems: 200 } },
  additionalProperties: { type: 'string', maxLength: 2000 },
} as const;
const text = (value: string | string[] | undefined) => (typeof value === 'string' ? value : undefined);
const DESK_QUERY = {
  type: 'object',
  properties: Object.fromEntries(
    ['status', 'post', 'author', 'reason', 'cursor', 'actor', 'action', 'comment', 'from', 'to'].map((k) => [
      k,
      { type: 'string', maxLength: 400 },
    ]),
  ),
  additionalProperties: false,
} as const;
type Query = Record<string, string | undefined>;

export function registerModerationRoutes(app: FastifyInstance, deps: ModerationRouteDeps): void {
  const { ctx } = deps;
  const head = html`<link rel="stylesheet" href="${assetUrl('moderation.css')}"><script type="module" src="${assetUrl('moderation.js')}"></script>`;

  // Every desk route: the signed-out go to sign in and come back; anyone but staff gets a 403.
  const staffOnly = requirePagePermission(ctx, 'comment.moderate', 'only moderators and administrators can use the moderation desk');
  /** The moderator (the route's staffOnly guard has passed). */
  async function moderator(request: FastifyRequest): Promise<Actor> {
    const user = await requireSignedIn(ctx, request);
    return { id: user.id, role: user.role };
  }

  async function send(request: FastifyRequest, reply: FastifyReply, title: string, path: string, main: SafeHtml, status = 200) {
    return sendPersonalPage(deps, request, reply, { title, path, main, status, head });
  }

  async function desk(request: FastifyRequest, reply: FastifyReply, actor: Actor, query: Query, failure?: AppError) {
    const queue = (QUEUES as readonly string[]).includes(query.status ?? '') ? (query.status as QueueName) : 'pending';
    const filters: DeskFilters = { post: query.post, author: query.author, reason: query.reason };
    let page: QueuePage = { queue, items: [], nextCursor: null };
    let error = failure;
    try {
      page = await moderationQueue(ctx, actor, { status: queue, ...filters, cursor: query.cursor });
    } catch (caught) {
      error ??= toAppError(caught as Error);
      if (error.status >= 500) throw caught;
    }
    const message = error ? `${error.field ? `${error.field}: ` : ''}${error.message}` : null;
    const counts = await queueCounts(ctx, actor);
    return send(
      request,
      reply,
      'Moderation',
      '/admin/moderation',
      renderDesk({ page, filters, cursor: query.cursor, csrfToken: csrfTokenOf(request), error: message, counts }),
      error?.status ?? 200,
    );
  }

  app.get<{ Querystring: Query }>(
    '/admin/moderation',
    { preValidation: [staffOnly], schema: { querystring: DESK_QUERY } },
    async (request, reply) => {
      return desk(request, reply, await moderator(request), request.query);
    },
  );

  app.get<{ Querystring: Query }>(
    '/admin/moderation/log',
    { preValidation: [staffOnly], schema: { querystring: DESK_QUERY } },
    async (request, reply) => {
      const actor = await moderator(request);
      const query: LogQuery = {
        actor: request.query.actor,
        action: request.query.action,
        comment: request.query.comment,
        from: request.query.from,
        to: request.query.to,
        cursor: request.query.cursor,
      };
      try {
        const { entries, nextCursor } = await auditLog(ctx, actor, query);
        // On the unfiltered first page only: a moderator paging back through the log has seen them.
        const unfiltered = !Object.values(query).some(Boolean);
        const figures = unfiltered ? renderFigures(await evaluateRecentDecisions(ctx)) : undefined;
        return send(request, reply, 'Moderation log', '/admin/moderation/log', renderLog(entries, query, nextCursor, null, figures));
      } catch (caught) {
        const error = toAppError(caught as Error);
        if (error.status >= 500) throw caught;
        return send(
          request,
          reply,
          'Moderation log',
          '/admin/moderation/log',
          renderLog([], query, null, `${error.field ? `${error.field}: ` : ''}${error.message}`),
          error.status,
        );
      }
    },
  );

  /** Where to go back to: only the desk itself, never another site or page. */
  function backOf(form: Form): { url: string; query: Query } {
    const raw = text(form.back) ?? '/admin/moderation';
    const parsed = new URL(raw, 'http://desk.invalid');
    if (parsed.origin !== 'http://desk.invalid' || parsed.pathname !== '/admin/moderation') return { url: '/admin/moderation', query: {} };
    return { url: parsed.pathname + parsed.search, query: Object.fromEntries(parsed.searchParams) };
  }

  const formGuards = [sameOriginForm(deps.publicUrl), formToken(), staffOnly];
  /** Every desk form: same origin, CSRF token, a moderator; then the action, then back to the desk (or the desk with the error). */
  function formAction<P>(path: string, act: (actor: Actor, params: P, form: Form) => Promise<unknown>) {
    app.post<{ Params: P; Body: Form }>(path, { preValidation: formGuards, schema: { body: FORM_BODY } }, async (request, reply) => {
      const actor = await moderator(request);
      const back = backOf(request.body);
      try {
        await act(actor, request.params as P, request.body);
      } catch (caught) {
        const error = toAppError(caught as Error);
        // A role refusal is the 403 page; a refusal of this one action (a ban on staff, a deleted comment) shows on the desk.
        if (error.status >= 500 || error.code === 'ROLE_NOT_ALLOWED') throw caught;
        return desk(request, reply, actor, back.query, error);
      }
      return reply.redirect(back.url, 303);
    });
  }

  formAction<{ id: string; action: string }>('/admin/moderation/comments/:id/:action', async (actor, params, form) => {
    if (!(COMMENT_ACTIONS as readonly string[]).includes(params.action))
      throw new AppError('NOT_FOUND', `there is no "${params.action}" action`);
    await moderateComment(ctx, actor, params.id, params.action as CommentAction, text(form.reason));
  });

  formAction<object>('/admin/moderation/bulk', async (actor, _params, form) => {
    const ids = Array.isArray(form.ids) ? form.ids : [];
    const action = text(form.action) ?? '';
    if (!(BULK_ACTIONS as readonly string[]).includes(action))
      throw new AppError('VALIDATION_FAILED', `must be one of ${BULK_ACTIONS.join(', ')}`, 'action');
    if (ids.length === 0) throw new AppError('VALIDATION_FAILED', 'tick at least one comment first', 'ids');
    await bulkModerate(ctx, actor, { action: action as BulkAction, ids, reason: text(form.reason) });
  });

  formAction<object>('/admin/moderation/bans', async (actor, _params, form) => {
    const days = text(form.days)?.trim();
    const kind = text(form.kind) === 'shadow' ? 'shadow' : 'ban';
    if (days && !/^\d{1,4}$/.test(days))
      throw new AppError('VALIDATION_FAILED', 'must be a whole number of days, or empty for a permanent ban', 'days');
    await banAuthor(ctx, actor, {
      commentId: text(form.commentId) || undefined,
      subject: text(form.subject) || undefined,
      kind,
      days: days ? Number(days) : null,
      reason: text(form.reason) ?? '',
    });
  });

  formAction<{ id: string }>('/admin/moderation/bans/:id/lift', (actor, params, form) => liftBan(ctx, actor, params.id, text(form.reason)));
  formAction<{ id: string }>('/admin/moderation/threads/:id/close', (actor, params, form) =>
    closeThread(ctx, actor, params.id, text(form.reason)),
  );
  formAction<{ id: string }>('/admin/moderation/threads/:id/open', (actor, params, form) =>
    openThread(ctx, actor, params.id, text(form.reason)),
  );
  formAction<{ id: string }>('/admin/moderation/threads/:id/policy', (actor, params, form) =>
    setThreadPolicy(ctx, actor, params.id, text(form.policy) || null, text(form.reason)),
  );
}
