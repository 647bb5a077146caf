// What the live stream of a thread says about one comment event. Every stream of the thread
// receives the same message, so it is the public view only: a held, spam or shadow comment is
// news to nobody but its author (whose page has it already, or asks /mine).
import { findComment } from '../../storage/repos/comments.ts';
import type { CommentEvent } from '../../events/bus.ts';
import type { DomainContext } from '../context.ts';
import { presentComment } from './read.ts';
import type { CommentView } from './types.ts';

/** The event's payload for every reader, or null when readers must not see it. */
export async function publicEventPayload(
  ctx: DomainContext,
  event: CommentEvent,
): Promise<CommentView | { id: string; status: 'deleted' } | null> {
  if (event.type === 'comment.deleted') return { id: event.commentId, status: 'deleted' };
  const row = await findComment(ctx.db, event.commentId);
  if (!row || row.status !== 'published') return null;
  return presentComment(row, row.depth, null);
}
