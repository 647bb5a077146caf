// The SQL behind undoing a moderation decision: the line being undone, whether it already was,
// and putting back what the decision settled (reports, readers' notifications).
import type { Db } from '../db.ts';
import type { ModerationLogEntry } from '../schema.ts';

export function findLogEntry(db: Db, id: string): Promise<ModerationLogEntry | undefined> {
  return db.selectFrom('moderation_log').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Whether an undo line already names this entry (details carry `"undoes":"ID"`). */
export async function wasUndone(db: Db, commentId: string, logId: string): Promise<boolean> {
  const rows = await db
    .selectFrom('moderation_log')
    .select('details')
    .where('comment_id', '=', commentId)
    .where('action', '=', 'undo')
    .execute();
  return rows.some((row) => row.details.includes(`"undoes":"${logId}"`));
}

/** Reports the decision closed (at its instant) are open again. */
export async function reopenReports(db: Db, commentId: string, resolvedAt: string): Promise<void> {
  await db
    .updateTable('comment_reports')
    .set({ resolved_at: null })
    .where('comment_id', '=', commentId)
    .where('resolved_at', '=', resolvedAt)
    .execute();
}

/** Readers' notifications the decision made (reply, mention) leave their inboxes (a mail already sent stays sent). */
export async function withdrawReaderNotifications(db: Db, commentId: string, since: string): Promise<void> {
  await db
    .deleteFrom('notifications')
    .where('comment_id', '=', commentId)
    .where('kind', 'in', ['reply', 'mention'])
    .where('created_at', '>=', since)
    .execute();
}
