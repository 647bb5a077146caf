// Media library: upload (multipart, field `file`, optional field `alt`), list, show, edit alt text.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError, invalid } from '../../../errors.ts';
import { findMedia, listLibrary, setAltText, uploadImage } from '../../../domain/media/upload.ts';
import { limitImageUploads } from '../../plugins/rate-limit.ts';
import { ErrorSchema, MediaSchema, presentMedia } from '../presenters.ts';
import type { AdminDeps } from './index.ts';
import { SECURED } from './index.ts';

const IdParams = Type.Object({ id: Type.String({ pattern: '^[a-z0-9]{1,40}$' }) });

export function registerAdminMedia(root: FastifyInstance, { ctx, limiter }: AdminDeps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const common = { tags: ['admin: media'], security: SECURED };

  app.post(
    '/media',
    {
      schema: {
        ...common,
        summary: 'Upload an image (multipart/form-data: `file`, optional `alt`); responsive WebP and JPEG sizes are made at once',
        consumes: ['multipart/form-data'],
        response: {
          201: MediaSchema,
          200: MediaSchema,
          400: ErrorSchema,
          403: ErrorSchema,
          413: ErrorSchema,
          422: ErrorSchema,
          429: ErrorSchema,
          503: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      await limitImageUploads(limiter, 'media', request, request.actor!.id, reply);
      if (!request.isMultipart()) throw invalid('file', 'expected a multipart/form-data upload with a `file` field');
      let bytes: Buffer | undefined;
      let originalName = 'upload';
      let alt = '';
      for await (const part of request.parts()) {
        if (part.type === 'file') {
          if (part.fieldname !== 'file') throw invalid(part.fieldname, 'is not a known field; send the image as `file`');
          // toBuffer() throws FST_REQ_FILE_TOO_LARGE past the configured limit, answered as 413.
          bytes = await part.toBuffer();
          originalName = part.filename;
        } else if (part.fieldname === 'alt') {
          alt = String(part.value);
        } else {
          throw invalid(part.fieldname, 'is not a known field');
        }
      }
      if (!bytes) throw invalid('file', 'is required');
      const { media, created } = await uploadImage(ctx, request.actor!, { bytes, originalName, alt });
      // 200 when these exact bytes were already in the library, 201 when newly stored.
      return reply.code(created ? 201 : 200).send(presentMedia(media));
    },
  );

  app.get(
    '/media',
    {
      schema: {
        ...common,
        summary: 'The media library, newest first, 50 per page',
        querystring: Type.Object({ page: Type.Integer({ minimum: 1, maximum: 100000, default: 1 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ media: Type.Array(MediaSchema) }) },
      },
    },
    async (request) => ({ media: (await listLibrary(ctx, request.query.page)).map(presentMedia) }),
  );

  app.get(
    '/media/:id',
    { schema: { ...common, summary: 'One media item', params: IdParams, response: { 200: MediaSchema, 404: ErrorSchema } } },
    async (request) => {
      const media = await findMedia(ctx, request.params.id);
      if (!media) throw new AppError('NOT_FOUND', `no media item has the id "${request.params.id}"`);
      return presentMedia(media);
    },
  );

  app.patch(
    '/media/:id',
    {
      schema: {
        ...common,
        summary: 'Change the alt text',
        params: IdParams,
        body: Type.Object({ alt: Type.String({ maxLength: 500 }) }, { additionalProperties: false }),
        response: { 200: MediaSchema, 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request) => presentMedia(await setAltText(ctx, request.actor!, request.params.id, request.body.alt)),
  );
}
