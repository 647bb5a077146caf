// Work waiting in the database's queues, for /metrics. Each count runs on an index
// (outbox_unsent, notifications_email), so a scrape stays cheap however much history is kept.
import type { Db } from '../db.ts';

/** Messages the outbox has not sent yet (failed ones still retrying included). */
export async function countUnsentMail(db: Db): Promise<number> {
  const row = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('sent_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Notifications whose mail is still to be decided (sent or skipped) by the notification mailer. */
export async function countNotificationsAwaitingMail(db: Db): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('email_state', '=', 'pending')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
