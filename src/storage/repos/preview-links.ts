// The per-post value signed into preview links (posts.preview_nonce, migration 0011).
import type { Db } from '../db.ts';

/** The post's preview nonce, storing `fresh` first if it has none (two first links at once agree on one). */
export async function ensurePreviewNonce(db: Db, postId: string, fresh: string): Promise<string | null> {
  await db.updateTable('posts').set({ preview_nonce: fresh }).where('id', '=', postId).where('preview_nonce', 'is', null).execute();
  const row = await db.selectFrom('posts').select('preview_nonce').where('id', '=', postId).executeTakeFirst();
  return row?.preview_nonce ?? null;
}

/** Replaces the nonce: every link signed with the old one stops working. */
export async function replacePreviewNonce(db: Db, postId: string, fresh: string): Promise<void> {
  await db.updateTable('posts').set({ preview_nonce: fresh }).where('id', '=', postId).execute();
}
