import type { Db } from '../db.ts';
import type { ModerationLogEntry } from '../schema.ts';

export async function insertLogEntry(db: Db, entry: ModerationLogEntry): Promise<void> {
  await db.insertInto('moderation_log').values(entry).execute();
}
