// Which account a person at an OpenID Connect provider signs in as: (provider, subject) → user.
import type { Db } from '../db.ts';
import type { OidcIdentitiesTable } from '../schema.ts';

export type OidcIdentity = OidcIdentitiesTable;

export function findIdentity(db: Db, provider: string, subject: string): Promise<OidcIdentity | undefined> {
  return db.selectFrom('oidc_identities').selectAll().where('provider', '=', provider).where('subject', '=', subject).executeTakeFirst();
}

export async function insertIdentity(db: Db, identity: OidcIdentity): Promise<void> {
  await db.insertInto('oidc_identities').values(identity).execute();
}

export async function deleteIdentity(db: Db, provider: string, subject: string): Promise<void> {
  await db.deleteFrom('oidc_identities').where('provider', '=', provider).where('subject', '=', subject).execute();
}

export function identitiesOfUser(db: Db, userId: string): Promise<OidcIdentity[]> {
  return db.selectFrom('oidc_identities').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('provider').execute();
}

/** Unlinks every identity of the account except `keep` (the one signing in now, if any). */
export async function deleteIdentitiesOfUser(db: Db, userId: string, keep: { provider: string; subject: string } | null): Promise<void> {
  let query = db.deleteFrom('oidc_identities').where('user_id', '=', userId);
  if (keep) query = query.where((eb) => eb.not(eb.and([eb('provider', '=', keep.provider), eb('subject', '=', keep.subject)])));
  await query.execute();
}
