// "N more replies": the rest of a long conversation, after the replies its thread page shows
// (REPLIES_PER_ROOT), a page at a time, oldest first, as every reader sees them (shared, cached).
import { AppError } from '../../errors.ts';
import { findPostById } from '../../storage/repos/posts.ts';
import * as commentsRepo from '../../storage/repos/comments.ts';
import type { DomainContext } from '../context.ts';
import { decodeCursor } from './cursor.ts';
import { flatten, replyCursor } from './read.ts';
import { requireThread } from './threads.ts';
import { REPLIES_PAGE_SIZE, type RepliesPage } from './types.ts';

/**
 * One page of a conversation's replies after a cursor (from `moreReplies` or the previous page),
 * as every reader sees them (shared, cacheable). Replies whose parent is on an earlier page come
 * first-level here; their parentId says where they belong.
 */
export async function repliesPage(
  ctx: DomainContext,
  rootId: string,
  query: { cursor?: string | null; limit?: number } = {},
): Promise<RepliesPage> {
  const root = await commentsRepo.findComment(ctx.db, rootId);
  if (!root || root.depth !== 0) throw new AppError('NOT_FOUND', `no conversation starts at comment "${rootId}"`);
  const limit = query.limit ?? REPLIES_PAGE_SIZE;
  const after = query.cursor ? decodeCursor(query.cursor, 'oldest') : null;
  const rows = await commentsRepo.repliesAfter(ctx.db, root.id, after, limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const hasMore = rows.length > limit && last !== undefined;
  const onPage = new Set(page.map((row) => row.id));
  const starts = page.filter((row) => !onPage.has(row.parent_id!));
  const comments = flatten(
    starts,
    page.filter((row) => onPage.has(row.parent_id!)),
    null,
  );
  const thread = await requireThread(ctx.db, root.thread_id);
  const post = thread.post_id ? await findPostById(ctx.db, thread.post_id) : undefined;
  return {
    threadId: root.thread_id,
    postSlug: post?.slug ?? null,
    rootId: root.id,
    comments,
    nextCursor: hasMore ? replyCursor(last) : null,
    remaining: hasMore ? await commentsRepo.publishedRepliesAfter(ctx.db, root.id, { createdAt: last.created_at, id: last.id }) : 0,
  };
}
