// Issue 14: near-duplicate comments across commenters. Each comment carries its SimHash
// (src/domain/moderation/steps/simhash.ts) as four 16-bit bands, each indexed with the time, so
// "a recent comment sharing any band" is four index range scans. Null: too short to compare.
// Existing comments are not fingerprinted: the look-back is a day by default, so the check is
// complete a day after the upgrade.
import type { Kysely } from 'kysely';
import type { Engine } from '../../config.ts';

export const SIMHASH_COLUMNS = ['simhash_0', 'simhash_1', 'simhash_2', 'simhash_3'] as const;

export async function up(db: Kysely<unknown>, _engine: Engine): Promise<void> {
  for (const column of SIMHASH_COLUMNS) {
    await db.schema.alterTable('comments').addColumn(column, 'integer').execute();
    await db.schema.createIndex(`comments_by_${column}`).on('comments').columns([column, 'created_at']).execute();
  }
}
