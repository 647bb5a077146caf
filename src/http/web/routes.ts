// Reader-facing pages. Each handler: validate the query, then one domain call inside a cached
// render, then send the HTML with an ETag so browsers and proxies can revalidate cheaply.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DomainContext } from '../../domain/context.ts';
import * as read from '../../domain/posts/read.ts';
import { siteUrl } from '../site-url.ts';
import { withFormToken, type PageCache, type ScopedRender } from './page-cache.ts';
import { sendCachedPage } from './cached-reply.ts';
import type { SiteContext } from './layout.ts';
import { registerDiscussionRoutes } from './discussion-routes.ts';
import { registerErrorReportRoutes } from './error-report-routes.ts';
import { registerEmbedRoutes } from './embed-routes.ts';
import { renderAuthor, renderCategory, renderTag } from './pages/lists.ts';
import { renderHome } from './pages/home.ts';
import { homePage } from '../../domain/posts/home.ts';
import { renderStaticPage } from './pages/static-page.ts';
import { renderSearch } from './pages/search.ts';
import { MAX_QUERY_LENGTH } from '../../domain/search/search.ts';
import { SEARCH_SCOPES, searchSite, type SearchScope } from '../../domain/search/comments.ts';
import { Slug } from '../schemas.ts';
import type { RateLimiter } from '../../limits/limiter.ts';
import { signedInUser } from '../plugins/session.ts';
import { personalSite } from './personal-site.ts';
import { localeKey, readerLocale, varyWithLanguage } from '../plugins/reader-locale.ts';

export interface WebDeps {
  ctx: DomainContext;
  pageCache: PageCache;
  siteTitle: string;
  publicUrl: string | null;
  limiter: RateLimiter;
  /** Unread inbox items for a signed-in reader's masthead. */
  unreadCount?: (userId: string) => Promise<number>;
}

const SLUG = Slug;
const PAGE_QUERY = {
  type: 'object',
  properties: { page: { type: 'integer', minimum: 1, maximum: 100000, default: 1 } },
} as const;

type SlugRequest = FastifyRequest<{ Params: { slug: string }; Querystring: { page: number } }>;

export function registerWebRoutes(app: FastifyInstance, deps: WebDeps): void {
  const { ctx, pageCache } = deps;

  async function site(request: FastifyRequest): Promise<SiteContext> {
    const chrome = await read.siteChrome(ctx);
    return { title: deps.siteTitle, baseUrl: siteUrl(deps.publicUrl, request), chrome, locale: readerLocale(request) };
  }

  // Signed-in readers see their name in the masthead: their pages are rendered for them alone.
  const personal = (request: FastifyRequest) =>
    personalSite({ ctx, siteTitle: deps.siteTitle, publicUrl: deps.publicUrl, unreadCount: deps.unreadCount }, request);

  /** `formToken`: a reader with a cookie but nothing personal on the page gets the cached page with their token in its forms. */
  async function serve(
    request: FastifyRequest,
    reply: FastifyReply,
    path: string,
    render: (site: SiteContext) => Promise<string | ScopedRender>,
    formToken: string | null = null,
  ) {
    // signedInUser answers null without a query when there is no session cookie.
    if ((await signedInUser(ctx, request)) !== null) {
      const body = await render(await personal(request));
      return reply
        .header('cache-control', 'private, no-store')
        .type('text/html; charset=utf-8')
        .send(typeof body === 'string' ? body : body.text);
    }
    const baseUrl = siteUrl(deps.publicUrl, request);
    // One cached copy per language: a German page is never served to the next English reader.
    const page = await pageCache.get(localeKey(`${baseUrl}${path}`, readerLocale(request)), async () => render(await site(request)));
    varyWithLanguage(request, reply);
    if (formToken !== null && page.parts) {
      return reply.header('cache-control', 'private, no-store').type('text/html; charset=utf-8').send(withFormToken(page, formToken));
    }
    return sendCachedPage(request, reply, page, 'text/html; charset=utf-8');
  }

  const withPage = (path: string, page: number) => (page > 1 ? `${path}?page=${page}` : path);

  app.get<{ Querystring: { page: number } }>('/', { schema: { querystring: PAGE_QUERY } }, (request, reply) =>
    serve(request, reply, withPage('/', request.query.page), async (s) => renderHome(s, await homePage(ctx, request.query.page))),
  );

  registerDiscussionRoutes(app, { ctx, publicUrl: deps.publicUrl, site: personal, serveCached: serve, limiter: deps.limiter });
  registerErrorReportRoutes(app, { ctx, publicUrl: deps.publicUrl, site: personal, limiter: deps.limiter });
  // The embed's loader and frame: the same thread render and page cache as the article page.
  registerEmbedRoutes(app, { ctx, publicUrl: deps.publicUrl, site: personal, serveCached: serve, limiter: deps.limiter });

  const archive = { params: { type: 'object', properties: { slug: SLUG } }, querystring: PAGE_QUERY };
  app.get('/category/:slug', { schema: archive }, (request: SlugRequest, reply) =>
    serve(request, reply, withPage(`/category/${request.params.slug}`, request.query.page), async (s) =>
      renderCategory(s, await read.categoryArchive(ctx, request.params.slug, request.query.page)),
    ),
  );
  app.get('/tag/:slug', { schema: archive }, (request: SlugRequest, reply) =>
    serve(request, reply, withPage(`/tag/${request.params.slug}`, request.query.page), async (s) =>
      renderTag(s, await read.tagArchive(ctx, request.params.slug, request.query.page)),
    ),
  );
  app.get('/author/:slug', { schema: archive }, (request: SlugRequest, reply) =>
    serve(request, reply, withPage(`/author/${request.params.slug}`, request.query.page), async (s) =>
      renderAuthor(s, await read.authorArchive(ctx, request.params.slug, request.query.page)),
    ),
  );

  // Search results depend on free text, so they are rendered per request and never cached.
  const SEARCH_QUERY = {
    type: 'object',
    properties: {
      q: { type: 'string', maxLength: MAX_QUERY_LENGTH, default: '' },
      page: { type: 'integer', minimum: 1, maximum: 1000, default: 1 },
      // Which tab: the articles (the default) or the comments.
      in: { type: 'string', enum: [...SEARCH_SCOPES], default: 'articles' },
    },
  } as const;
  type SearchRequest = { Querystring: { q: string; page: number; in: SearchScope } };
  app.get<SearchRequest>('/search', { schema: { querystring: SEARCH_QUERY } }, async (request, reply) => {
    const { q, page } = request.query;
    const html = renderSearch(await personal(request), q, await searchSite(ctx, q, request.query.in, page));
    return reply.header('cache-control', 'private, no-store').type('text/html; charset=utf-8').send(html);
  });

  // Pages (About, Contact) sit at the top level; every other route is matched first.
  // Anything at the top level that cannot be a page's slug (favicon.ico, wp-login.php …) is
  // simply not here: a 404, not a validation error.
  app.get(
    '/:slug',
    { schema: { params: { type: 'object', properties: { slug: SLUG } } }, attachValidation: true },
    (request: SlugRequest, reply) => {
      if (request.validationError) return reply.callNotFound();
      return serve(request, reply, `/${request.params.slug}`, async (s) => renderStaticPage(s, await read.page(ctx, request.params.slug)));
    },
  );
}
