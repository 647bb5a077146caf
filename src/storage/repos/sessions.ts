import type { Db } from '../db.ts';
import type { Session, User } from '../schema.ts';

export async function insertSession(db: Db, session: Session): Promise<void> {
  await db.insertInto('sessions').values(session).execute();
}

/** The live session with this id and its (not deleted) user, in one query: it runs on every signed-in request. */
export async function findLiveSession(
  db: Db,
  id: string,
  now: string,
): Promise<{ session: Pick<Session, 'id' | 'last_seen_at'>; user: User } | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .select(['sessions.id as session_id', 'sessions.last_seen_at as session_last_seen_at'])
    .where('sessions.id', '=', id)
    .where('sessions.expires_at', '>', now)
    .where('users.deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  const { session_id, session_last_seen_at, ...user } = row;
  return { session: { id: session_id, last_seen_at: session_last_seen_at }, user };
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
