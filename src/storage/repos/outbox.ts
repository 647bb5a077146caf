import type { Db } from '../db.ts';
import type { OutboxMessage } from '../schema.ts';

export async function insertOutboxMessage(db: Db, message: OutboxMessage): Promise<void> {
  await db.insertInto('outbox').values(message).execute();
}

/**
 * Claims up to `limit` unsent messages for one sender until `until`: another instance skips them
 * meanwhile, and a sender that died mid-way lets them go again when the claim runs out.
 */
export async function claimUnsent(
  db: Db,
  options: { now: string; until: string; limit: number; maxAttempts: number },
): Promise<OutboxMessage[]> {
  const candidates = await db
    .selectFrom('outbox')
    .select('id')
    .where('sent_at', 'is', null)
    .where('attempts', '<', options.maxAttempts)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', options.now)]))
    .orderBy('created_at')
    .limit(options.limit)
    .execute();
  const claimed: OutboxMessage[] = [];
  for (const { id } of candidates) {
    const row = await db
      .updateTable('outbox')
      .set({ claimed_until: options.until })
      .where('id', '=', id)
      .where('sent_at', 'is', null)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', options.now)]))
      .returningAll()
      .executeTakeFirst();
    if (row) claimed.push(row);
  }
  return claimed;
}

export async function markSent(db: Db, id: string, at: string): Promise<void> {
  await db.updateTable('outbox').set({ sent_at: at, claimed_until: null, last_error: null }).where('id', '=', id).execute();
}

/** Counts the failed attempt and leaves the message claimed until `retryAt`, so retries back off. */
export async function markFailed(db: Db, id: string, error: string, retryAt: string): Promise<void> {
  await db
    .updateTable('outbox')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), claimed_until: retryAt, last_error: error.slice(0, 1000) }))
    .where('id', '=', id)
    .execute();
}

export function listOutbox(db: Db, options: { limit: number; offset: number }): Promise<OutboxMessage[]> {
  return db
    .selectFrom('outbox')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit)
    .offset(options.offset)
    .execute();
}

export function findOutboxMessage(db: Db, id: string): Promise<OutboxMessage | undefined> {
  return db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function countOutbox(db: Db): Promise<number> {
  const row = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
