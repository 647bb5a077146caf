// buildApp wires every plugin and route explicitly; go-to-definition answers where anything
// comes from. It does not listen: main.ts (or a test) decides that.
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import type { Config } from './config.ts';
import type { Clock } from './clock.ts';
import type { Storage } from './storage/db.ts';
import type { EventBus } from './events/bus.ts';
import type { DomainContext } from './domain/context.ts';
import { domainContextFor } from './domain-context.ts';
import type { MediaFiles } from './domain/media/files.ts';
import type { RateLimiter } from './limits/limiter.ts';
import { nextScheduledAt } from './storage/repos/posts.ts';
import { registerErrorHandling } from './http/plugins/errors.ts';
import { registerHealth } from './http/health.ts';
import { registerAssets } from './http/web/assets.ts';
import { registerMediaFiles } from './http/web/media-files.ts';
import { createPageCache, type PageCache } from './http/web/page-cache.ts';
import { registerWebRoutes } from './http/web/routes.ts';
import { registerFeedRoutes } from './http/web/feeds.ts';
import { registerOpenApi } from './http/api/openapi.ts';
import { registerPublicApi } from './http/api/posts.ts';
import { registerSearchApi } from './http/api/search.ts';
import { registerCommentsApi } from './http/api/comments.ts';
import { registerThreadEvents } from './http/api/thread-events.ts';
import { registerReportsApi } from './http/api/reports.ts';
import { registerOwnCommentsApi } from './http/api/own-comments.ts';
import { registerAdminApi } from './http/api/admin/index.ts';
import { registerAuthApi } from './http/api/auth.ts';
import { registerProfileApi } from './http/api/profile.ts';
import { registerProfileRoutes } from './http/web/profile-routes.ts';
import { registerAccountRoutes } from './http/web/account-routes.ts';
import { registerOidcRoutes } from './http/web/oidc-routes.ts';
import { createMailDelivery, type MailDelivery } from './mail/delivery.ts';
import { registerNotificationsApi } from './http/api/notifications.ts';
import { registerNotificationRoutes } from './http/web/notification-routes.ts';
import { registerAdminOutboxRoutes } from './http/web/admin-outbox-routes.ts';
import { registerModerationRoutes } from './http/web/moderation-routes.ts';
import { unreadCount } from './domain/notifications/inbox.ts';
import { createNotificationMailer, type NotificationMailer } from './domain/notifications/runner.ts';

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
  /** Sends the outbox through SMTP_URL (idle without it); started here, stopped when the app closes. */
  mail: MailDelivery;
  /** Queues notification mail that is due (timer + `notification.created`); tests may call sendDueNotificationEmails directly. */
  notificationMail: NotificationMailer;
}

const trustHops = (hops: number) => (_address: string, hop: number) => hop < hops;

export async function buildApp(deps: AppDeps): Promise<GazetteApp> {
  const { config, storage, clock, events, mediaFiles, limiter } = deps;
  const app = Fastify({
    logger: deps.logger ?? { level: config.logLevel },
    // Reject unknown fields instead of silently dropping them, and report every problem's path.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } },
    bodyLimit: 1024 * 1024,
    // A hop count trusts that many proxies in front of us (the function form says so to Fastify's types).
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
  });
  const ctx: DomainContext = await domainContextFor(config, { db: storage.db, clock, events, mediaFiles });
  const unread = (userId: string) => unreadCount(ctx, userId);
  const pageCache = createPageCache({
    clock,
    events,
    ttlSeconds: config.pageCacheSeconds,
    nextScheduledAt: () => nextScheduledAt(storage.db, clock.now().toISOString()),
  });

  registerErrorHandling(app);
  await app.register(formbody);
  await app.register(multipart, { limits: { fileSize: config.maxUploadBytes, files: 1, fields: 10 } });
  await registerOpenApi(app);

  registerHealth(app, storage.db);
  registerAssets(app);
  registerMediaFiles(app, mediaFiles);
  await app.register(
    async (api) => {
      registerPublicApi(api, { ctx });
      registerSearchApi(api, { ctx });
      registerCommentsApi(api, { ctx, publicUrl: config.publicUrl, pageCache, limiter });
      registerThreadEvents(api, { ctx });
      registerReportsApi(api, { ctx, publicUrl: config.publicUrl, limiter });
      registerOwnCommentsApi(api, { ctx });
      registerAuthApi(api, { ctx, publicUrl: config.publicUrl, siteTitle: config.siteTitle, limiter });
      registerProfileApi(api, { ctx, publicUrl: config.publicUrl, limiter });
      registerNotificationsApi(api, { ctx, publicUrl: config.publicUrl });
    },
    { prefix: '/api/v1' },
  );
  await app.register(async (admin) => registerAdminApi(admin, { ctx, config }), { prefix: '/api/v1/admin' });
  registerWebRoutes(app, { ctx, pageCache, siteTitle: config.siteTitle, publicUrl: config.publicUrl, limiter, unreadCount: unread });
  registerAccountRoutes(app, { ctx, publicUrl: config.publicUrl, siteTitle: config.siteTitle, limiter, unreadCount: unread, oidcProviders: config.oidcProviders.map(({ id, name }) => ({ id, name })) });
  registerProfileRoutes(app, { ctx, pageCache, siteTitle: config.siteTitle, publicUrl: config.publicUrl, limiter, unreadCount: unread });
  registerOidcRoutes(app, { ctx, publicUrl: config.publicUrl, siteTitle: config.siteTitle, providers: config.oidcProviders });
  registerFeedRoutes(app, { ctx, pageCache, siteTitle: config.siteTitle, publicUrl: config.publicUrl });
  registerNotificationRoutes(app, { ctx, siteTitle: config.siteTitle, publicUrl: config.publicUrl, unreadCount: unread });
  registerAdminOutboxRoutes(app, { ctx, siteTitle: config.siteTitle, publicUrl: config.publicUrl, unreadCount: unread, smtpConfigured: config.smtpUrl !== null });
  registerModerationRoutes(app, { ctx, siteTitle: config.siteTitle, publicUrl: config.publicUrl, unreadCount: unread });

  const mail = createMailDelivery({ db: storage.db, clock, events, smtpUrl: config.smtpUrl, from: config.mailFrom, onError: (error) => app.log.warn({ err: error }, 'mail delivery failed') });
  app.addHook('onReady', async () => mail.start());
  app.addHook('onClose', async () => mail.stop());
  // Mail is written outside any request, so its links use GAZETTE_PUBLIC_URL (set it in production).
  const notificationMail = createNotificationMailer({
    ctx,
    site: { title: config.siteTitle, baseUrl: config.publicUrl ?? `http://localhost:${config.port}` },
    onError: (error) => app.log.warn({ err: error }, 'notification mail failed'),
  });
  app.addHook('onReady', async () => notificationMail.start());
  app.addHook('onClose', async () => notificationMail.stop());

  return { app, ctx, pageCache, mail, notificationMail };
}
