// Which comments are the reader's own, from who the reader is (their account, or their guest key
// while no account has claimed the comment) rather than from what one browser remembers posting.
// Signed in on a second device, or after claiming their guest comments, a reader gets Edit and
// Delete on their comments (and no Report or votes), both in their own render of the page and in
// the client, which asks GET /threads/ID/own.
import { findComment } from '../../storage/repos/comments.ts';
import { ownCommentsIn, ownsAnyIn } from '../../storage/repos/comment-ownership.ts';
import type { DomainContext } from '../context.ts';
import { owns, type Commenter } from './commenter.ts';
import { presentCommentFor, viewerOf } from './read.ts';
import { DEFAULT_DISCUSSION } from './settings.ts';
import { requireThread } from './threads.ts';
import type { CommentView, ThreadPage } from './types.ts';

/** More than anyone writes under one article; past it the oldest simply get no buttons. */
const OWN_LIMIT = 500;

export interface OwnComment {
  id: string;
  /** Seconds left to edit it (0: only Delete remains). */
  editSecondsLeft: number;
  /** Its text as written, while it may still be edited (to fill the editor). */
  body?: string;
}

export type OwnControls = ReadonlyMap<string, { editable: boolean }>;

function secondsLeft(ctx: Pick<DomainContext, 'clock' | 'discussion'>, createdAt: string): number {
  const window = (ctx.discussion ?? DEFAULT_DISCUSSION).editWindowSeconds;
  const age = (ctx.clock.now().getTime() - Date.parse(createdAt)) / 1000;
  return Math.max(0, Math.floor(window - age));
}

/** The reader's standing comments in a thread, newest first. */
export async function ownCommentsOf(ctx: DomainContext, threadId: string, commenter: Commenter | null): Promise<OwnComment[]> {
  const thread = await requireThread(ctx.db, threadId);
  if (!commenter) return [];
  const rows = await ownCommentsIn(ctx.db, thread.id, viewerOf(commenter)!, OWN_LIMIT);
  return rows.map((row) => {
    const left = secondsLeft(ctx, row.created_at);
    return left > 0 ? { id: row.id, editSecondsLeft: left, body: row.body_markdown } : { id: row.id, editSecondsLeft: 0 };
  });
}

/** For the reader's own render: which comments get Edit (and Delete) instead of votes and Report. */
export async function ownControlsIn(ctx: DomainContext, threadId: string, commenter: Commenter): Promise<OwnControls> {
  const own = await ownCommentsOf(ctx, threadId, commenter);
  return new Map(own.map((comment) => [comment.id, { editable: comment.editSecondsLeft > 0 }]));
}

/**
 * Whether the thread looks different to this reader than to everyone: signed in (their name, their
 * controls), or a guest with comments of their own there (Edit and Delete, or ones only they see).
 * A made-up guest key owns nothing, so it still gets the shared page.
 */
export async function readerSeesOwnIn(ctx: DomainContext, threadId: string, commenter: Commenter | null): Promise<boolean> {
  if (!commenter) return false;
  if (commenter.kind === 'account') return true;
  return ownsAnyIn(ctx.db, threadId, viewerOf(commenter)!);
}

/** One comment as its author sees it, or null when it is not this reader's (or gone). */
export async function ownCommentView(ctx: DomainContext, id: string, commenter: Commenter): Promise<CommentView | null> {
  const row = await findComment(ctx.db, id);
  if (!row || row.status === 'deleted' || !owns(commenter, row)) return null;
  return presentCommentFor(row, commenter);
}

/** The text of one's own comment for the no-JavaScript editor, while the edit window is open; else null. */
export async function ownEditableText(ctx: DomainContext, id: string, commenter: Commenter): Promise<{ id: string; body: string } | null> {
  const row = await findComment(ctx.db, id);
  if (!row || row.status === 'deleted' || !owns(commenter, row) || secondsLeft(ctx, row.created_at) <= 0) return null;
  return { id: row.id, body: row.body_markdown };
}

/**
 * Puts the reader's just-posted comment on the page they return to when the page's own order did
 * not (a new comment rarely ranks on the page the reader was reading): under its parent when the
 * parent is there, else first after the pinned ones — where the client puts a new comment too.
 */
export function withOwnComment(page: ThreadPage, comment: CommentView): ThreadPage {
  if (page.comments.some((shown) => shown.id === comment.id)) return page;
  const comments = [...page.comments];
  const parentAt = comment.parentId === null ? -1 : comments.findIndex((shown) => shown.id === comment.parentId);
  const firstUnpinned = comments.findIndex((shown) => shown.parentId === null && !shown.pinned);
  comments.splice(parentAt >= 0 ? parentAt + 1 : firstUnpinned >= 0 ? firstUnpinned : comments.length, 0, comment);
  return { ...page, comments };
}
