// buildApp wires every plugin and route explicitly; go-to-definition answers where anything
// comes from. It does not listen: main.ts (or a test) decides that.
import { prepareBrowserBundles } from './http/web/browser-bundles.ts';
import http from 'node:http';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import type { Config } from './config.ts';
import type { Clock } from './clock.ts';
import { pingDatabase, type Storage } from './storage/db.ts';
import type { EventBus } from './events/bus.ts';
import type { DomainContext } from './domain/context.ts';
import { domainContextFor } from './domain-context.ts';
import type { MediaFiles } from './domain/media/files.ts';
import type { RateLimiter } from './limits/limiter.ts';
import { nextScheduledAt } from './storage/repos/posts.ts';
import { answerRouterRefusal, MAX_PARAM_LENGTH, registerErrorHandling } from './http/plugins/errors.ts';
import { renderSiteErrorPage } from './http/web/pages/error.ts';
import { personalSite } from './http/web/personal-site.ts';
import { registerSecurityHeaders, securityHeadersOf } from './http/plugins/security-headers.ts';
import { registerCompression } from './http/plugins/compression.ts';
import { registerControlCharGuard } from './http/plugins/control-chars.ts';
import { registerCookies } from './http/plugins/cookies.ts';
import { registerHealth } from './http/health.ts';
import { AccessLogController, registerRequestIdHeader, requestIdFor } from './http/request-id.ts';
import { registerBackPressure } from './http/back-pressure.ts';
import { registerMetrics } from './http/metrics.ts';
import { createAppMetrics } from './metrics/app-metrics.ts';
import { countPageCacheLookups } from './metrics/page-cache-lookups.ts';
import { createRedisPing } from './redis-ping.ts';
import { registerAssets } from './http/web/assets.ts';
import { registerMediaFiles } from './http/web/media-files.ts';
import { registerSocialImages } from './http/web/social-images.ts';
import { createPageCache, type PageCache } from './http/web/page-cache.ts';
import { registerWebRoutes } from './http/web/routes.ts';
import { registerReaderLocale } from './http/plugins/reader-locale.ts';
import { registerFeedRoutes } from './http/web/feeds.ts';
import { registerOpenApi } from './http/api/openapi.ts';
import { registerPublicApi } from './http/api/posts.ts';
import { registerSearchApi } from './http/api/search.ts';
import { registerCommentsApi } from './http/api/comments.ts';
import { registerThreadEvents } from './http/api/thread-events.ts';
import { createStreamHub, type StreamHub } from './http/event-stream.ts';
import { registerReportsApi } from './http/api/reports.ts';
import { registerOwnCommentsApi } from './http/api/own-comments.ts';
import { registerCommentPreviewApi } from './http/api/comment-preview.ts';
import { registerAdminApi } from './http/api/admin/index.ts';
import { registerAuthApi } from './http/api/auth.ts';
import { registerProfileApi } from './http/api/profile.ts';
import { registerProfileRoutes } from './http/web/profile-routes.ts';
import { registerAccountRoutes } from './http/web/account-routes.ts';
import { registerOidcRoutes } from './http/web/oidc-routes.ts';
import { createMailDelivery, type MailDelivery } from './mail/delivery.ts';
import { registerNotificationsApi } from './http/api/notifications.ts';
import { registerEmbedSsoApi } from './http/api/embed-sso.ts';
import { registerEmbedSessionApi } from './http/api/embed-session.ts';
import { registerEmbedIdentityRoutes } from './http/web/embed-identity-routes.ts';
import { COUNTS_MAX_AGE_SECONDS, createSiteCountsCache, registerSiteCountsApi } from './http/api/site-counts.ts';
import { countsFastLane, type FastLane } from './http/fast-lane.ts';
import { registerCountScript } from './http/web/count-bundle.ts';
import { registerNotificationRoutes } from './http/web/notification-routes.ts';
import { registerAdminOutboxRoutes } from './http/web/admin-outbox-routes.ts';
import { registerModerationRoutes } from './http/web/moderation-routes.ts';
import { registerDeskRoutes } from './http/web/desk-routes.ts';
import { registerPreviewRoutes } from './http/web/preview-routes.ts';
import { unreadCount } from './domain/notifications/inbox.ts';
import { createNotificationMailer, type NotificationMailer } from './domain/notifications/runner.ts';
import { mailSites, recordFirstSiteUrl } from './domain/mail-site.ts';

export interface AppDeps {
  config: Config;
  storage: Storage;
  clock: Clock;
  events: EventBus;
  mediaFiles: MediaFiles;
  /** Login, sign-up, reset and posting budgets (memory, or Redis with REDIS_URL). */
  limiter: RateLimiter;
  logger?: FastifyServerOptions['logger'];
}

export interface GazetteApp {
  app: FastifyInstance;
  ctx: DomainContext;
  pageCache: PageCache;
  /** Cached answers given before Fastify routes a request (http/fast-lane.ts). */
  fastLane: FastLane;
  /** Sends the outbox through SMTP_URL (idle without it); started here, stopped when the app closes. */
  mail: MailDelivery;
  /** Queues notification mail that is due (timer + `notification.created`); tests may call sendDueNotificationEmails directly. */
  notificationMail: NotificationMailer;
  /** Every live stream (readers' threads, the moderation desk): one bus subscription, limited per address. */
  streams: StreamHub;
}

const trustHops = (hops: number) => (_address: string, hop: number) => hop < hops;
/**
 * Proxy trust is counted from the right: hop 0 is the peer that connected to us, hop 1 the address
 * it appended to X-Forwarded-For, and so on. `true` (trust every hop) would hand the client's own
 * leftmost X-Forwarded-For to rate limits, so it means one hop here; addresses/CIDRs go to Fastify as they are.
 */
const proxyTrust = (trust: Config['trustProxy']) => (trust === true ? trustHops(1) : typeof trust === 'number' ? trustHops(trust) : trust);

export async function buildApp(deps: AppDeps): Promise<GazetteApp> {
  const { config, storage, clock, events, mediaFiles, limiter } = deps;
  // Before any route can render a page that names a script, or serve one (browser-bundles.ts).
  await prepareBrowserBundles();
  // Set once the routes exist: cached counts answered before Fastify's router (http/fast-lane.ts).
  let lane: FastLane | null = null;
  const app = Fastify({
    serverFactory: (handler) => http.createServer((request, response) => lane?.answer(request, response) || handler(request, response)),
    logger: deps.logger ?? { level: config.logLevel },
    // Reject unknown fields instead of silently dropping them, and report every problem's path.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } },
    bodyLimit: 1024 * 1024,
    // A hop count trusts that many proxies in front of us (the function form says so to Fastify's types);
    // request.ip, .protocol and .host all follow this one rule.
    trustProxy: proxyTrust(config.trustProxy),
    // X-Request-ID: a proxy's own id when it is safe, else a new one (src/http/request-id.ts); one JSON access line per request.
    genReqId: requestIdFor,
    requestIdHeader: false,
    logController: new AccessLogController(),
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: answerRouterRefusal,
  });
  // Read from the stream hub when scraped: `streams` exists by then.
  const metrics = createAppMetrics({
    storage,
    events,
    openStreams: () => streams.size,
    streamLoads: () => streams.loads,
    streamsDropped: () => streams.dropped,
  });
  app.addHook('onClose', async () => metrics.close());
  const ctx: DomainContext = {
    ...(await domainContextFor(config, { db: storage.db, clock, events, mediaFiles })),
    observe: metrics.observe,
  };
  const unread = (userId: string) => unreadCount(ctx, userId);
  // Links in mail use GAZETTE_PUBLIC_URL or the URL recorded when the site first listened, never a request's Host.
  const mailSite = mailSites(ctx, { title: config.siteTitle, publicUrl: config.publicUrl });
  const pageCache = countPageCacheLookups(
    createPageCache({
      clock,
      events,
      ttlSeconds: config.pageCacheSeconds,
      staleMs: config.pageStaleMs,
      listLagMs: config.listLagSeconds * 1000,
      nextScheduledAt: () => nextScheduledAt(storage.db, clock.now().toISOString()),
    }),
    metrics.pageCacheLookup,
  );

  const streams = createStreamHub({ events, maxPerAddress: config.streamsPerAddress, maxBufferedBytes: config.streamBufferBytes });
  // Open streams never end by themselves: end them, or a graceful stop would wait on them forever.
  app.addHook('preClose', (done) => {
    streams.close();
    done();
  });

  // First of all hooks: every answer carries X-Request-ID (refusals included) and is counted in /metrics.
  registerRequestIdHeader(app);
  registerMetrics(app, { metrics, token: config.metricsToken });

  const siteDeps = { ctx, siteTitle: config.siteTitle, publicUrl: config.publicUrl, unreadCount: unread };
  registerErrorHandling(app, {
    // Relative links only: the request that failed may carry a Host header no link should be built from.
    sitePage: async (request, error) =>
      renderSiteErrorPage({ ...(await personalSite(siteDeps, request)), baseUrl: '' }, error, new URL(request.url, 'http://x').pathname),
  });
  // Before any route: CSP, X-Frame-Options, Referrer-Policy and nosniff on every response (issue 11, finding 14).
  registerSecurityHeaders(app);
  // Right after the security headers (a 503 page gets them too), before any other work: refuse when overloaded.
  await registerBackPressure(app, config.overload, metrics.overloadRefused);
  // Before any route: Brotli or gzip for what is not compressed already (cached pages and assets are).
  registerCompression(app);
  await registerCookies(app);
  // Before any route: the language of the site's own pages for this request (GAZETTE_LANG / Accept-Language).
  registerReaderLocale(app, config.siteLang);
  await app.register(formbody);
  await app.register(multipart, { limits: { fileSize: config.maxUploadBytes, files: 1, fields: 10 } });
  // Before any route: control characters in any input are a 400 naming the field (issue 11, finding 10).
  registerControlCharGuard(app);
  await registerOpenApi(app);

  const redisPing = config.redisUrl ? createRedisPing(config.redisUrl) : null;
  app.addHook('onClose', async () => redisPing?.close());
  registerHealth(app, { pingDatabase: () => pingDatabase(storage.db), pingRedis: redisPing && (() => redisPing.ping()) });
  registerAssets(app);
  registerCountScript(app);
  const siteCounts = createSiteCountsCache(ctx);
  const fastLane = countsFastLane({
    cache: siteCounts,
    securityHeaders: securityHeadersOf('api'),
    maxAgeSeconds: COUNTS_MAX_AGE_SECONDS,
    finished: metrics.requestFinished,
  });
  lane = fastLane;
  registerMediaFiles(app, mediaFiles);
  registerSocialImages(app, ctx);
  await app.register(
    async (api) => {
      registerPublicApi(api, { ctx });
      registerSearchApi(api, { ctx });
      registerCommentsApi(api, { ctx, publicUrl: config.publicUrl, pageCache, limiter });
      registerThreadEvents(api, { ctx, streams });
      registerReportsApi(api, { ctx, publicUrl: config.publicUrl, limiter });
      registerOwnCommentsApi(api, { ctx });
      registerCommentPreviewApi(api, { publicUrl: config.publicUrl, limiter });
      registerAuthApi(api, { ctx, publicUrl: config.publicUrl, mailSite: mailSite.require, limiter });
      registerProfileApi(api, { ctx, publicUrl: config.publicUrl, limiter });
      registerNotificationsApi(api, { ctx, publicUrl: config.publicUrl });
      registerEmbedSsoApi(api, { ctx, publicUrl: config.publicUrl, limiter });
      registerEmbedSessionApi(api, { ctx, publicUrl: config.publicUrl, limiter });
      registerSiteCountsApi(api, { ctx, cache: siteCounts });
    },
    { prefix: '/api/v1' },
  );
  await app.register(async (admin) => registerAdminApi(admin, { ctx, config, streams, limiter }), { prefix: '/api/v1/admin' });
  registerWebRoutes(app, { ctx, pageCache, siteTitle: config.siteTitle, publicUrl: config.publicUrl, limiter, unreadCount: unread });
  registerAccountRoutes(app, {
    ctx,
    publicUrl: config.publicUrl,
    siteTitle: config.siteTitle,
    mailSite: mailSite.require,
    limiter,
    unreadCount: unread,
    oidcProviders: config.oidcProviders.map(({ id, name }) => ({ id, name })),
  });
  registerProfileRoutes(app, { ctx, pageCache, siteTitle: config.siteTitle, publicUrl: config.publicUrl, limiter, unreadCount: unread });
  // The embed's first-party sign-in popup (/embed/sign-in, /embed/signed-in).
  registerEmbedIdentityRoutes(app, { ctx, siteTitle: config.siteTitle, publicUrl: config.publicUrl, unreadCount: unread });
  registerOidcRoutes(app, { ctx, publicUrl: config.publicUrl, siteTitle: config.siteTitle, providers: config.oidcProviders });
  registerFeedRoutes(app, { ctx, pageCache, siteTitle: config.siteTitle, publicUrl: config.publicUrl, siteAddress: mailSite.known });
  registerNotificationRoutes(app, { ctx, siteTitle: config.siteTitle, publicUrl: config.publicUrl, unreadCount: unread });
  registerAdminOutboxRoutes(app, {
    ctx,
    siteTitle: config.siteTitle,
    publicUrl: config.publicUrl,
    unreadCount: unread,
    smtpConfigured: config.smtpUrl !== null,
  });
  registerModerationRoutes(app, { ctx, siteTitle: config.siteTitle, publicUrl: config.publicUrl, unreadCount: unread });
  registerDeskRoutes(app, { ctx, siteTitle: config.siteTitle, publicUrl: config.publicUrl, unreadCount: unread });
  registerPreviewRoutes(app, { ctx, siteTitle: config.siteTitle, publicUrl: config.publicUrl, unreadCount: unread });

  const mail = createMailDelivery({
    db: storage.db,
    clock,
    events,
    smtpUrl: config.smtpUrl,
    from: config.mailFrom,
    onError: (error) => app.log.warn({ err: error }, 'mail delivery failed'),
  });
  app.addHook('onReady', async () => mail.start());
  app.addHook('onClose', async () => mail.stop());
  // The site's first URL, recorded once by the server itself (never from a request): GAZETTE_PUBLIC_URL,
  // else the port it listens on. Mail links fall back to it when GAZETTE_PUBLIC_URL is not set.
  app.addHook('onListen', async () => {
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    await recordFirstSiteUrl(ctx, config.publicUrl ?? `http://localhost:${port}`);
  });
  // Notification mail waits (stays pending) until the site knows its address.
  const notificationMail = createNotificationMailer({
    ctx,
    site: mailSite.known,
    onError: (error) => app.log.warn({ err: error }, 'notification mail failed'),
  });
  app.addHook('onReady', async () => notificationMail.start());
  app.addHook('onClose', async () => notificationMail.stop());

  return { app, ctx, pageCache, mail, notificationMail, streams, fastLane };
}
