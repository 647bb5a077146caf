// GET /api/v1/search and /api/v1/search/comments: the same ranked searches as the /search page's
// two tabs, as JSON.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { DomainContext } from '../../domain/context.ts';
import { MAX_QUERY_LENGTH, search } from '../../domain/search/search.ts';
import { ErrorSchema, PostSummarySchema, presentSummary } from './presenters.ts';
import { searchComments } from '../../domain/search/comments.ts';
import { CommentSchema } from './comments.ts';

const SearchHitSchema = Type.Object({
  ...PostSummarySchema.properties,
  titleHtml: Type.String({ description: 'the title, HTML-escaped, matched words in <mark>' }),
  snippetHtml: Type.String({ description: 'a passage of the body around the matches, HTML-escaped, matched words in <mark>' }),
});

const CommentHitSchema = Type.Object({
  id: Type.String(),
  url: Type.String({ description: "the comment's permalink: opens the article where the comment is, scrolled to it" }),
  excerptHtml: Type.String({ description: 'a passage of the comment, HTML-escaped, matched words in <mark>' }),
  author: CommentSchema.properties.author,
  createdAt: Type.String({ format: 'date-time' }),
  article: Type.Object({ title: Type.String(), slug: Type.String(), url: Type.String() }),
});

export const SearchQuerySchema = Type.Object(
  {
    q: Type.String({ minLength: 1, maxLength: MAX_QUERY_LENGTH, description: 'words, "phrases", -excluded, OR' }),
    page: Type.Integer({ minimum: 1, maximum: 1000, default: 1 }),
  },
  { additionalProperties: false },
);

export function registerSearchApi(root: FastifyInstance, deps: { ctx: DomainContext }): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/search',
    {
      schema: {
        tags: ['posts'],
        summary: 'Published posts matching a query, best match first',
        querystring: SearchQuerySchema,
        response: {
          200: Type.Object({
            results: Type.Array(SearchHitSchema),
            page: Type.Integer(),
            pageCount: Type.Integer(),
            total: Type.Integer(),
          }),
          400: ErrorSchema,
        },
      },
    },
    async (request) => {
      const found = await search(deps.ctx, request.query.q, request.query.page);
      return {
        results: found.items.map((hit) => ({ ...presentSummary(hit), titleHtml: hit.titleHtml, snippetHtml: hit.snippetHtml })),
        page: found.page,
        pageCount: found.pageCount,
        total: found.total,
      };
    },
  );
  app.get(
    '/search/comments',
    {
      schema: {
        tags: ['discussion'],
        summary: 'Published comments under visible articles matching a query, best match first',
        querystring: SearchQuerySchema,
        response: {
          200: Type.Object({
            results: Type.Array(CommentHitSchema),
            page: Type.Integer(),
            pageCount: Type.Integer(),
            total: Type.Integer(),
          }),
          400: ErrorSchema,
          404: ErrorSchema,
        },
      },
    },
    async (request) => {
      const found = await searchComments(deps.ctx, request.query.q, request.query.page);
      return { results: found.items, page: found.page, pageCount: found.pageCount, total: found.total };
    },
  );
}
