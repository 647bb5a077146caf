// Versions, revisions and old slugs for the writers' desk (issue 12: "Nobody overwrites
// anybody", "Revisions", autosave, slug redirects).
// - posts.version: 1 at creation, +1 on every saved change. A save names the version it started
//   from; the UPDATE only matches that version, so of two saves from the same version exactly one
//   lands, on either engine, without holding a lock while the writer types.
// - posts.updated_by: who made the latest saved change, so a refused save can say whose change won.
// - post_revisions: the text (title, excerpt, body) of each version where the text changed. `live`
//   is 0 for an autosave of a published post, which is kept beside the article and never shown to
//   readers until someone saves or restores it.
// - post_slug_history: the slugs a published article answered at before, for 301 redirects.
import type { Kysely } from 'kysely';
import type { Engine } from '../../config.ts';

export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  const timestamp = engine === 'postgres' ? 'timestamptz' : 'text';

  await db.schema
    .alterTable('posts')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .alterTable('posts')
    .addColumn('updated_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .execute();

  await db.schema
    .createTable('post_revisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('post_id', 'text', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('excerpt', 'text', (c) => c.notNull())
    .addColumn('body_markdown', 'text', (c) => c.notNull())
    // Who made the change; null only if that account row were ever removed.
    .addColumn('author_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    // save | autosave | restore
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('live', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('post_revisions_by_post').on('post_revisions').columns(['post_id', 'version', 'created_at']).execute();

  await db.schema
    .createTable('post_slug_history')
    .addColumn('old_slug', 'text', (c) => c.primaryKey())
    .addColumn('post_id', 'text', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .execute();
}
