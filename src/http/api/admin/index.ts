// Everything under /api/v1/admin/ needs staff: an API token or a staff session; the hook runs before any handler.
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../../config.ts';
import type { DomainContext } from '../../../domain/context.ts';
import { staffAuthHook } from '../../plugins/api-auth.ts';
import { registerAdminPosts } from './posts.ts';
import { registerAdminTaxonomy } from './taxonomy.ts';
import { registerAdminMedia } from './media.ts';
import { registerAdminUsers } from './users.ts';
import { registerAdminImport } from './import.ts';
import { registerAdminSettings } from './settings.ts';
import { registerAdminModeration } from './moderation.ts';

export interface AdminDeps {
  ctx: DomainContext;
  config: Config;
}

export function registerAdminApi(app: FastifyInstance, deps: AdminDeps): void {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', staffAuthHook(deps.ctx, deps.config.publicUrl));
  registerAdminPosts(app, deps);
  registerAdminTaxonomy(app, deps);
  registerAdminMedia(app, deps);
  registerAdminUsers(app, deps);
  registerAdminImport(app, deps);
  registerAdminSettings(app, deps);
  registerAdminModeration(app, deps);
}

export const SECURED: { [scheme: string]: string[] }[] = [{ apiToken: [] }, { session: [] }];
