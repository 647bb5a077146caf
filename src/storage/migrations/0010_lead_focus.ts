// The lead image's focal point (issue 12, "a lead image with a focal point"): the point, in
// percent of the image's width and height, that crops keep in view — the home page's cards (CSS
// object-position) and the 1200×630 social image (cut with sharp). 50/50 is the middle, which
// is what every crop did before.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('posts')
    .addColumn('lead_focal_x', 'integer', (c) => c.notNull().defaultTo(50))
    .execute();
  await db.schema
    .alterTable('posts')
    .addColumn('lead_focal_y', 'integer', (c) => c.notNull().defaultTo(50))
    .execute();
}
