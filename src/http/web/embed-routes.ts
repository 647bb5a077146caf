// The embed: /embed.js (the loader host pages include), /embed/thread (the document in its
// iframe: the article page's thread and comments client) and /embed/theme/SITE.css (a site's
// accent, font and radius). A frame is served only to a registered site's own origins, and only
// they may frame it (Content-Security-Policy: frame-ancestors); anyone else gets a few words, a
// 403, frame-ancestors 'none', and nothing is created.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, invalid } from '../../errors.ts';
import { can } from '../../domain/policy.ts';
import type { Role } from '../../domain/records.ts';
import { placeOfCommentIn, replyTarget, threadPage } from '../../domain/comments/read.ts';
import { requireThread } from '../../domain/comments/threads.ts';
import { ownControlsIn, readerSeesOwnIn } from '../../domain/comments/ownership.ts';
import type { Commenter } from '../../domain/comments/commenter.ts';
import { THREAD_SORTS, type ThreadSort } from '../../domain/comments/types.ts';
import { DEFAULT_DISCUSSION } from '../../domain/comments/settings.ts';
import { findSite } from '../../domain/sites/sites.ts';
import { isAllowedOrigin, normaliseOrigin } from '../../domain/sites/origins.ts';
import { MAX_PAGE_ID, MAX_PAGE_TITLE, MAX_PAGE_URL, resolveEmbedThread } from '../../domain/sites/embed-thread.ts';
import type { Site } from '../../domain/sites/types.ts';
import { FORM_TOKEN_SLOT, renderThread, type ThreadRenderOptions } from '../../render/thread.ts';
import { errorText } from '../../render/thread-text.ts';
import { DEFAULT_LOCALE, pickLocale } from '../../i18n/locales.ts';
import { discussionMessages } from './discussion-messages.ts';
import { html, type SafeHtml } from '../../render/html.ts';
import { resolveCommenter } from '../plugins/commenter.ts';
import { csrfTokenOf } from '../plugins/csrf.ts';
import { formToken, sameOriginForm } from '../plugins/form-guard.ts';
import { toAppError } from '../plugins/errors.ts';
import { enforcePostingLimits, enforceRateLimit } from '../plugins/rate-limit.ts';
import { RATE_RULES } from '../../limits/rules.ts';
import { siteUrl } from '../site-url.ts';
import { embedFramePolicy } from '../plugins/security-headers.ts';
import { scopeOfThread } from './page-cache.ts';
import { encodeAll, etagFor, matchesIfNoneMatch, negotiateCoding, varyWithAcceptEncoding, type Encoded } from '../content-coding.ts';
import { PublicId } from '../schemas.ts';
import { embedLoaderBundle } from './embed-bundle.ts';
import { siteThemeCss, themeVersion } from './embed-theme.ts';
import { COMMENT_FORM, postFormComment, type CommentForm, type DiscussionRouteDeps } from './discussion-routes.ts';
import type { SiteContext } from './layout.ts';
import { renderEmbedRefused, renderEmbedThread, type EmbedTheme } from './pages/embed-thread.ts';

export type EmbedRouteDeps = Pick<DiscussionRouteDeps, 'ctx' | 'site' | 'serveCached' | 'publicUrl' | 'limiter'>;

const FRAME_QUERY = {
  type: 'object',
  required: ['site', 'origin'],
  properties: {
    site: { type: 'string', minLength: 1, maxLength: 40, pattern: '^[a-z0-9-]+$' },
    page: { type: 'string', minLength: 1, maxLength: MAX_PAGE_ID },
    url: { type: 'string', maxLength: MAX_PAGE_URL, pattern: '^https?://' },
    title: { type: 'string', maxLength: MAX_PAGE_TITLE },
    // Any value: one we do not ship (or WordPress's en_US, read as en) falls back to the site's
    // language (pickLocale), rather than a refused, empty frame on the host page.
    lang: { type: 'string', maxLength: 200 },
    theme: { type: 'string', enum: ['light', 'dark', 'auto'], default: 'auto' },
    origin: { type: 'string', minLength: 1, maxLength: 300 },
    comment: PublicId,
    // The comments client writes the order and page it shows into the frame's address.
    sort: { type: 'string', enum: [...THREAD_SORTS], default: 'best' },
    after: { type: 'string', maxLength: 400 },
  },
  additionalProperties: false,
} as const;

/**
 * What the frame's no-JS comment form carries in its action, to bring the reader back to the
 * frame: the host (checked against the site again), the theme and the language.
 */
const FORM_RETURN_QUERY = {
  type: 'object',
  required: ['origin'],
  properties: {
    origin: FRAME_QUERY.properties.origin,
    theme: FRAME_QUERY.properties.theme,
    lang: FRAME_QUERY.properties.lang,
  },
  additionalProperties: false,
} as const;

type FormReturn = Pick<FrameQuery, 'origin' | 'theme' | 'lang'>;

interface FrameQuery {
  site: string;
  page?: string;
  url?: string;
  title?: string;
  lang?: string;
  theme: EmbedTheme;
  origin: string;
  comment?: string;
  sort: ThreadSort;
  after?: string;
}

/** A loader URL that hosts hard-code: cached a day, then revalidated by ETag. */
const LOADER_CACHE = 'public, max-age=86400, stale-while-revalidate=604800';

interface Served {
  body: Buffer;
  etag: string;
  encoded?: Promise<Encoded>;
}

function served(body: Buffer): Served {
  return { body, etag: `W/"${createHash('sha1').update(body).digest('base64url').slice(0, 27)}"` };
}

/** A fixed body in the reader's coding, with that coding's ETag (304 on a match). */
async function sendStatic(request: FastifyRequest, reply: FastifyReply, file: Served, type: string, cacheControl: string) {
  file.encoded ??= encodeAll(file.body, 'asset');
  const encoded = await file.encoded;
  const wanted = negotiateCoding(request.headers['accept-encoding']);
  const coding = wanted !== 'identity' && encoded[wanted] ? wanted : 'identity';
  const etag = etagFor(file.etag, coding);
  reply.header('cache-control', cacheControl).header('etag', etag).type(type);
  if (Object.keys(encoded).length > 0) reply.header('vary', varyWithAcceptEncoding(reply.getHeader('vary')));
  if (matchesIfNoneMatch(request.headers['if-none-match'], etag)) return reply.code(304).send();
  if (coding === 'identity') return reply.send(file.body);
  return reply.header('content-encoding', coding).send(encoded[coding]);
}

/**
 * The host page's origin when it may have this site's frame: the `origin` the loader sent is one
 * of the site's, and the Referer (when the browser sends one) comes from that same origin, or
 * from Gazette itself: the frame coming back to itself after its no-JS comment form.
 */
function verifiedHost(site: Site | null, query: FrameQuery, referer: string | undefined, gazette: string): string | null {
  const origin = siteOrigin(site, query.origin);
  if (origin === null || referer === undefined) return origin;
  let from: string;
  try {
    from = new URL(referer).origin;
  } catch {
    return null;
  }
  return from === origin || from === new URL(gazette).origin ? origin : null;
}

/** `origin`, normalised, when it is one of the site's. */
function siteOrigin(site: Site | null, origin: string): string | null {
  const normalised = normaliseOrigin(origin, 'origin');
  return site && isAllowedOrigin(site, normalised) ? normalised : null;
}

function refuse(reply: FastifyReply, message: string) {
  // The route's helmet keeps frame-ancestors 'none'; X-Frame-Options too for older browsers.
  return reply
    .code(403)
    .header('x-frame-options', 'DENY')
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(renderEmbedRefused(message));
}

export function registerEmbedRoutes(app: FastifyInstance, deps: EmbedRouteDeps): void {
  const { ctx } = deps;
  const editWindowSeconds = (ctx.discussion ?? DEFAULT_DISCUSSION).editWindowSeconds;
  let loader: Served | null = null;

  app.get('/embed.js', (request, reply) => {
    loader ??= served(embedLoaderBundle());
    return sendStatic(request, reply, loader, 'text/javascript; charset=utf-8', LOADER_CACHE);
  });

  app.get<{ Params: { site: string } }>(
    '/embed/theme/:site.css',
    { schema: { params: { type: 'object', properties: { site: { type: 'string', maxLength: 40, pattern: '^[a-z0-9-]+$' } } } } },
    async (request, reply) => {
      const site = await findSite(ctx, request.params.site);
      if (!site) throw new AppError('SITE_NOT_FOUND', `no site is registered as "${request.params.site}"`, 'site');
      // The frame links it with ?v=<its hash>: a changed theme is a new URL, so an hour is safe.
      return sendStatic(request, reply, served(Buffer.from(siteThemeCss(site))), 'text/css; charset=utf-8', 'public, max-age=3600');
    },
  );

  async function onFirstPage(threadId: string, sort: ThreadSort, commentId: string): Promise<boolean> {
    const page = await threadPage(ctx, threadId, { sort, cursor: null, viewer: null });
    return [...page.comments, ...(page.featured ?? [])].some((comment) => comment.id === commentId);
  }

  /** The thread as the article page renders it; `reader` only for a render of their own. */
  async function renderFrame(
    site: SiteContext,
    embed: { site: Site; threadId: string; title: string; host: string; query: FrameQuery },
    csrfToken: string | null,
    reader: Commenter | null = null,
    refused: Pick<ThreadRenderOptions, 'formError' | 'replyTo'> = {},
  ): Promise<string> {
    const { query } = embed;
    const viewer = site.viewer
      ? { name: site.viewer.name, moderates: can('comment.moderate', { id: '', role: site.viewer.role as Role }) }
      : null;
    const page = await threadPage(ctx, embed.threadId, { sort: query.sort, cursor: query.after ?? null, viewer: reader });
    const own = reader ? await ownControlsIn(ctx, embed.threadId, reader) : undefined;
    // The no-JS links and forms need a path without a query (the client reads ?sort/&after back).
    const articlePath = `/embed/threads/${embed.threadId}`;
    // The reader's language: data-lang, then the site's setting, then Gazette's own choice (GAZETTE_LANG / Accept-Language).
    const locale = pickLocale(query.lang, embed.site.lang) ?? site.locale ?? DEFAULT_LOCALE;
    // The no-JS form comes back to this frame: its action names the host, theme and language.
    const back = new URLSearchParams({ origin: embed.host, theme: query.theme });
    const lang = pickLocale(query.lang, embed.site.lang);
    if (lang) back.set('lang', lang);
    const discussion: SafeHtml = html`${renderThread(page, {
      articlePath,
      formAction: `${articlePath}/comments?${back}`,
      editWindowSeconds,
      viewer,
      own,
      place: { sort: query.sort, after: query.after ?? null },
      csrfToken,
      locale,
      embedSignIn: `/embed/sign-in?site=${encodeURIComponent(embed.site.name)}`,
      ...refused,
    })}${discussionMessages(locale)}`;
    const css = siteThemeCss(embed.site);
    return renderEmbedThread(
      {
        title: embed.title,
        hostOrigin: embed.host,
        theme: query.theme,
        themeStylesheet: `/embed/theme/${embed.site.name}.css?v=${themeVersion(css)}`,
        lang: locale,
      },
      discussion,
    );
  }

  // The frame's no-JavaScript links (sort, pages, "Reply") and sign-in's way back name this path:
  // the reader is sent to the page the thread belongs to, where the embed shows it.
  app.get<{ Params: { id: string } }>(
    '/embed/threads/:id',
    { schema: { params: { type: 'object', properties: { id: PublicId } } } },
    async (request, reply) => {
      const thread = await requireThread(ctx.db, request.params.id);
      if (thread.site !== null && thread.url !== null && /^https?:\/\//.test(thread.url)) return reply.redirect(thread.url, 302);
      throw new AppError('NOT_FOUND', 'this discussion is shown only where it is embedded');
    },
  );

  // The frame's comment form without the comments client (not loaded yet, or failed): posted as
  // on the article page (same-origin, the reader's token, the posting limits), then back to the
  // frame at the new comment; a refusal shows the frame again with the reader's text kept.
  app.post<{ Params: { id: string }; Querystring: FormReturn; Body: CommentForm }>(
    '/embed/threads/:id/comments',
    {
      preValidation: [sameOriginForm(deps.publicUrl), formToken()],
      config: { securityHeaders: 'embed-frame' },
      schema: { params: { type: 'object', properties: { id: PublicId } }, querystring: FORM_RETURN_QUERY, body: COMMENT_FORM },
    },
    async (request, reply) => {
      const thread = await requireThread(ctx.db, request.params.id);
      const site = thread.site === null ? null : await findSite(ctx, thread.site);
      // The form comes from the frame itself (the Origin check): only the host it names is checked.
      const host = siteOrigin(site, request.query.origin);
      if (!site || !host) return refuse(reply, 'This discussion cannot be shown on this site.');
      const form = request.body;
      const commenter = (await resolveCommenter(ctx, request, reply, { createGuest: true }))!;
      await enforcePostingLimits(deps.limiter, ctx, request, reply, commenter);
      const query: FrameQuery = { ...request.query, site: site.name, sort: form.sort ?? 'best', after: form.after };
      try {
        const posted = await postFormComment(ctx, request, commenter, thread.id, form);
        const id = posted.comment.id;
        const frame = new URLSearchParams({ site: site.name, origin: host, theme: query.theme, sort: query.sort });
        if (thread.page_id !== null) frame.set('page', thread.page_id);
        else if (thread.url !== null) frame.set('url', thread.url);
        if (query.lang) frame.set('lang', query.lang);
        if (query.after) frame.set('after', query.after);
        frame.set('comment', id);
        return reply.redirect(`/embed/thread?${frame}#comment-${id}`, 303);
      } catch (error) {
        const problem = toAppError(error as Error);
        // As on the article page: bad input, a ban or a closed thread, slow mode keep the text.
        if (problem.status !== 400 && problem.status !== 403 && problem.status !== 429) throw error;
        if (problem.retryAfterSeconds !== undefined) reply.header('retry-after', String(problem.retryAfterSeconds));
        const siteContext = await deps.site(request);
        const locale = pickLocale(query.lang, site.lang) ?? siteContext.locale ?? DEFAULT_LOCALE;
        const refused = {
          formError: {
            message: errorText(locale, problem.code, problem.message),
            field: problem.field?.replace(/^guest\./, ''),
            values: { body: form.body, name: form.name, email: form.email },
          },
          replyTo: form.parentId ? await replyTarget(ctx, thread.id, form.parentId) : null,
        };
        const embed = { site, threadId: thread.id, title: thread.title, host, query };
        const body = await renderFrame(siteContext, embed, csrfTokenOf(request), commenter, refused);
        return reply
          .code(problem.status)
          .header('content-security-policy', embedFramePolicy(site.origins))
          .header('cache-control', 'private, no-store')
          .type('text/html; charset=utf-8')
          .send(body);
      }
    },
  );

  app.get<{ Querystring: FrameQuery }>(
    '/embed/thread',
    { schema: { querystring: FRAME_QUERY }, config: { securityHeaders: 'embed-frame' } },
    async (request, reply) => {
      const { query } = request;
      const site = await findSite(ctx, query.site);
      const host = verifiedHost(site, query, request.headers.referer, siteUrl(deps.publicUrl, request));
      if (!site || !host) return refuse(reply, 'This discussion cannot be shown on this site.');
      if (!query.page && !query.url) throw invalid('page', 'the embed needs a page id (data-page-id) or the page URL (data-url)');
      let resolved;
      try {
        const page = { pageId: query.page ?? null, url: query.url ?? null, title: query.title ?? null };
        resolved = await resolveEmbedThread(ctx, site, host, page, () =>
          enforceRateLimit(deps.limiter, RATE_RULES.embedThreadPerIp, request.ip, reply),
        );
      } catch (error) {
        // The domain names the page id `pageId`; here it is the `page` parameter.
        if (error instanceof AppError && error.field === 'pageId') throw invalid('page', error.message);
        throw error;
      }
      if (!resolved) return refuse(reply, 'This page is not on the site’s registered addresses.');
      reply.header('content-security-policy', embedFramePolicy(site.origins));

      // A link to one comment (#comment-ID on the host page) opens the frame on the page it is on
      // when the first page does not show it (and the reader has not chosen a page there already).
      if (query.comment && !query.after && !(await onFirstPage(resolved.threadId, query.sort, query.comment))) {
        const place = await placeOfCommentIn(ctx, resolved.threadId, query.comment);
        if (place) Object.assign(query, { sort: place.sort, after: place.cursor ?? undefined });
      }
      const embed = { site, threadId: resolved.threadId, title: resolved.title, host, query };
      const params = new URLSearchParams({ theme: query.theme, origin: host, sort: query.sort });
      if (query.after) params.set('after', query.after);
      // data-lang or the site's language picks the words (else Gazette's own choice, which the cache keys itself).
      const lang = pickLocale(query.lang, site.lang);
      if (lang) params.set('lang', lang);
      const key = `/embed/thread/${site.name}/${resolved.threadId}?${params}`;
      // As on the article page: one shared render (its forms' token filled per request); a reader
      // who has something of their own in the thread gets a render for them alone, never cached.
      const shared = (token: string | null) =>
        deps.serveCached(
          request,
          reply,
          key,
          async (s) => ({
            text: await renderFrame(s, embed, s.viewer?.csrfToken ?? FORM_TOKEN_SLOT),
            scope: scopeOfThread(resolved.threadId),
          }),
          token,
        );
      const csrfToken = csrfTokenOf(request);
      if (csrfToken === null) return shared(null);
      const reader = await resolveCommenter(ctx, request, reply, { createGuest: false });
      if (!(await readerSeesOwnIn(ctx, resolved.threadId, reader))) return shared(csrfToken);
      const body = await renderFrame(await deps.site(request), embed, csrfToken, reader);
      return reply.header('cache-control', 'private, no-store').type('text/html; charset=utf-8').send(body);
    },
  );
}
