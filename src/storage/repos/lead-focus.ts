// Which lead-image crops are wanted: a crop is made only for a focal point some post has chosen.
import type { Db } from '../db.ts';

export async function isLeadFocusInUse(db: Db, mediaId: string, x: number, y: number): Promise<boolean> {
  const row = await db
    .selectFrom('posts')
    .select('id')
    .where('lead_media_id', '=', mediaId)
    .where('lead_focal_x', '=', x)
    .where('lead_focal_y', '=', y)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
