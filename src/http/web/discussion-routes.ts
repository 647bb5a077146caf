// The discussion without JavaScript: the article page renders its thread (one shared cached render,
// whose forms get each reader's CSRF token filled in; a personal uncached one only for readers the
// page shows something of their own), plain form posts for comments and votes, comment permalinks,
// and the rest of long conversations ("N more replies").
import { can } from '../../domain/policy.ts';
import type { Role } from '../../domain/records.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import type { DomainContext } from '../../domain/context.ts';
import * as read from '../../domain/posts/read.ts';
import type { Article } from '../../domain/posts/read.ts';
import { resolveSlug } from '../../domain/posts/slug-history.ts';
import { permalinkFor, replyTarget, threadPage } from '../../domain/comments/read.ts';
import { ownControlsIn, ownEditableText, readerSeesOwnIn, withOwnComment } from '../../domain/comments/ownership.ts';
import { repliesPage } from '../../domain/comments/replies.ts';
import { postComment } from '../../domain/comments/write.ts';
import { vote } from '../../domain/comments/votes.ts';
import type { Commenter } from '../../domain/comments/commenter.ts';
import { MAX_REPORT_NOTE, REPORT_REASONS, reportComment } from '../../domain/moderation/reports.ts';
import { RATE_RULES } from '../../limits/rules.ts';
import { REPLIES_PAGE_SIZE, THREAD_SORTS, type ThreadSort } from '../../domain/comments/types.ts';
import { DEFAULT_DISCUSSION } from '../../domain/comments/settings.ts';
import { resolveCommenter } from '../plugins/commenter.ts';
import { csrfTokenOf } from '../plugins/csrf.ts';
import { formToken, sameOriginForm } from '../plugins/form-guard.ts';
import { toAppError } from '../plugins/errors.ts';
import type { SiteContext } from './layout.ts';
import { renderArticle } from './pages/article.ts';
import { renderRepliesPage } from './pages/replies.ts';
import { FORM_TOKEN_SLOT, renderThread, type ThreadRenderOptions } from '../../render/thread.ts';
import { html } from '../../render/html.ts';
import { errorText } from '../../render/thread-text.ts';
import { discussionMessages } from './discussion-messages.ts';
import { PublicId, Slug } from '../schemas.ts';
import type { RateLimiter } from '../../limits/limiter.ts';
import { enforcePostingLimits, enforceRateLimit } from '../plugins/rate-limit.ts';
import { admitVoter } from '../plugins/voting.ts';
import type { OwnEdit } from '../../render/thread-own.ts';
import { scopeOfThread, type ScopedRender } from './page-cache.ts';
import {
  hasReturnFlag,
  permalinkHref,
  PLACE_FIELDS,
  RETURN_QUERY,
  returnedComment,
  returnNotice,
  returnTo,
  type FormPlace,
  type ReturnFlags,
} from './discussion-return.ts';
import { registerOwnCommentRoutes } from './own-comment-routes.ts';

export interface DiscussionRouteDeps {
  ctx: DomainContext;
  publicUrl: string | null;
  site: (request: FastifyRequest) => Promise<SiteContext>;
  /** Serves through the page cache (see routes.ts). */
  serveCached: (
    request: FastifyRequest,
    reply: FastifyReply,
    key: string,
    /** A render may name the discussion it shows (its scope), so that only that discussion's comments drop it. */
    render: (site: SiteContext) => Promise<string | ScopedRender>,
    formToken?: string | null,
  ) => Promise<unknown>;
  limiter: RateLimiter;
}

const SLUG = Slug;
const ID = PublicId;
const ARTICLE_QUERY = {
  type: 'object',
  properties: {
    sort: { type: 'string', enum: [...THREAD_SORTS], default: 'best' },
    after: { type: 'string', maxLength: 400 },
    replyTo: ID,
    edit: ID,
    ...RETURN_QUERY,
  },
} as const;
const REPORT_FORM = {
  type: 'object',
  required: ['reason'],
  properties: {
    reason: { type: 'string', enum: [...REPORT_REASONS] },
    note: { type: 'string', maxLength: MAX_REPORT_NOTE },
    csrf: { type: 'string', maxLength: 200 },
    ...PLACE_FIELDS,
  },
  additionalProperties: false,
} as const;
/** The no-JS comment form, as the article page and the embed frame (embed-routes.ts) send it. */
export const COMMENT_FORM = {
  type: 'object',
  properties: {
    body: { type: 'string', maxLength: 20000, default: '' },
    name: { type: 'string', maxLength: 200 },
    email: { type: 'string', maxLength: 320 },
    parentId: { anyOf: [ID, { type: 'string', maxLength: 0 }] },
    csrf: { type: 'string', maxLength: 200 },
    ...PLACE_FIELDS,
  },
  additionalProperties: false,
} as const;

interface ArticleQuery extends ReturnFlags {
  sort: ThreadSort;
  after?: string;
  replyTo?: string;
  /** One's own comment to open in the editor (no JavaScript). */
  edit?: string;
}
export interface CommentForm extends FormPlace {
  body: string;
  name?: string;
  email?: string;
  parentId?: string;
  csrf?: string;
}

/** Posts what the no-JS comment form sent, as the commenter the request resolved to. */
export function postFormComment(ctx: DomainContext, request: FastifyRequest, commenter: Commenter, threadId: string, form: CommentForm) {
  return postComment(ctx, commenter, {
    threadId,
    body: form.body,
    parentId: form.parentId || null,
    guest: commenter.kind === 'guest' ? { name: form.name ?? '', email: form.email ?? '' } : undefined,
    ip: request.ip,
    userAgent: request.headers['user-agent'] ?? null,
  });
}

export function articleKey(slug: string, query: ArticleQuery): string {
  const params = new URLSearchParams();
  if (query.sort !== 'best') params.set('sort', query.sort);
  if (query.after) params.set('after', query.after);
  if (query.replyTo) params.set('replyTo', query.replyTo);
  const search = params.toString();
  return `/articles/${slug}${search ? `?${search}` : ''}`;
}

export function registerDiscussionRoutes(app: FastifyInstance, deps: DiscussionRouteDeps): void {
  const { ctx } = deps;
  /** Every form post here: from this site, with this browser's token. */
  const formGuards = [sameOriginForm(deps.publicUrl), formToken()];
  const editWindowSeconds = (ctx.discussion ?? DEFAULT_DISCUSSION).editWindowSeconds;

  /** `reader` (personal renders only) sees their own held, rejected and shadow comments in place. */
  async function renderArticlePage(
    site: SiteContext,
    view: Article,
    query: ArticleQuery,
    options: Pick<ThreadRenderOptions, 'csrfToken' | 'formError'> & { editing?: OwnEdit },
    reader: Commenter | null = null,
  ) {
    const viewer = site.viewer
      ? { name: site.viewer.name, moderates: can('comment.moderate', { id: '', role: site.viewer.role as Role }) }
      : null;
    let page = await threadPage(ctx, view.thread, { sort: query.sort, cursor: query.after ?? null, viewer: reader });
    // The reader's own render: their controls, and the confirmation of what they just did.
    const returned = reader ? await returnedComment(ctx, query, reader) : null;
    if (returned && query.posted) page = withOwnComment(page, returned);
    const notice = reader ? returnNotice(query, returned, site.locale) : null;
    const own = reader ? await ownControlsIn(ctx, view.thread.id, reader) : undefined;
    const editing = options.editing ?? (reader && query.edit ? await ownEditableText(ctx, query.edit, reader) : null);
    const place = { sort: query.sort, after: query.after ?? null };
    const articlePath = `/articles/${view.post.slug}`;
    const replyTo = query.replyTo ? await replyTarget(ctx, view.thread.id, query.replyTo) : null;
    // The error-report form carries the same token (or slot) as the thread's forms.
    return renderArticle(
      site,
      view,
      // The client's words for this language travel beside the thread (none for English).
      html`${renderThread(page, {
        articlePath,
        formAction: `${articlePath}/comments`,
        replyTo,
        editWindowSeconds,
        viewer,
        notice,
        own,
        place,
        locale: site.locale,
        ...options,
        editing,
      })}${discussionMessages(site.locale)}`,
      options.csrfToken,
    );
  }

  app.get<{ Params: { slug: string }; Querystring: ArticleQuery }>(
    '/articles/:slug',
    { schema: { params: { type: 'object', properties: { slug: SLUG } }, querystring: ARTICLE_QUERY } },
    (request, reply) =>
      withOldSlugRedirect(request.params.slug, request.query, reply, async () => {
        const { slug } = request.params;
        // The shared render leaves a slot for the token in its forms, filled per request (empty without a cookie).
        const shared = (formToken: string | null) =>
          deps.serveCached(
            request,
            reply,
            articleKey(slug, request.query),
            async (site) => {
              // Read only when rendering (a miss); its thread scopes the entry, so a comment drops
              // this page and not every article's.
              const view = await read.article(ctx, slug);
              const csrf = { csrfToken: site.viewer?.csrfToken ?? FORM_TOKEN_SLOT };
              return { text: await renderArticlePage(site, view, request.query, csrf), scope: scopeOfThread(view.thread.id) };
            },
            formToken,
          );
        const csrfToken = csrfTokenOf(request);
        if (csrfToken === null) return shared(null);
        // Any cookie at all (even made up) would otherwise skip the cache: only a reader the page
        // shows something of their own (signed in, comments of their own there, a notice after
        // their action) is rendered alone; everyone else gets the cached page with their token.
        const reader = await resolveCommenter(ctx, request, reply, { createGuest: false });
        const notice = reader !== null && (hasReturnFlag(request.query) || request.query.edit !== undefined);
        const view = await read.article(ctx, slug);
        if (!notice && !(await readerSeesOwnIn(ctx, view.thread.id, reader))) return shared(csrfToken);
        const body = await renderArticlePage(await deps.site(request), view, request.query, { csrfToken }, reader);
        return reply.header('cache-control', 'private, no-store').type('text/html; charset=utf-8').send(body);
      }),
  );

  /** A published article renamed since: its old slug answers 301 to the current URL (looked up only when nothing answers at the slug). */
  async function withOldSlugRedirect(slug: string, query: ArticleQuery, reply: FastifyReply, serve: () => Promise<unknown>) {
    try {
      return await serve();
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'NOT_FOUND') throw error;
      const current = await resolveSlug(ctx, slug);
      if (current === null) throw error;
      return reply.redirect(articleKey(current, query), 301);
    }
  }

  const backTo = permalinkHref;

  registerOwnCommentRoutes(app, {
    ctx,
    formGuards,
    renderEditing: async (request, reply, slug, place, editing, reader, status) => {
      const query: ArticleQuery = { sort: place.sort ?? 'best', after: place.after, edit: editing.id };
      const view = await read.article(ctx, slug);
      const body = await renderArticlePage(await deps.site(request), view, query, { csrfToken: csrfTokenOf(request), editing }, reader);
      return reply.code(status).header('cache-control', 'private, no-store').type('text/html; charset=utf-8').send(body);
    },
  });

  app.post<{ Params: { slug: string }; Body: CommentForm }>(
    '/articles/:slug/comments',
    { preValidation: formGuards, schema: { params: { type: 'object', properties: { slug: SLUG } }, body: COMMENT_FORM } },
    async (request, reply) => {
      const { slug } = request.params;
      const form = request.body;
      const view = await read.article(ctx, slug);
      const commenter = (await resolveCommenter(ctx, request, reply, { createGuest: true }))!;
      await enforcePostingLimits(deps.limiter, ctx, request, reply, commenter);
      try {
        const posted = await postFormComment(ctx, request, commenter, view.thread.id, form);
        // Back to the page they were on, at their comment (a held one is shown to them alone, marked as awaiting review).
        const id = posted.comment.id;
        const back = returnTo(slug, form, `posted=${id}`, `comment-${id}`);
        return reply.redirect(back ?? backTo(await permalinkFor(ctx, id, commenter), `&posted=${id}`), 303);
      } catch (error) {
        const problem = toAppError(error as Error);
        // Bad input, a ban or a closed thread (403), slow mode (429): show the form again with the
        // reader's text kept and the message (at its field when there is one).
        if (problem.status !== 400 && problem.status !== 403 && problem.status !== 429) throw error;
        if (problem.retryAfterSeconds !== undefined) reply.header('retry-after', String(problem.retryAfterSeconds));
        const site = await deps.site(request);
        const formError = {
          message: errorText(site.locale, problem.code, problem.message),
          field: problem.field?.replace(/^guest\./, ''),
          values: { body: form.body, name: form.name, email: form.email },
        };
        const query: ArticleQuery = { sort: form.sort ?? 'best', after: form.after, replyTo: form.parentId || undefined };
        const csrfToken = csrfTokenOf(request);
        const body = await renderArticlePage(site, view, query, { csrfToken, formError }, commenter);
        return reply.code(problem.status).header('cache-control', 'private, no-store').type('text/html; charset=utf-8').send(body);
      }
    },
  );

  app.post<{ Params: { id: string }; Body: FormPlace & { value: string; csrf?: string } }>(
    '/comments/:id/vote',
    {
      preValidation: formGuards,
      schema: {
        params: { type: 'object', properties: { id: ID } },
        body: {
          type: 'object',
          required: ['value'],
          properties: { value: { type: 'string', enum: ['1', '-1', '0'] }, csrf: { type: 'string', maxLength: 200 }, ...PLACE_FIELDS },
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const back = async (flag: string) => {
        const permalink = await permalinkFor(ctx, id);
        return returnTo(permalink.postSlug, request.body, flag, `comment-${id}`) ?? backTo(permalink, `&${flag}`);
      };
      let commenter: Commenter;
      try {
        commenter = await admitVoter(ctx, deps.limiter, request, reply);
      } catch (error) {
        // The browser has its cookie now (set on this answer): back to the comment, asked to vote again.
        if (error instanceof AppError && error.code === 'VOTE_NEEDS_COOKIE') return reply.redirect(await back('vote=again'), 303);
        throw error;
      }
      await vote(ctx, commenter, id, Number(request.body.value), { ip: request.ip });
      return reply.redirect(await back('voted=1'), 303);
    },
  );

  app.post<{ Params: { id: string }; Body: FormPlace & { reason: string; note?: string; csrf?: string } }>(
    '/comments/:id/report',
    { preValidation: formGuards, schema: { params: { type: 'object', properties: { id: ID } }, body: REPORT_FORM } },
    async (request, reply) => {
      await enforceRateLimit(deps.limiter, RATE_RULES.reportPerIp, request.ip, reply);
      const commenter = (await resolveCommenter(ctx, request, reply, { createGuest: true }))!;
      // Where to come back to is known only while the comment is public: the report may hold it.
      const permalink = await permalinkFor(ctx, request.params.id);
      const outcome = await reportComment(ctx, commenter, request.params.id, { reason: request.body.reason, note: request.body.note });
      const anchor = outcome.held ? 'comments' : `comment-${permalink.commentId}`;
      const target = returnTo(permalink.postSlug, request.body, 'reported=1', anchor) ?? backTo(permalink, '&reported=1');
      return reply.redirect(outcome.held ? target.replace(/#.*$/, '#comments') : target, 303);
    },
  );

  // "N more replies" without JavaScript: the rest of a long conversation, a page at a time (shared, cached).
  app.get<{ Params: { id: string }; Querystring: { after?: string } }>(
    '/comments/:id/replies',
    {
      schema: {
        params: { type: 'object', properties: { id: ID } },
        querystring: { type: 'object', properties: { after: { type: 'string', maxLength: 400 } } },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const after = request.query.after ?? null;
      const key = `/comments/${id}/replies${after ? `?after=${encodeURIComponent(after)}` : ''}`;
      const render = async (site: SiteContext) => {
        const page = await repliesPage(ctx, id, { cursor: after, limit: REPLIES_PAGE_SIZE });
        return { text: renderRepliesPage(site, page, { after }), scope: scopeOfThread(page.threadId) };
      };
      return deps.serveCached(request, reply, key, render, csrfTokenOf(request));
    },
  );

  app.get<{ Params: { id: string } }>(
    '/comments/:id',
    { schema: { params: { type: 'object', properties: { id: ID } } } },
    async (request, reply) => {
      try {
        // The author's identity or address sees a shadow-banned comment's permalink like any other (no tell).
        const viewer = await resolveCommenter(ctx, request, reply, { createGuest: false });
        return reply.redirect(backTo(await permalinkFor(ctx, request.params.id, viewer, { ip: request.ip })), 302);
      } catch (error) {
        if (error instanceof AppError && error.code === 'NOT_FOUND') throw new AppError('NOT_FOUND', 'this comment is no longer available');
        throw error;
      }
    },
  );
}
