// Media upload and listing (the image pipeline lives in domain/media/).
import type { FastifyInstance } from 'fastify';
import type { AdminDeps } from './index.ts';

export function registerAdminMedia(_app: FastifyInstance, _deps: AdminDeps): void {
  // Routes arrive with the media pipeline.
}
