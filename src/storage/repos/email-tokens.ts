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
  await db
    .updateTable('email_tokens')
    .set({ used_at: now })
    .where('email', '=', email)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .execute();
}

/** Retires an account's unused links of these purposes, whether they name the account or only its address. */
export async function retireEmailTokensOf(
  db: Db,
  owner: { userId: string; email: string; purposes: EmailTokenPurpose[] },
  now: string,
): Promise<void> {
  await db
    .updateTable('email_tokens')
    .set({ used_at: now })
    .where((eb) => eb.or([eb('user_id', '=', owner.userId), eb('email', '=', owner.email)]))
    .where('purpose', 'in', owner.purposes)
    .where('used_at', 'is', null)
    .execute();
}
