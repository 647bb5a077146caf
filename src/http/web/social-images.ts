// /media/ID/social/xNN-yNN.jpg: an article's link-preview image, the 1200×630 crop of its lead
// image around the focal point (domain/media/social-crop.ts). Made on the first request; the name
// carries the focal point, so the file never changes and is cached for a year like other media.
import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { DomainContext } from '../../domain/context.ts';
import { socialCropPath } from '../../domain/media/social-crop.ts';

const PARAMS = {
  type: 'object',
  properties: {
    id: { type: 'string', pattern: '^[a-z0-9]{1,40}$' },
    crop: { type: 'string', pattern: '^x[0-9]{1,3}-y[0-9]{1,3}\\.jpg$' },
  },
  required: ['id', 'crop'],
} as const;

export function registerSocialImages(app: FastifyInstance, ctx: DomainContext): void {
  app.get<{ Params: { id: string; crop: string } }>('/media/:id/social/:crop', { schema: { params: PARAMS } }, async (request, reply) => {
    const [x, y] = (request.params.crop.match(/\d+/g) ?? []).map(Number) as [number, number];
    if (x > 100 || y > 100) return reply.callNotFound();
    const filePath = await socialCropPath(ctx, request.params.id, { x, y });
    if (!filePath) return reply.callNotFound();
    const stat = await fs.promises.stat(filePath);
    return reply
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('x-content-type-options', 'nosniff')
      .header('content-length', stat.size)
      .type('image/jpeg')
      .send(fs.createReadStream(filePath));
  });
}
