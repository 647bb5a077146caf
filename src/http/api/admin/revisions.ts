// /api/v1/admin/posts/:id/{autosave,revisions}: the desk's autosave, revision list, word-level
// diffs and restore (issue 12). Thin handlers: the rules are in domain/posts/revisions.ts,
// autosave.ts and restore.ts.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { autosavePost } from '../../../domain/posts/autosave.ts';
import { restoreRevision } from '../../../domain/posts/restore.ts';
import { diffRevisions, listPostRevisions, loadRevision } from '../../../domain/posts/revisions.ts';
import { effectiveStatus } from '../../../domain/posts/visibility.ts';
import type { PostRevision } from '../../../domain/records.ts';
import { AdminPostSchema, ErrorSchema, presentAdminPost } from '../presenters.ts';
import type { AdminDeps } from './index.ts';
import { SECURED } from './index.ts';
import {
  AutosaveBody,
  AutosaveResultSchema,
  BaseVersion,
  ConflictErrorSchema,
  RevisionSchema,
  RevisionSummarySchema,
  TextDiffSchema,
} from './revision-schemas.ts';

const Id = Type.String({ maxLength: 64 });
const PostParams = Type.Object({ id: Id });
const RevisionParams = Type.Object({ id: Id, revisionId: Id });

function presentRevision(revision: PostRevision) {
  return {
    id: revision.id,
    version: revision.version,
    kind: revision.kind,
    live: revision.live === 1,
    title: revision.title,
    excerpt: revision.excerpt,
    bodyMarkdown: revision.body_markdown,
    createdAt: revision.created_at,
    authorId: revision.author_id,
  };
}

export function registerAdminRevisions(root: FastifyInstance, { ctx }: AdminDeps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const common = { tags: ['admin: posts'], security: SECURED };

  app.put(
    '/posts/:id/autosave',
    {
      schema: {
        ...common,
        summary: "Autosave the editor's text: a draft takes it; a scheduled or published post keeps it as a revision beside the article",
        params: PostParams,
        body: AutosaveBody,
        response: { 200: AutosaveResultSchema, 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ConflictErrorSchema },
      },
    },
    async (request) => autosavePost(ctx, request.actor!, request.params.id, request.body),
  );

  app.get(
    '/posts/:id/revisions',
    {
      schema: {
        ...common,
        summary: "The post's revisions, newest first (50 a page), with who and when",
        params: PostParams,
        querystring: Type.Object({ page: Type.Integer({ minimum: 1, maximum: 100000, default: 1 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ revisions: Type.Array(RevisionSummarySchema) }), 403: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request) => ({ revisions: await listPostRevisions(ctx, request.actor!, request.params.id, request.query.page) }),
  );

  app.get(
    '/posts/:id/revisions/diff',
    {
      schema: {
        ...common,
        summary: 'A word-level diff between two revisions of the post',
        params: PostParams,
        querystring: Type.Object({ from: Id, to: Id }, { additionalProperties: false }),
        response: {
          200: Type.Object({ from: RevisionSummarySchema.properties.id, to: RevisionSummarySchema.properties.id, diff: TextDiffSchema }),
          400: ErrorSchema,
          403: ErrorSchema,
          404: ErrorSchema,
        },
      },
    },
    async (request) => {
      const result = await diffRevisions(ctx, request.actor!, request.params.id, request.query.from, request.query.to);
      return { from: result.from.id, to: result.to.id, diff: result.diff };
    },
  );

  app.get(
    '/posts/:id/revisions/:revisionId',
    {
      schema: {
        ...common,
        summary: 'One revision with its full text',
        params: RevisionParams,
        response: { 200: RevisionSchema, 403: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request) => presentRevision(await loadRevision(ctx, request.actor!, request.params.id, request.params.revisionId)),
  );

  app.post(
    '/posts/:id/revisions/:revisionId/restore',
    {
      schema: {
        ...common,
        summary: 'Make a revision\'s text the post\'s again: a new version and a new revision (kind "restore")',
        params: RevisionParams,
        body: Type.Object({ baseVersion: BaseVersion }, { additionalProperties: false }),
        response: { 200: AdminPostSchema, 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ConflictErrorSchema },
      },
    },
    async (request) => {
      const post = await restoreRevision(ctx, request.actor!, request.params.id, {
        revisionId: request.params.revisionId,
        baseVersion: request.body.baseVersion,
      });
      return presentAdminPost(post, effectiveStatus(post, ctx.clock.now()));
    },
  );
}
