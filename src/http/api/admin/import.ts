// Import uploads: a Disqus or WordPress export sent as multipart `file` is streamed straight
// into the importer (never held in memory or on disk). `dryRun` (a form field sent before the
// file, or the query parameter) reports what would happen without writing anything; `learn`
// (the same ways) set to false keeps the export's spam marks from teaching the spam filter.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError, invalid } from '../../../errors.ts';
import { can } from '../../../domain/policy.ts';
import { runImport, type ImportReport } from '../../../domain/import/run.ts';
import { IMPORT_KINDS, type ImportFormat } from '../../../domain/import/report.ts';
import { ErrorSchema } from '../presenters.ts';
import type { AdminDeps } from './index.ts';
import { SECURED } from './index.ts';

// Exports are far bigger than images; the importer streams, so this only bounds one request.
const IMPORT_UPLOAD_LIMIT = 1024 * 1024 * 1024;

const Counts = Type.Object(Object.fromEntries(IMPORT_KINDS.map((k) => [k, Type.Integer()])));
const ImportReportSchema = Type.Object(
  {
    format: Type.Union([Type.Literal('disqus'), Type.Literal('wordpress')]),
    dryRun: Type.Boolean(),
    bytesRead: Type.Integer(),
    imported: Counts,
    skipped: Counts,
    commentStatuses: Type.Object({
      published: Type.Integer(),
      pending: Type.Integer(),
      spam: Type.Integer(),
      rejected: Type.Integer(),
      deleted: Type.Integer(),
    }),
    notes: Type.Array(
      Type.Object({ kind: Type.String(), reason: Type.String(), count: Type.Integer(), examples: Type.Array(Type.String()) }),
    ),
    controlCharactersRemoved: Type.Integer({
      description: 'control characters (NUL and the like) removed from the text: they are never stored',
    }),
    learned: Type.Object(
      { spam: Type.Integer(), ham: Type.Integer() },
      { description: 'comments the spam filter learned from: spam marks as spam, approved comments as ham (0 with learn=false)' },
    ),
  },
  {
    $id: 'ImportReport',
    description: 'What the import did (or would do): counts per kind, and why records were skipped or placed differently',
  },
);

// Form fields arrive as text: the spellings of yes and no that forms and curl send. Anything else
// is refused, not read as false: a mistyped `dryRun` must never run a real import.
const FORM_BOOLEANS = new Map<unknown, boolean>([
  [true, true],
  ['true', true],
  ['1', true],
  ['on', true],
  [false, false],
  ['false', false],
  ['0', false],
  ['off', false],
]);

function formBoolean(field: string, value: unknown): boolean {
  const parsed = FORM_BOOLEANS.get(value);
  if (parsed === undefined) throw invalid(field, 'must be true or false (also accepted: 1 or 0, on or off)');
  return parsed;
}

export function registerAdminImport(root: FastifyInstance, { ctx }: AdminDeps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  for (const format of ['disqus', 'wordpress'] as const satisfies ImportFormat[]) {
    app.post(
      `/import/${format}`,
      {
        schema: {
          tags: ['admin: import'],
          security: SECURED,
          summary:
            format === 'disqus'
              ? 'Import a Disqus XML export (multipart/form-data: `file`, optional `dryRun` and `learn` before it); threads attach to posts by their /articles/SLUG link'
              : 'Import a WordPress export, WXR 1.1/1.2 (multipart/form-data: `file`, optional `dryRun` and `learn` before it)',
          description:
            'Admins only. Safe to repeat: records imported before are skipped. Files declaring XML entities or external DTDs are refused (422); malformed XML is refused with its line and column.',
          consumes: ['multipart/form-data'],
          querystring: Type.Object(
            { dryRun: Type.Optional(Type.Boolean()), learn: Type.Optional(Type.Boolean()) },
            { additionalProperties: false },
          ),
          response: { 200: ImportReportSchema, 400: ErrorSchema, 403: ErrorSchema, 413: ErrorSchema, 422: ErrorSchema },
        },
      },
      async (request) => {
        if (!can('import.run', request.actor!)) throw new AppError('ROLE_NOT_ALLOWED', 'only admins may import');
        if (!request.isMultipart()) throw invalid('file', 'expected a multipart/form-data upload with a `file` field');
        let dryRun = request.query.dryRun ?? false;
        let learn = request.query.learn ?? true;
        let report: ImportReport | undefined;
        for await (const part of request.parts({ limits: { fileSize: IMPORT_UPLOAD_LIMIT, files: 1 } })) {
          if (part.type === 'file') {
            if (part.fieldname !== 'file') throw invalid(part.fieldname, 'is not a known field; send the export as `file`');
            try {
              report = await runImport(ctx, { format, input: part.file, dryRun, learn });
            } catch (error) {
              if (part.file.truncated)
                throw new AppError(
                  'PAYLOAD_TOO_LARGE',
                  `the file is larger than ${IMPORT_UPLOAD_LIMIT / 1048576} MB; use \`gazette import ${format}\` on the server`,
                  'file',
                );
              throw error;
            }
          } else if (part.fieldname === 'learn') {
            if (report) throw invalid('learn', 'must be sent before the file');
            learn = formBoolean('learn', part.value);
          } else if (part.fieldname === 'dryRun') {
            if (report) throw invalid('dryRun', 'must be sent before the file');
            dryRun = formBoolean('dryRun', part.value);
          } else {
            throw invalid(part.fieldname, 'is not a known field');
          }
        }
        if (!report) throw invalid('file', 'is required');
        return report;
      },
    );
  }
}
