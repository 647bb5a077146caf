// Search, social and preview links for the writers' desk (issue 12, "Metadata" and "Preview link").
// - posts.seo_title / seo_description: what search results and link previews show instead of the
//   headline and standfirst; null = use those.
// - posts.social_media_id: the image link previews show; null = the lead image.
// - posts.canonical_url: an absolute http(s) URL when the article first appeared elsewhere; null =
//   the article's own address.
// - posts.preview_nonce: signed into every preview link of the post; "Revoke links" replaces it, so
//   every link made before stops working without a table of issued links.
import type { Kysely } from 'kysely';
import type { Engine } from '../../config.ts';

export async function up(db: Kysely<unknown>, _engine: Engine): Promise<void> {
  // One column per statement: SQLite's ALTER TABLE adds one at a time.
  await db.schema.alterTable('posts').addColumn('seo_title', 'text').execute();
  await db.schema.alterTable('posts').addColumn('seo_description', 'text').execute();
  await db.schema
    .alterTable('posts')
    .addColumn('social_media_id', 'text', (c) => c.references('media.id').onDelete('set null'))
    .execute();
  await db.schema.alterTable('posts').addColumn('canonical_url', 'text').execute();
  await db.schema.alterTable('posts').addColumn('preview_nonce', 'text').execute();
}
