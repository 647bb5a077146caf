// Who a reader is inside the embed: site-scoped single sign-on accounts, used SSO tokens (refused
// when seen again) and the single-use codes that carry a popup's sign-in into the frame.
import type { Db } from '../db.ts';
import type { EmbedHandoffsTable, User } from '../schema.ts';

export function findSsoUser(db: Db, site: string, subject: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('sso_site', '=', site).where('sso_subject', '=', subject).executeTakeFirst();
}

/**
 * Records a token as used; false when it already was (the primary key refuses the second insert,
 * so two requests racing with one token cannot both get through).
 */
export async function recordSsoTokenUse(db: Db, use: { tokenHash: string; site: string; expiresAt: string }): Promise<boolean> {
  const inserted = await db
    .insertInto('sso_token_uses')
    .values({ token_hash: use.tokenHash, site: use.site, expires_at: use.expiresAt })
    .onConflict((oc) => oc.column('token_hash').doNothing())
    .returning('token_hash')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Forgets used tokens past their expiry: by then the token is refused as expired anyway. */
export async function pruneSsoTokenUses(db: Db, now: string): Promise<void> {
  await db.deleteFrom('sso_token_uses').where('expires_at', '<', now).execute();
}

export async function insertHandoff(db: Db, handoff: EmbedHandoffsTable): Promise<void> {
  await db.insertInto('embed_handoffs').values(handoff).execute();
}

/** Marks the code used and returns it, in one statement; undefined when unknown, used or expired. */
export function useHandoff(db: Db, codeHash: string, now: string): Promise<EmbedHandoffsTable | undefined> {
  return db
    .updateTable('embed_handoffs')
    .set({ used_at: now })
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returningAll()
    .executeTakeFirst();
}

export async function pruneHandoffs(db: Db, now: string): Promise<void> {
  await db.deleteFrom('embed_handoffs').where('expires_at', '<', now).execute();
}
