// Reading a thread: one page of top-level comments in the chosen order, each followed by its
// replies (oldest first, as a conversation reads), as one flat list in display order.
import { AppError, invalid } from '../../errors.ts';
import { findPostById } from '../../storage/repos/posts.ts';
import * as commentsRepo from '../../storage/repos/comments.ts';
import type { CommentRow } from '../../storage/repos/comments.ts';
import type { Comment, Thread } from '../../storage/schema.ts';
import type { Commenter } from './commenter.ts';
import type { DomainContext } from '../context.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { DEFAULT_DISCUSSION } from './settings.ts';
import { requireThread } from './threads.ts';
import { avatarImageUrl } from '../../render/avatar.ts';
import { commentBadge } from '../users/badges.ts';
import { MAX_DISPLAY_DEPTH, THREAD_PAGE_SIZE, THREAD_SORTS, type CommentAuthorView, type CommentView, type ThreadPage, type ThreadSort } from './types.ts';

export function parseSort(value: string | undefined, field = 'sort'): ThreadSort {
  if (value === undefined || value === '') return 'best';
  if (!(THREAD_SORTS as readonly string[]).includes(value)) throw invalid(field, `must be one of ${THREAD_SORTS.join(', ')}`);
  return value as ThreadSort;
}

/** Where a person's public profile lives. */
export const profilePath = (slug: string) => `/people/${slug}`;

function authorOf(row: CommentRow): CommentAuthorView {
  // A deleted account's kept comments read "Deleted user", with nothing that leads back to the person.
  if (row.author_id && row.author_name && !row.author_deleted_at) {
    return {
      name: row.author_name,
      profileUrl: row.author_slug ? profilePath(row.author_slug) : null,
      isGuest: false,
      badge: commentBadge({ id: row.author_id, role: row.author_role }, row.post_author_id),
      avatarUrl: row.author_avatar_media_id ? avatarImageUrl(row.author_avatar_media_id, 128) : null,
    };
  }
  if (row.guest_name) return { name: row.guest_name, profileUrl: null, isGuest: true, badge: null, avatarUrl: null };
  return { name: 'Deleted user', profileUrl: null, isGuest: false, badge: null, avatarUrl: null };
}

export function presentComment(row: CommentRow, depth: number, inReplyTo: CommentView['inReplyTo']): CommentView {
  const removed = row.status !== 'published';
  return {
    id: row.id,
    parentId: row.parent_id,
    depth,
    inReplyTo,
    author: removed ? { name: '', profileUrl: null, isGuest: false, badge: null, avatarUrl: null } : authorOf(row),
    bodyHtml: removed ? '' : row.body_html,
    createdAt: row.created_at,
    editedAt: row.edited_at,
    upvotes: row.upvotes,
    downvotes: row.downvotes,
    score: row.upvotes - row.downvotes,
    // Readers never learn why a comment went away (held, spam, rejected): it is simply gone.
    status: removed ? 'deleted' : 'published',
  };
}

/**
 * A comment as its own author sees it right after writing: with the author they know and, when
 * it is held for review, its text and the status 'pending' (others see nothing of it yet).
 */
export function presentOwnComment(
  comment: Comment,
  commenter: Commenter,
  /** What the commenter does not carry: the article's author (for the "Author" badge) and their avatar. */
  extra: Pick<CommentRow, 'post_author_id' | 'author_avatar_media_id'> = {},
): CommentView {
  const row: CommentRow = {
    ...comment,
    ...extra,
    status: 'published',
    author_name: commenter.kind === 'account' ? commenter.name : null,
    author_slug: commenter.kind === 'account' ? commenter.slug : null,
    author_role: commenter.kind === 'account' ? commenter.role : null,
  };
  return { ...presentComment(row, comment.depth, null), status: comment.status === 'published' ? 'published' : 'pending' };
}

/**
 * Orders one page's rows for display: each top-level comment, then its replies depth-first.
 * A removed comment stays only while something visible hangs below it.
 */
function flatten(top: CommentRow[], replies: CommentRow[]): CommentView[] {
  const children = new Map<string, CommentRow[]>();
  for (const reply of replies) {
    const list = children.get(reply.parent_id!) ?? [];
    list.push(reply);
    children.set(reply.parent_id!, list);
  }
  const visible = new Map<string, boolean>();
  const isVisible = (row: CommentRow): boolean => {
    const known = visible.get(row.id);
    if (known !== undefined) return known;
    const result = row.status === 'published' || (children.get(row.id) ?? []).some(isVisible);
    visible.set(row.id, result);
    return result;
  };
  const out: CommentView[] = [];
  const nameOf = (row: CommentRow) => (row.status === 'published' ? authorOf(row).name : 'a deleted comment');
  const walk = (row: CommentRow, parent: CommentRow | null) => {
    if (!isVisible(row)) return;
    const inReplyTo = parent && row.depth > MAX_DISPLAY_DEPTH ? { id: parent.id, name: nameOf(parent) } : null;
    out.push(presentComment(row, row.depth, inReplyTo));
    for (const child of children.get(row.id) ?? []) walk(child, row);
  };
  for (const row of top) walk(row, null);
  return out;
}

export interface ThreadPageQuery {
  sort?: ThreadSort;
  cursor?: string | null;
  limit?: number;
}

export async function threadPage(ctx: DomainContext, threadOrId: Thread | string, query: ThreadPageQuery = {}): Promise<ThreadPage> {
  const thread = typeof threadOrId === 'string' ? await requireThread(ctx.db, threadOrId) : threadOrId;
  const sort = query.sort ?? 'best';
  const limit = query.limit ?? THREAD_PAGE_SIZE;
  const after = query.cursor ? decodeCursor(query.cursor, sort) : null;
  // One extra row tells whether another page exists.
  const rows = await commentsRepo.topLevelPage(ctx.db, { threadId: thread.id, order: sort, after, limit: limit + 1 });
  const top = rows.slice(0, limit);
  const replies = await commentsRepo.repliesUnder(ctx.db, top.map((r) => r.id));
  const last = top[top.length - 1];
  return {
    threadId: thread.id,
    sort,
    comments: flatten(top, replies),
    nextCursor: rows.length > limit && last ? encodeCursor(sort, last) : null,
    commentCount: thread.comment_count,
    closed: thread.closed_at !== null,
    guestsAllowed: (ctx.discussion ?? DEFAULT_DISCUSSION).guestsAllowed,
  };
}

export interface Permalink {
  postSlug: string;
  sort: ThreadSort;
  /** Starts the page at the comment's top-level ancestor, so the comment is on it. */
  cursor: string;
  commentId: string;
}

/** Where a comment can be seen: its article, on the page that begins with its conversation. */
export async function permalinkFor(ctx: DomainContext, commentId: string): Promise<Permalink> {
  const comment = await commentsRepo.findComment(ctx.db, commentId);
  const notFound = new AppError('NOT_FOUND', `no comment has the id "${commentId}"`);
  if (!comment || comment.status !== 'published') throw notFound;
  const thread = await requireThread(ctx.db, comment.thread_id);
  const post = thread.post_id ? await findPostById(ctx.db, thread.post_id) : undefined;
  if (!post) throw notFound;
  const root = comment.root_id === comment.id ? comment : await commentsRepo.findComment(ctx.db, comment.root_id);
  // In oldest order, a keyset with the root's time and an empty id starts exactly at the root.
  return { postSlug: post.slug, sort: 'oldest', cursor: encodeCursor('oldest', { wilson: 0, created_at: (root ?? comment).created_at, id: '' }), commentId };
}

/** The comment a no-JavaScript reply form answers, if it can be answered. */
export async function replyTarget(ctx: DomainContext, threadId: string, commentId: string): Promise<{ id: string; name: string } | null> {
  const comment = await commentsRepo.findComment(ctx.db, commentId);
  if (!comment || comment.thread_id !== threadId || comment.status !== 'published') return null;
  return { id: comment.id, name: authorOf(comment).name };
}
