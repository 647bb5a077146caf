// Import bookkeeping: which source records (Disqus, WordPress) have been imported, and as what.
// The key is (source system, kind, source id), so importing the same file again finds every
// record already there and changes nothing. Attachments are only remembered (URL and metadata
// in `data`), never downloaded, so their local_id may be empty.
import type { Kysely } from 'kysely';
import type { Engine } from '../../config.ts';

export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  const timestamp = engine === 'postgres' ? 'timestamptz' : 'text';
  await db.schema
    .createTable('import_sources')
    // "disqus", or "wordpress:<base site URL>" since WordPress ids are only unique per site.
    .addColumn('source_system', 'text', (c) => c.notNull())
    // thread | comment | post | page | category | tag | author | attachment
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('local_id', 'text')
    .addColumn('data', 'text')
    .addColumn('imported_at', timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('import_sources_pk', ['source_system', 'kind', 'source_id'])
    .execute();
}
