// What a reader's standing is made of, beyond their account row: how much they have taken part.
import type { Db } from '../db.ts';

/** Published comments by this account, counted up to `atLeast` (enough to answer "has history"). */
export async function publishedCommentCount(db: Db, userId: string, atLeast: number): Promise<number> {
  const rows = await db
    .selectFrom('comments')
    .select('id')
    .where('author_id', '=', userId)
    .where('status', '=', 'published')
    .limit(atLeast)
    .execute();
  return rows.length;
}
