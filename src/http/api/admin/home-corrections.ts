// The home page's arrangement, correction notes and readers' error reports for editors:
// GET/PUT /home, POST/DELETE /posts/:id/corrections[/:cid], GET /error-reports and its actions.
// Thin: the domain checks the role and every field (its errors name the field).
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { arrangeHome, homeArrangement } from '../../../domain/posts/home.ts';
import { addCorrection, removeCorrection } from '../../../domain/posts/corrections.ts';
import {
  answerErrorReport,
  correctFromErrorReport,
  dismissErrorReport,
  listErrorReports,
  type ErrorReportView,
} from '../../../domain/posts/error-reports.ts';
import { mailSites } from '../../../domain/mail-site.ts';
import type { PostCorrection } from '../../../domain/records.ts';
import { ErrorSchema } from '../presenters.ts';
import type { AdminDeps } from './index.ts';
import { SECURED } from './index.ts';

const Id = Type.String({ maxLength: 64 });
// No maxItems here: the domain's "at most six" names the field, the schema's message would not.
// Null first: with type coercion on, a string branch tried first would turn null into "".
const Arrangement = Type.Object(
  { lead: Type.Union([Type.Null(), Id]), featured: Type.Array(Id, { maxItems: 100 }) },
  { additionalProperties: false },
);
const Kind = Type.Union([Type.Literal('correction'), Type.Literal('update')]);
const CorrectionSchema = Type.Object({
  id: Type.String(),
  postId: Type.String(),
  kind: Kind,
  text: Type.String(),
  authorId: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});
const Status = Type.Union([Type.Literal('open'), Type.Literal('answered'), Type.Literal('dismissed'), Type.Literal('corrected')]);
const ReportSchema = Type.Object({
  id: Type.String(),
  post: Type.Object({ id: Type.String(), title: Type.String(), slug: Type.String() }),
  text: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  status: Status,
  note: Type.String(),
  correctionId: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  closedAt: Type.Union([Type.String(), Type.Null()]),
});

const presentCorrection = (c: PostCorrection) => ({
  id: c.id,
  postId: c.post_id,
  kind: c.kind,
  text: c.text,
  authorId: c.author_id,
  createdAt: c.created_at,
});
const presentReport = (r: ErrorReportView) => ({
  id: r.id,
  post: { id: r.post_id, title: r.post_title, slug: r.post_slug },
  text: r.text,
  email: r.email,
  status: r.status,
  note: r.note,
  correctionId: r.correction_id,
  createdAt: r.created_at,
  closedAt: r.closed_at,
});

export function registerAdminHomeAndCorrections(root: FastifyInstance, { ctx, config }: AdminDeps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const mailSite = mailSites(ctx, { title: config.siteTitle, publicUrl: config.publicUrl });
  const home = { tags: ['admin: home page'], security: SECURED };
  const corrections = { tags: ['admin: corrections'], security: SECURED };

  app.get(
    '/home',
    { schema: { ...home, summary: 'The lead and featured stories (editors)', response: { 200: Arrangement, 403: ErrorSchema } } },
    async (request) => homeArrangement(ctx, request.actor!),
  );

  app.put(
    '/home',
    {
      schema: {
        ...home,
        summary: 'Choose the lead story and up to six featured stories (published or scheduled posts; the rest follows by date)',
        body: Arrangement,
        response: { 200: Arrangement, 400: ErrorSchema, 403: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request) => arrangeHome(ctx, request.actor!, request.body),
  );

  app.post(
    '/posts/:id/corrections',
    {
      schema: {
        ...corrections,
        summary: 'Add a dated correction or update note to a published article',
        params: Type.Object({ id: Id }),
        body: Type.Object({ kind: Kind, text: Type.String({ maxLength: 10000 }) }, { additionalProperties: false }),
        response: { 201: CorrectionSchema, 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(presentCorrection(await addCorrection(ctx, request.actor!, request.params.id, request.body))),
  );

  app.delete(
    '/posts/:id/corrections/:cid',
    {
      schema: {
        ...corrections,
        summary: 'Remove a correction note',
        params: Type.Object({ id: Id, cid: Id }),
        response: { 204: Type.Null(), 403: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      await removeCorrection(ctx, request.actor!, request.params.id, request.params.cid);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/error-reports',
    {
      schema: {
        ...corrections,
        summary: "Readers' error reports on articles, newest first (editors)",
        querystring: Type.Object({ status: Type.Optional(Status), postId: Type.Optional(Id) }, { additionalProperties: false }),
        response: { 200: Type.Object({ reports: Type.Array(ReportSchema) }), 403: ErrorSchema },
      },
    },
    async (request) => ({ reports: (await listErrorReports(ctx, request.actor!, request.query)).map(presentReport) }),
  );

  const IdParams = Type.Object({ id: Id });
  app.post(
    '/error-reports/:id/answer',
    {
      schema: {
        ...corrections,
        summary: 'Close the report as answered; a reader who gave an address is mailed the note',
        params: IdParams,
        body: Type.Object({ note: Type.String({ maxLength: 10000 }) }, { additionalProperties: false }),
        response: { 200: ReportSchema, 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request) => presentReport(await answerErrorReport(ctx, mailSite.require, request.actor!, request.params.id, request.body.note)),
  );

  app.post(
    '/error-reports/:id/dismiss',
    {
      schema: {
        ...corrections,
        summary: 'Close the report without a change',
        params: IdParams,
        body: Type.Object({ note: Type.Optional(Type.String({ maxLength: 10000 })) }, { additionalProperties: false }),
        response: { 200: ReportSchema, 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request) => presentReport(await dismissErrorReport(ctx, request.actor!, request.params.id, request.body?.note ?? '')),
  );

  app.post(
    '/error-reports/:id/correction',
    {
      schema: {
        ...corrections,
        summary: 'Turn the report into a correction note on its article and close it, in one step',
        params: IdParams,
        body: Type.Object({ text: Type.String({ maxLength: 10000 }), kind: Type.Optional(Kind) }, { additionalProperties: false }),
        response: {
          201: Type.Object({ report: ReportSchema, correction: CorrectionSchema }),
          400: ErrorSchema,
          403: ErrorSchema,
          404: ErrorSchema,
          409: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const { report, correction } = await correctFromErrorReport(ctx, request.actor!, request.params.id, request.body);
      return reply.code(201).send({ report: presentReport(report), correction: presentCorrection(correction) });
    },
  );
}
