import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import * as categories from '../../../domain/taxonomy/categories.ts';
import { CategorySchema, ErrorSchema, TagSchema, presentCategory, presentTag } from '../presenters.ts';
import type { AdminDeps } from './index.ts';
import { SECURED } from './index.ts';
import { Slug } from '../../schemas.ts';

const Fields = {
  name: Type.String({ minLength: 1, maxLength: 80 }),
  slug: Slug,
  parentSlug: Type.Union([Slug, Type.Null()]),
  description: Type.String({ maxLength: 1000 }),
};
const SlugParams = Type.Object({ slug: Slug });

export function registerAdminTaxonomy(root: FastifyInstance, { ctx }: AdminDeps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const withAll = async (category: Parameters<typeof presentCategory>[0]) => presentCategory(category, await categories.allCategories(ctx));
  const common = { tags: ['admin: taxonomy'], security: SECURED };

  app.post(
    '/categories',
    {
      schema: {
        ...common,
        summary: 'Create a category, optionally inside another',
        body: Type.Object(
          {
            name: Fields.name,
            slug: Type.Optional(Fields.slug),
            parentSlug: Type.Optional(Fields.parentSlug),
            description: Type.Optional(Fields.description),
          },
          { additionalProperties: false },
        ),
        response: { 201: CategorySchema, 400: ErrorSchema, 403: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await withAll(await categories.createCategory(ctx, request.actor!, request.body))),
  );

  app.patch(
    '/categories/:slug',
    {
      schema: {
        ...common,
        summary: 'Rename, move or describe a category',
        params: SlugParams,
        body: Type.Partial(Type.Object(Fields), { additionalProperties: false, minProperties: 1 }),
        response: { 200: CategorySchema, 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request) => withAll(await categories.updateCategory(ctx, request.actor!, request.params.slug, request.body)),
  );

  app.delete(
    '/categories/:slug',
    {
      schema: {
        ...common,
        summary: 'Delete a category without sub-categories; its posts become uncategorised',
        params: SlugParams,
        response: { 204: Type.Null(), 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request, reply) => {
      await categories.deleteCategory(ctx, request.actor!, request.params.slug);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/tags',
    {
      schema: {
        ...common,
        summary: 'Create a tag (posts also create tags they name)',
        body: Type.Object(
          { name: Type.String({ minLength: 1, maxLength: 50 }), slug: Type.Optional(Slug) },
          { additionalProperties: false },
        ),
        response: { 201: TagSchema, 400: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request, reply) => reply.code(201).send(presentTag(await categories.createTag(ctx, request.actor!, request.body))),
  );

  app.delete(
    '/tags/:slug',
    { schema: { ...common, summary: 'Delete a tag', params: SlugParams, response: { 204: Type.Null(), 404: ErrorSchema } } },
    async (request, reply) => {
      await categories.deleteTag(ctx, request.actor!, request.params.slug);
      return reply.code(204).send(null);
    },
  );
}
