// Everything under /api/v1/admin/ needs staff: an API token or a staff session; the hook runs before any handler.
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../../config.ts';
import type { DomainContext } from '../../../domain/context.ts';
import type { RateLimiter } from '../../../limits/limiter.ts';
import { staffAuthHook } from '../../plugins/api-auth.ts';
import { cookieWriteHook } from '../../plugins/write-guard.ts';
import type { StreamHub } from '../../event-stream.ts';
import { registerAdminPosts } from './posts.ts';
import { registerAdminRevisions } from './revisions.ts';
import { registerAdminTaxonomy } from './taxonomy.ts';
import { registerAdminMedia } from './media.ts';
import { registerAdminUsers } from './users.ts';
import { registerAdminImport } from './import.ts';
import { registerAdminSettings } from './settings.ts';
import { registerAdminModeration } from './moderation.ts';
import { registerAdminHomeAndCorrections } from './home-corrections.ts';
import { registerAdminSites } from './sites.ts';

export interface AdminDeps {
  ctx: DomainContext;
  config: Config;
  /** The app's live streams (the desk's queue stream joins them). */
  streams: StreamHub;
  /** Upload budgets (media library). */
  limiter: RateLimiter;
}

export function registerAdminApi(app: FastifyInstance, deps: AdminDeps): void {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', staffAuthHook(deps.ctx));
  // Every write in this scope: a session-cookie change must be same-origin JSON or carry the CSRF token.
  app.addHook('preValidation', cookieWriteHook(deps.config.publicUrl));
  registerAdminPosts(app, deps);
  registerAdminRevisions(app, deps);
  registerAdminTaxonomy(app, deps);
  registerAdminMedia(app, deps);
  registerAdminUsers(app, deps);
  registerAdminImport(app, deps);
  registerAdminSettings(app, deps);
  registerAdminModeration(app, deps);
  registerAdminHomeAndCorrections(app, deps);
  registerAdminSites(app, deps);
}

export const SECURED: { [scheme: string]: string[] }[] = [{ apiToken: [] }, { session: [] }];
