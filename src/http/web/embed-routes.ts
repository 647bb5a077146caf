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
import { placeOfCommentIn, threadPage } from '../../domain/comments/read.ts';
import { requireThread } from '../../domain/comments/threads.ts';
import { ownControlsIn, readerSeesOwnIn } from '../../domain/comments/ownership.ts';
import type { Commenter } from '../../domain/comments/commenter.ts';
import { THREAD_SORTS, type ThreadSort } from '../../domain/comments/types.ts';
import { DEFAULT_DISCUSSION } from '../../domain/comments/settings.ts';
import { findSite } from '../../domain/sites/sites.ts';
import { isAllowedOrigin, normaliseOrigin } from '../../domain/sites/origins.ts';
import { MAX_PAGE_ID, MAX_PAGE_TITLE, MAX_PAGE_URL, resolveEmbedThread } from '../../domain/sites/embed-thread.ts';
import type { Site } from '../../domain/sites/types.ts';
import { FORM_TOKEN_SLOT, renderThread } from '../../render/thread.ts';
import { DEFAULT_LOCALE, pickLocale } from '../../i18n/locales.ts';
import { discussionMessages } from './discussion-messages.ts';
import { html, type SafeHtml } from '../../render/html.ts';
import { resolveCommenter } from '../plugins/commenter.ts';
import { csrfTokenOf } from '../plugins/csrf.ts';
import { embedFramePolicy } from '../plugins/security-headers.ts';
import { scopeOfThread } from './page-cache.ts';
import { encodeAll, etagFor, matchesIfNoneMatch, negotiateCoding, varyWithAcceptEncoding, type Encoded } from '../content-coding.ts';
import { PublicId } from '../schemas.ts';
import { embedLoaderBundle } from './embed-bundle.ts';
import { siteThemeCss, themeVersion } from './embed-theme.ts';
import type { DiscussionRouteDeps } from './discussion-routes.ts';
import type { SiteContext } from './layout.ts';
import { renderEmbedRefused, renderEmbedThread, type EmbedTheme } from './pages/embed-thread.ts';

export type EmbedRouteDeps = Pick<DiscussionRouteDeps, 'ctx' | 'site' | 'serveCached'>;

const FRAME_QUERY = {
  type: 'object',
  required: ['site', 'origin'],
  properties: {
    site: { type: 'string', minLength: 1, maxLength: 40, pattern: '^[a-z0-9-]+$' },
    page: { type: 'string', minLength: 1, maxLength: MAX_PAGE_ID },
    url: { type: 'string', maxLength: MAX_PAGE_URL, pattern: '^https?://' },
    title: { type: 'string', maxLength: MAX_PAGE_TITLE },
    lang: { type: 'string', maxLength: 35, pattern: '^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$' },
    theme: { type: 'string', enum: ['light', 'dark', 'auto'], default: 'auto' },
    origin: { type: 'string', minLength: 1, maxLength: 300 },
    comment: PublicId,
    // The comments client writes the order and page it shows into the frame's address.
    sort: { type: 'string', enum: [...THREAD_SORTS], default: 'best' },
    after: { type: 'string', maxLength: 400 },
  },
  additionalProperties: false,
} as const;

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
 * of the site's, and the Referer (when the browser sends one) comes from that same origin.
 */
function verifiedHost(site: Site | null, query: FrameQuery, referer: string | undefined): string | null {
  const origin = normaliseOrigin(query.origin, 'origin');
  if (!site || !isAllowedOrigin(site, origin)) return null;
  if (referer !== undefined) {
    let from: string;
    try {
      from = new URL(referer).origin;
    } catch {
      return null;
    }
    if (from !== origin) return null;
  }
  return origin;
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
    const discussion: SafeHtml = html`${renderThread(page, {
      articlePath,
      formAction: `${articlePath}/comments`,
      editWindowSeconds,
      viewer,
      own,
      place: { sort: query.sort, after: query.after ?? null },
      csrfToken,
      locale,
      embedSignIn: `/embed/sign-in?site=${encodeURIComponent(embed.site.name)}`,
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

  app.get<{ Querystring: FrameQuery }>(
    '/embed/thread',
    { schema: { querystring: FRAME_QUERY }, config: { securityHeaders: 'embed-frame' } },
    async (request, reply) => {
      const { query } = request;
      const site = await findSite(ctx, query.site);
      const host = verifiedHost(site, query, request.headers.referer);
      if (!site || !host) return refuse(reply, 'This discussion cannot be shown on this site.');
      if (!query.page && !query.url) throw invalid('page', 'the embed needs a page id (data-page-id) or the page URL (data-url)');
      let resolved;
      try {
        resolved = await resolveEmbedThread(ctx, site, host, {
          pageId: query.page ?? null,
          url: query.url ?? null,
          title: query.title ?? null,
        });
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
