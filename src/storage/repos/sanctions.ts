import type { Db } from '../db.ts';
import { compiledForList } from '../compiled-query.ts';
import type { UserSanction } from '../schema.ts';

export async function insertSanction(db: Db, sanction: UserSanction): Promise<void> {
  await db.insertInto('user_sanctions').values(sanction).execute();
}

/** Sanctions in force now for any of these subjects (user:ID, email:ADDRESS), newest first. */
// Asked for every comment posted (and every vote): compiled once per padded list length.
const sanctionsOf = compiledForList(1, (db: Db, subjects: unknown[], now: string) =>
  db
    .selectFrom('user_sanctions')
    .selectAll()
    .where('subject', 'in', subjects as string[])
    .where('lifted_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .orderBy('created_at', 'desc'),
);

export function activeSanctions(db: Db, subjects: string[], now: string): Promise<UserSanction[]> {
  if (subjects.length === 0) return Promise.resolve([]);
  return sanctionsOf(db, subjects, now).then((result) => result.rows);
}
