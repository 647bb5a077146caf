// Everything under /api/v1/admin/ needs a staff API token; the hook runs before any handler.
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../../config.ts';
import type { DomainContext } from '../../../domain/context.ts';
import { tokenAuthHook } from '../../plugins/api-auth.ts';
import { registerAdminPosts } from './posts.ts';
import { registerAdminTaxonomy } from './taxonomy.ts';
import { registerAdminMedia } from './media.ts';

export interface AdminDeps {
  ctx: DomainContext;
  config: Config;
}

export function registerAdminApi(app: FastifyInstance, deps: AdminDeps): void {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', tokenAuthHook(deps.ctx));
  registerAdminPosts(app, deps);
  registerAdminTaxonomy(app, deps);
  registerAdminMedia(app, deps);
}

export const SECURED = [{ apiToken: [] }];
