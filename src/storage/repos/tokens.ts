import type { Db } from '../db.ts';
import type { ApiToken, User } from '../schema.ts';

export async function insertToken(db: Db, token: ApiToken): Promise<void> {
  await db.insertInto('api_tokens').values(token).execute();
}

export function findActiveTokenOwner(db: Db, tokenHash: string): Promise<User | undefined> {
  return db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .selectAll('users')
    .where('api_tokens.token_hash', '=', tokenHash)
    .where('api_tokens.revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function touchToken(db: Db, tokenHash: string, at: string): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: at }).where('token_hash', '=', tokenHash).execute();
}

/** Revokes every API token of the account still in force; answers how many. */
export async function revokeTokensOf(db: Db, userId: string, now: string): Promise<number> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
