import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import * as write from '../../../domain/posts/write.ts';
import { listPostsForActor, loadPostForActor } from '../../../domain/posts/admin-read.ts';
import { effectiveStatus } from '../../../domain/posts/visibility.ts';
import { AdminPostSchema, ErrorSchema, LeadFocus, presentAdminPost } from '../presenters.ts';
import type { AdminDeps } from './index.ts';
import { SECURED } from './index.ts';
import { Slug } from '../../schemas.ts';
import { BaseVersion, ConflictErrorSchema } from './revision-schemas.ts';

// 'review': an author submits a draft to the editors (the desk's "Submit for review").
const Status = Type.Union([Type.Literal('draft'), Type.Literal('review'), Type.Literal('scheduled'), Type.Literal('published')]);

const PostFields = {
  title: Type.String({ minLength: 1, maxLength: 200 }),
  slug: Slug,
  excerpt: Type.String({ maxLength: 1000 }),
  bodyMarkdown: Type.String({ minLength: 1, maxLength: 200000 }),
  status: Status,
  publishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  categorySlug: Type.Union([Slug, Type.Null()]),
  tags: Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 20 }),
  leadMediaId: Type.Union([Type.String({ maxLength: 64 }), Type.Null()]),
  leadFocus: LeadFocus,
  authorSlug: Slug,
  // Search and social metadata (domain/posts/seo-meta.ts): null or '' clears one.
  seoTitle: Type.Union([Type.String({ maxLength: 200 }), Type.Null()]),
  seoDescription: Type.Union([Type.String({ maxLength: 500 }), Type.Null()]),
  socialMediaId: Type.Union([Type.String({ maxLength: 64 }), Type.Null()]),
  canonicalUrl: Type.Union([Type.String({ maxLength: 2000 }), Type.Null()]),
};

const CreateBody = Type.Object(
  {
    type: Type.Optional(Type.Union([Type.Literal('post'), Type.Literal('page')])),
    title: PostFields.title,
    bodyMarkdown: PostFields.bodyMarkdown,
    slug: Type.Optional(PostFields.slug),
    excerpt: Type.Optional(PostFields.excerpt),
    status: Type.Optional(PostFields.status),
    publishedAt: Type.Optional(PostFields.publishedAt),
    categorySlug: Type.Optional(PostFields.categorySlug),
    tags: Type.Optional(PostFields.tags),
    leadMediaId: Type.Optional(PostFields.leadMediaId),
    leadFocus: Type.Optional(PostFields.leadFocus),
    authorSlug: Type.Optional(PostFields.authorSlug),
    seoTitle: Type.Optional(PostFields.seoTitle),
    seoDescription: Type.Optional(PostFields.seoDescription),
    socialMediaId: Type.Optional(PostFields.socialMediaId),
    canonicalUrl: Type.Optional(PostFields.canonicalUrl),
  },
  { additionalProperties: false },
);

// Every change names the version it started from (the `version` the client last read): a save over
// a newer version is refused with EDIT_CONFLICT, token clients included, so no client overwrites
// another's edit unseen. minProperties 2: baseVersion and at least one field.
const PatchBody = Type.Object(
  {
    baseVersion: BaseVersion,
    ...Type.Partial(Type.Object(PostFields)).properties,
  },
  { additionalProperties: false, minProperties: 2 },
);
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

export function registerAdminPosts(root: FastifyInstance, { ctx }: AdminDeps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const present = (post: write.PostWithTags) => presentAdminPost(post, effectiveStatus(post, ctx.clock.now()));
  const common = { tags: ['admin: posts'], security: SECURED };

  app.get(
    '/posts',
    {
      schema: {
        ...common,
        summary: 'Posts and pages in every state (authors see their own)',
        querystring: Type.Object(
          {
            type: Type.Union([Type.Literal('post'), Type.Literal('page')], { default: 'post' }),
            page: Type.Integer({ minimum: 1, maximum: 100000, default: 1 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ posts: Type.Array(AdminPostSchema) }), 401: ErrorSchema },
      },
    },
    async (request) => ({ posts: (await listPostsForActor(ctx, request.actor!, request.query)).map(present) }),
  );

  app.post(
    '/posts',
    {
      schema: {
        ...common,
        summary: 'Create a post or page (a draft unless a status is given)',
        body: CreateBody,
        response: { 201: AdminPostSchema, 400: ErrorSchema, 403: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request, reply) => reply.code(201).send(present(await write.createPost(ctx, request.actor!, request.body))),
  );

  app.get(
    '/posts/:id',
    { schema: { ...common, summary: 'One post in any state', params: IdParams, response: { 200: AdminPostSchema, 404: ErrorSchema } } },
    async (request) => present(await loadPostForActor(ctx, request.actor!, request.params.id)),
  );

  app.patch(
    '/posts/:id',
    {
      schema: {
        ...common,
        summary:
          "Change some fields of a post; publishing is a change of status. Refused with EDIT_CONFLICT (409) unless baseVersion is the post's current version",
        params: IdParams,
        body: PatchBody,
        response: { 200: AdminPostSchema, 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ConflictErrorSchema },
      },
    },
    async (request) => present(await write.updatePost(ctx, request.actor!, request.params.id, request.body)),
  );

  app.delete(
    '/posts/:id',
    {
      schema: { ...common, summary: 'Delete a post', params: IdParams, response: { 204: Type.Null(), 403: ErrorSchema, 404: ErrorSchema } },
    },
    async (request, reply) => {
      await write.deletePost(ctx, request.actor!, request.params.id);
      return reply.code(204).send(null);
    },
  );
}
