// Profiles list a person's comments newest first: without this index that page would scan every
// comment on the site.
import type { Kysely } from 'kysely';
import type { Engine } from '../../config.ts';

export async function up(db: Kysely<unknown>, _engine: Engine): Promise<void> {
  await db.schema.createIndex('comments_by_author').on('comments').columns(['author_id', 'created_at', 'id']).execute();
}
