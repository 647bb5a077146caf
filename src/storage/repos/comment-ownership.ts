// Which comments of a thread are the viewer's (by account, or by guest key while no account has
// claimed them): the reader's own controls (Edit, Delete) come from here, not from what one
// browser remembers posting.
import type { Db } from '../db.ts';
import { ownedBy, type CommentViewer } from './comments.ts';

export interface OwnCommentRow {
  id: string;
  created_at: string;
  body_markdown: string;
}

/** The viewer's comments in the thread that still stand (not deleted), newest first. */
export async function ownCommentsIn(db: Db, threadId: string, viewer: CommentViewer, limit: number): Promise<OwnCommentRow[]> {
  return db
    .selectFrom('comments')
    .select(['comments.id', 'comments.created_at', 'comments.body_markdown'])
    .where('comments.thread_id', '=', threadId)
    .where('comments.status', '!=', 'deleted')
    .where((eb) => ownedBy(eb, viewer))
    .orderBy('comments.created_at', 'desc')
    .orderBy('comments.id', 'desc')
    .limit(limit)
    .execute();
}

/** Whether the viewer has any comment still standing in the thread (one indexed look-up). */
export async function ownsAnyIn(db: Db, threadId: string, viewer: CommentViewer): Promise<boolean> {
  const row = await db
    .selectFrom('comments')
    .select('comments.id')
    .where('comments.thread_id', '=', threadId)
    .where('comments.status', '!=', 'deleted')
    .where((eb) => ownedBy(eb, viewer))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
