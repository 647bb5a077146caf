import type { Db } from '../db.ts';
import type { Media } from '../schema.ts';

export function findMediaById(db: Db, id: string): Promise<Media | undefined> {
  return db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findMediaByIds(db: Db, ids: string[]): Promise<Media[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('media').selectAll().where('id', 'in', ids).execute();
}

export function findMediaBySha256(db: Db, sha256: string): Promise<Media | undefined> {
  return db.selectFrom('media').selectAll().where('sha256', '=', sha256).executeTakeFirst();
}

export async function insertMedia(db: Db, media: Media): Promise<void> {
  await db.insertInto('media').values(media).execute();
}

export function listMedia(db: Db, options: { limit: number; offset: number }): Promise<Media[]> {
  return db
    .selectFrom('media')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(options.limit)
    .offset(options.offset)
    .execute();
}

export async function updateMediaAlt(db: Db, id: string, alt: string): Promise<void> {
  await db.updateTable('media').set({ alt }).where('id', '=', id).execute();
}
