import type { Db } from '../db.ts';
import { compiledOnce } from '../compiled-query.ts';

// Read on every comment posted (the moderation settings), so compiled once (compiled-query.ts).
const settingByKey = compiledOnce(1, (db: Db, key: string) => db.selectFrom('settings').select('value').where('key', '=', key));

export async function getSetting(db: Db, key: string): Promise<string | undefined> {
  return (await settingByKey(db, key)).rows[0]?.value;
}

/** Stores the value unless the key already has one; returns whichever value is stored (first writer wins). */
export async function putSettingIfAbsent(db: Db, key: string, value: string, at: string): Promise<string> {
  await db
    .insertInto('settings')
    .values({ key, value, updated_at: at })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  return (await getSetting(db, key))!;
}

export async function putSetting(db: Db, key: string, value: string, at: string): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key, value, updated_at: at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: at }))
    .execute();
}
