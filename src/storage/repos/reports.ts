// Readers' reports on comments. A reporter is user:ID or guest:HASH and is only ever read back
// as a count: nothing here returns who reported what.
import { sql } from 'kysely';
import type { Db } from '../db.ts';
import type { CommentReport } from '../schema.ts';

/**
 * Records a report; a second one from the same person on the same comment changes its reason
 * and note instead (it still counts once). Returns whether a new report was made.
 */
export async function upsertReport(db: Db, report: CommentReport): Promise<boolean> {
  const inserted = await db
    .insertInto('comment_reports')
    .values(report)
    .onConflict((oc) => oc.columns(['comment_id', 'reporter']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return true;
  await db
    .updateTable('comment_reports')
    .set({ reason: report.reason, note: report.note })
    .where('comment_id', '=', report.comment_id)
    .where('reporter', '=', report.reporter)
    .execute();
  return false;
}

/** Reports nobody has dealt with yet, per reason: the numbers a report-triggered hold is based on. */
export async function openReportCounts(db: Db, commentId: string): Promise<{ reason: CommentReport['reason']; n: number }[]> {
  const rows = await db
    .selectFrom('comment_reports')
    .select(['reason', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('comment_id', '=', commentId)
    .where('resolved_at', 'is', null)
    .groupBy('reason')
    .orderBy('reason')
    .execute();
  return rows.map((r) => ({ reason: r.reason, n: Number(r.n) }));
}

/** What the open reports weigh together toward a hold (each report's weight was fixed when it was made). */
export async function openReportWeight(db: Db, commentId: string): Promise<number> {
  const row = await db
    .selectFrom('comment_reports')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number | string>('weight'), eb.lit(0)).as('weight'))
    .where('comment_id', '=', commentId)
    .where('resolved_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.weight ?? 0);
}

/** comments.report_count counts distinct reporters, ever; moved by increments like the other counters. */
export async function incrementReportCount(db: Db, commentId: string): Promise<void> {
  await db
    .updateTable('comments')
    .set({ report_count: sql`report_count + 1` })
    .where('id', '=', commentId)
    .execute();
}

/**
 * Holds a comment for review if it is still published (so two reports arriving together hold
 * it, and change the thread's count, once). Returns whether this call held it.
 */
export async function holdIfPublished(db: Db, commentId: string, moderation: string): Promise<boolean> {
  const result = await db
    .updateTable('comments')
    .set({ status: 'pending', moderation })
    .where('id', '=', commentId)
    .where('status', '=', 'published')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
