import type { Db } from '../db.ts';
import type { EmailToken, EmailTokenPurpose } from '../schema.ts';

export async function insertEmailToken(db: Db, token: EmailToken): Promise<void> {
  await db.insertInto('email_tokens').values(token).execute();
}

/**
 * Marks the token used and returns it, in one statement, so two clicks racing on the same link
 * cannot both succeed. Undefined when unknown, of another purpose, used or expired.
 */
export function useEmailToken(db: Db, id: string, purpose: EmailTokenPurpose, now: string): Promise<EmailToken | undefined> {
  return db
    .updateTable('email_tokens')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returningAll()
    .executeTakeFirst();
}

/** A newer link replaces older ones of the same purpose (a reset mail sent twice: only the last works). */
export async function retireEmailTokens(db: Db, email: string, purpose: EmailTokenPurpose, now: string): Promise<void> {
  await db.updateTable('email_tokens').set({ used_at: now }).where('email', '=', email).where('purpose', '=', purpose).where('used_at', 'is', null).execute();
}
