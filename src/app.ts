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
import type { MediaFiles } from './domain/media/files.ts';
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
import { registerAdminApi } from './http/api/admin/index.ts';

export interface AppDeps {
  config: Config;
  storage: Storage;
  clock: Clock;
  events: EventBus;
  mediaFiles: MediaFiles;
  logger?: FastifyServerOptions['logger'];
}

export interface GazetteApp {
  app: FastifyInstance;
  ctx: DomainContext;
  pageCache: PageCache;
}

export async function buildApp(deps: AppDeps): Promise<GazetteApp> {
  const { config, storage, clock, events, mediaFiles } = deps;
  const app = Fastify({
    logger: deps.logger ?? { level: config.logLevel },
    // Reject unknown fields instead of silently dropping them, and report every problem's path.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } },
    bodyLimit: 1024 * 1024,
  });
  const ctx: DomainContext = {
    db: storage.db,
    clock,
    events,
    mediaFiles,
    discussion: { guestsAllowed: config.guestComments, editWindowSeconds: config.commentEditMinutes * 60 },
  };
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
      registerCommentsApi(api, { ctx, publicUrl: config.publicUrl, pageCache });
      registerThreadEvents(api, { ctx });
    },
    { prefix: '/api/v1' },
  );
  await app.register(async (admin) => registerAdminApi(admin, { ctx, config }), { prefix: '/api/v1/admin' });
  registerWebRoutes(app, { ctx, pageCache, siteTitle: config.siteTitle, publicUrl: config.publicUrl });
  registerFeedRoutes(app, { ctx, pageCache, siteTitle: config.siteTitle, publicUrl: config.publicUrl });

  return { app, ctx, pageCache };
}
