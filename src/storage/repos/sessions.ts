import type { Db } from '../db.ts';
import type { Session, User } from '../schema.ts';

export async function insertSession(db: Db, session: Session): Promise<void> {
  await db.insertInto('sessions').values(session).execute();
}

/** The live session with this id and its (not deleted) user. */
export async function findLiveSession(db: Db, id: string, now: string): Promise<{ session: Session; user: User } | undefined> {
  const session = await db.selectFrom('sessions').selectAll().where('id', '=', id).where('expires_at', '>', now).executeTakeFirst();
  if (!session) return undefined;
  const user = await db.selectFrom('users').selectAll().where('id', '=', session.user_id).where('deleted_at', 'is', null).executeTakeFirst();
  return user ? { session, user } : undefined;
}

export async function extendSession(db: Db, id: string, lastSeenAt: string, expiresAt: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: lastSeenAt, expires_at: expiresAt }).where('id', '=', id).execute();
}

export async function deleteSession(db: Db, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

export async function deleteUserSessions(db: Db, userId: string): Promise<number> {
  const result = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export function listUserSessions(db: Db, userId: string, now: string): Promise<Session[]> {
  return db.selectFrom('sessions').selectAll().where('user_id', '=', userId).where('expires_at', '>', now).orderBy('last_seen_at', 'desc').execute();
}
