// The public read API: published posts, categories and tags.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { DomainContext } from '../../domain/context.ts';
import * as read from '../../domain/posts/read.ts';
import { allCategories, allTags } from '../../domain/taxonomy/categories.ts';
import {
  CategorySchema,
  ErrorSchema,
  PostSchema,
  PostSummarySchema,
  TagSchema,
  presentArticle,
  presentCategory,
  presentSummary,
  presentTag,
} from './presenters.ts';
import { Slug } from '../schemas.ts';

export function registerPublicApi(root: FastifyInstance, deps: { ctx: DomainContext }): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { ctx } = deps;

  app.get(
    '/posts',
    {
      schema: {
        tags: ['posts'],
        summary: 'Published posts, newest first',
        querystring: Type.Object(
          {
            page: Type.Integer({ minimum: 1, maximum: 100000, default: 1 }),
            category: Type.Optional(Slug),
            tag: Type.Optional(Slug),
            author: Type.Optional(Slug),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            posts: Type.Array(PostSummarySchema),
            page: Type.Integer(),
            pageCount: Type.Integer(),
            total: Type.Integer(),
          }),
          400: ErrorSchema,
        },
      },
    },
    async (request) => {
      const list = await read.listPostsBySlugs(ctx, request.query);
      return { posts: list.items.map(presentSummary), page: list.page, pageCount: list.pageCount, total: list.total };
    },
  );

  app.get(
    '/posts/:slug',
    {
      schema: {
        tags: ['posts'],
        summary: 'One published post, by the slug its URL ends in',
        params: Type.Object({ slug: Slug }),
        response: { 200: PostSchema, 404: ErrorSchema },
      },
    },
    async (request) => presentArticle(await read.article(ctx, request.params.slug)),
  );

  app.get(
    '/categories',
    {
      schema: { tags: ['taxonomy'], summary: 'All categories', response: { 200: Type.Object({ categories: Type.Array(CategorySchema) }) } },
    },
    async () => {
      const all = await allCategories(ctx);
      return { categories: all.map((c) => presentCategory(c, all)) };
    },
  );

  app.get(
    '/tags',
    { schema: { tags: ['taxonomy'], summary: 'All tags', response: { 200: Type.Object({ tags: Type.Array(TagSchema) }) } } },
    async () => ({ tags: (await allTags(ctx)).map(presentTag) }),
  );
}
