// The home page's arrangement, corrections on articles, and readers' error reports (issue 12).
// - home_features: the editors' choice. Position 0 is the lead story, 1–6 the featured ones; a
//   table rather than a settings row so a deleted post drops out by its foreign key.
// - post_corrections: dated correction/update notes shown on the article, in its JSON-LD and feed.
// - article_error_reports: "Report an error in this article" from readers (no account needed).
import type { Kysely } from 'kysely';
import type { Engine } from '../../config.ts';

export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  const timestamp = engine === 'postgres' ? 'timestamptz' : 'text';

  await db.schema
    .createTable('home_features')
    .addColumn('position', 'integer', (c) => c.primaryKey())
    .addColumn('post_id', 'text', (c) => c.notNull().unique().references('posts.id').onDelete('cascade'))
    .execute();

  await db.schema
    .createTable('post_corrections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('post_id', 'text', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    // correction | update
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    // Null once the author's account is gone: the note itself stays on the article.
    .addColumn('author_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('post_corrections_by_post').on('post_corrections').columns(['post_id', 'created_at']).execute();

  await db.schema
    .createTable('article_error_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('post_id', 'text', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    // HMAC of the reporter's address (like comments.ip_hash): rate limits without the address.
    .addColumn('ip_hash', 'text')
    // open | answered | dismissed | corrected
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('correction_id', 'text', (c) => c.references('post_corrections.id').onDelete('set null'))
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('closed_at', timestamp)
    .addColumn('closed_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('article_error_reports_by_status').on('article_error_reports').columns(['status', 'created_at']).execute();
}
