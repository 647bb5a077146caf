// Votes and reports weighed by who sends them (issue 11, findings 6 and 7).
// - A guest vote records the HMAC of the voter's address (hashIp), and at most one guest vote per
//   (comment, address) is counted: a unique index, so two fresh browsers voting at the same
//   instant cannot both get in. Account votes leave it null (an account counts on its own).
// - A report records its weight toward a hold, fixed when it is made from the reporter's standing
//   (domain/moderation/standing.ts). Unknown standing weighs 0 — the report still reaches the
//   moderators' queue, it just never hides anything by itself — so existing guest reports drop
//   to 0 and existing account reports keep the 1 they counted as.
import { sql, type Kysely } from 'kysely';
import type { Engine } from '../../config.ts';

export async function up(db: Kysely<unknown>, _engine: Engine): Promise<void> {
  await db.schema.alterTable('comment_votes').addColumn('ip_hash', 'text').execute();
  await db.schema
    .createIndex('comment_votes_one_guest_per_address')
    .on('comment_votes')
    .columns(['comment_id', 'ip_hash'])
    .unique()
    .where(sql.ref('ip_hash'), 'is not', null)
    .execute();

  await db.schema
    .alterTable('comment_reports')
    .addColumn('weight', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`UPDATE comment_reports SET weight = 1 WHERE reporter LIKE 'user:%'`.execute(db);
}
