// Uploaded images. A media item's files never change once written (a new upload gets a new
// id), so they are served with a one-year immutable cache lifetime.
import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { MediaFiles } from '../../domain/media/files.ts';

const CONTENT_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  webp: 'image/webp',
  png: 'image/png',
  gif: 'image/gif',
  avif: 'image/avif',
  heif: 'image/heif',
  tiff: 'image/tiff',
};

const PARAMS = {
  type: 'object',
  properties: {
    id: { type: 'string', pattern: '^[a-z0-9]{1,40}$' },
    file: { type: 'string', pattern: '^(w[0-9]{1,5}\\.(webp|jpg)|original\\.[a-z]{3,4})$' },
  },
} as const;

export function registerMediaFiles(app: FastifyInstance, mediaFiles: MediaFiles): void {
  app.get<{ Params: { id: string; file: string } }>('/media/:id/:file', { schema: { params: PARAMS } }, async (request, reply) => {
    const { id, file } = request.params;
    const type = CONTENT_TYPES[file.slice(file.lastIndexOf('.') + 1)];
    const filePath = mediaFiles.pathFor(id, file);
    const stat = await fs.promises.stat(filePath).catch(() => null);
    if (!type || !stat?.isFile()) return reply.callNotFound();
    return reply
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('x-content-type-options', 'nosniff')
      .header('content-length', stat.size)
      .type(type)
      .send(fs.createReadStream(filePath));
  });
}
