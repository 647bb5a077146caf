// Shared by the import suites: fixture paths, running an import from a file or a string, and
// reading back what landed, keyed by source id.
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { DomainContext } from '../../src/domain/context.ts';
import { runImport, type ImportOptions } from '../../src/domain/import/run.ts';
import type { Db } from '../../src/storage/db.ts';

export const FIXTURES = path.resolve('../shared/fixtures');
export const LOCAL_FIXTURES = path.resolve('test/import/fixtures');

export function importFile(ctx: DomainContext, format: ImportOptions['format'], file: string, options: Partial<ImportOptions> = {}) {
  return runImport(ctx, { format, input: fs.createReadStream(file), ...options });
}

export function importText(ctx: DomainContext, format: ImportOptions['format'], xml: string, options: Partial<ImportOptions> = {}) {
  return runImport(ctx, { format, input: Readable.from([Buffer.from(xml)]), ...options });
}

/** Imported comments keyed by their source id, with the source id of their parent. */
export async function importedComments(db: Db, system: string) {
  const rows = await db
    .selectFrom('import_sources')
    .innerJoin('comments', 'comments.id', 'import_sources.local_id')
    .leftJoin('import_sources as parent_source', (join) =>
      join
        .onRef('parent_source.local_id', '=', 'comments.parent_id')
        .on('parent_source.kind', '=', 'comment')
        .on('parent_source.source_system', '=', system),
    )
    .select([
      'import_sources.source_id',
      'parent_source.source_id as parent_source_id',
      'comments.status',
      'comments.depth',
      'comments.thread_id',
      'comments.body_html',
      'comments.guest_name',
    ])
    .where('import_sources.source_system', '=', system)
    .where('import_sources.kind', '=', 'comment')
    .execute();
  return new Map(rows.map((r) => [r.source_id, r]));
}

export async function tableCounts(db: Db): Promise<Record<string, number>> {
  const tables = ['users', 'categories', 'tags', 'posts', 'post_tags', 'threads', 'comments', 'import_sources'] as const;
  const out: Record<string, number> = {};
  for (const table of tables) {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    out[table] = Number(row.n);
  }
  return out;
}

/** A minimal Disqus export: threads first, then posts. */
export function disqusXml(
  threads: { id: string; link: string; closed?: boolean }[],
  posts: { id: string; thread: string; parent?: string; body?: string; spam?: boolean; deleted?: boolean; at?: string }[],
): string {
  const threadXml = threads.map(
    (t) =>
      `<thread dsq:id="${t.id}"><link>${t.link}</link><title>Thread ${t.id}</title><createdAt>2020-01-01T00:00:00Z</createdAt><isClosed>${t.closed ? 'true' : 'false'}</isClosed></thread>`,
  );
  const postXml = posts.map(
    (p) =>
      `<post dsq:id="${p.id}"><message><![CDATA[${p.body ?? `<p>Comment ${p.id}</p>`}]]></message><createdAt>${p.at ?? '2020-01-02T00:00:00Z'}</createdAt>` +
      `<isDeleted>${p.deleted ? 'true' : 'false'}</isDeleted><isSpam>${p.spam ? 'true' : 'false'}</isSpam><author><name>Person ${p.id}</name><email>p${p.id}@example.invalid</email></author>` +
      `<thread dsq:id="${p.thread}"/>${p.parent ? `<parent dsq:id="${p.parent}"/>` : ''}</post>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n${[...threadXml, ...postXml].join('\n')}\n</disqus>\n`;
}
