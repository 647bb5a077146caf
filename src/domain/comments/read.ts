// Reading a thread: one page of top-level comments in the chosen order, each followed by its
// replies (oldest first, as a conversation reads), as one flat list in display order.
import { AppError, invalid } from '../../errors.ts';
import { findPostById } from '../../storage/repos/posts.ts';
import * as commentsRepo from '../../storage/repos/comments.ts';
import { OWN_HIDDEN_STATUSES, type CommentRow, type CommentViewer } from '../../storage/repos/comments.ts';
import type { Comment, Thread } from '../../storage/schema.ts';
import type { Commenter } from './commenter.ts';
import type { DomainContext } from '../context.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { DEFAULT_DISCUSSION } from './settings.ts';
import { requireThread } from './threads.ts';
import { avatarImageUrl } from '../../render/avatar.ts';
import { commentBadge } from '../users/badges.ts';
import {
  MAX_DISPLAY_DEPTH,
  REPLIES_PER_ROOT,
  THREAD_PAGE_SIZE,
  THREAD_SORTS,
  type CommentAuthorView,
  type CommentView,
  type MoreReplies,
  type ThreadPage,
  type ThreadSort,
} from './types.ts';
import { closedReason } from '../moderation/posting-rules.ts';
import { hashIp } from '../moderation/candidate.ts';
import { currentModerationSettings, guestsAllowed } from '../moderation/settings.ts';

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
      avatarUrl: row.author_avatar_media_id ? avatarImageUrl(row.author_avatar_media_id, 128) : (row.author_sso_avatar_url ?? null),
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
    pinned: !removed && row.pinned_at !== null,
    featured: !removed && row.featured_at !== null,
  };
}

/** The reader whose own hidden comments a read may include (null: a reader without identity). */
export function viewerOf(commenter: Commenter | null | undefined): CommentViewer | null {
  if (!commenter) return null;
  return commenter.kind === 'account' ? { authorId: commenter.id } : { guestKeyHash: commenter.keyHash };
}

function isOwnHidden(row: Pick<Comment, 'status' | 'author_id' | 'guest_key_hash'>, viewer: CommentViewer | null): boolean {
  if (!viewer || !(OWN_HIDDEN_STATUSES as readonly string[]).includes(row.status)) return false;
  // A guest key sees only comments still a guest's (not since claimed by an account), like owns().
  return 'authorId' in viewer ? row.author_id === viewer.authorId : row.author_id === null && row.guest_key_hash === viewer.guestKeyHash;
}

/**
 * One's own comment that others cannot see, as its author sees it: held reads "pending",
 * rejected carries the moderator's reason, and spam and shadow comments read exactly like
 * published ones, so neither a spammer nor a shadow-banned author learns anything.
 */
function presentOwnRow(row: CommentRow, depth: number, inReplyTo: CommentView['inReplyTo']): CommentView {
  const view = presentComment({ ...row, status: 'published' }, depth, inReplyTo);
  if (row.status === 'published' || row.status === 'shadow' || row.status === 'spam') return view;
  if (row.status === 'rejected') return { ...view, status: 'rejected', rejectionReason: row.rejection_reason ?? '' };
  return { ...view, status: 'pending' };
}

/** One comment as this reader sees it (e.g. their own held comment after an edit). */
export function presentCommentFor(row: CommentRow, commenter: Commenter | null): CommentView {
  return presentFor(row, row.depth, null, viewerOf(commenter));
}

/** A stored comment as this commenter sees it (the row knows what the commenter does not: the article's author for the badge, and avatars). */
export async function commentAsSeenBy(ctx: Pick<DomainContext, 'db'>, id: string, commenter: Commenter): Promise<CommentView> {
  const row = await commentsRepo.findComment(ctx.db, id);
  if (!row) throw new AppError('NOT_FOUND', `no comment has the id "${id}"`);
  return presentCommentFor(row, commenter);
}

/** A row as this viewer sees it: their own hidden comments in full, everything else as everyone sees it. */
function presentFor(row: CommentRow, depth: number, inReplyTo: CommentView['inReplyTo'], viewer: CommentViewer | null): CommentView {
  return isOwnHidden(row, viewer) ? presentOwnRow(row, depth, inReplyTo) : presentComment(row, depth, inReplyTo);
}

/**
 * Whether this reader's view of the thread differs from everyone's: an account (their name on the
 * page), or a guest with comments there that only they see. Anyone else, whatever their cookie,
 * shares the cached render.
 */
export async function hasPersonalView(ctx: DomainContext, threadId: string, commenter: Commenter | null): Promise<boolean> {
  if (!commenter) return false;
  if (commenter.kind === 'account') return true;
  return commentsRepo.hasOwnHiddenIn(ctx.db, threadId, viewerOf(commenter)!);
}

/** The viewer's own comments in a thread that nobody else sees (for the client to merge into public pages). */
export async function ownHiddenComments(ctx: DomainContext, threadId: string, commenter: Commenter): Promise<CommentView[]> {
  const thread = await requireThread(ctx.db, threadId);
  const rows = await commentsRepo.ownHiddenIn(ctx.db, thread.id, viewerOf(commenter)!, 200);
  return rows.map((row) => presentOwnRow(row, row.depth, null));
}

/**
 * Orders one page's rows for display: each top-level comment, then its replies depth-first.
 * A removed comment stays only while something visible hangs below it (on this page, or among
 * the replies still to load: `keep`).
 */
export function flatten(
  top: CommentRow[],
  replies: CommentRow[],
  viewer: CommentViewer | null,
  keep: ReadonlyMap<string, MoreReplies> = new Map(),
): CommentView[] {
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
    const result =
      row.status === 'published' || isOwnHidden(row, viewer) || keep.has(row.id) || (children.get(row.id) ?? []).some(isVisible);
    visible.set(row.id, result);
    return result;
  };
  const out: CommentView[] = [];
  const nameOf = (row: CommentRow) => (row.status === 'published' || isOwnHidden(row, viewer) ? authorOf(row).name : 'a deleted comment');
  const walk = (row: CommentRow, parent: CommentRow | null) => {
    if (!isVisible(row)) return;
    const inReplyTo = parent && row.depth > MAX_DISPLAY_DEPTH ? { id: parent.id, name: nameOf(parent) } : null;
    const more = keep.get(row.id);
    const view = presentFor(row, row.depth, inReplyTo, viewer);
    out.push(more ? { ...view, moreReplies: more } : view);
    for (const child of children.get(row.id) ?? []) walk(child, row);
  };
  for (const row of top) walk(row, null);
  return out;
}

export interface ThreadPageQuery {
  sort?: ThreadSort;
  cursor?: string | null;
  limit?: number;
  /**
   * The reader, for a personal (uncached) view: their own held, rejected and shadow comments
   * appear in place. Never set this for anything shared between readers.
   */
  viewer?: Commenter | null;
}

/** Editor's picks listed above the first page. */
export const FEATURED_LIMIT = 5;

export async function threadPage(ctx: DomainContext, threadOrId: Thread | string, query: ThreadPageQuery = {}): Promise<ThreadPage> {
  const thread = typeof threadOrId === 'string' ? await requireThread(ctx.db, threadOrId) : threadOrId;
  const sort = query.sort ?? 'best';
  const limit = query.limit ?? THREAD_PAGE_SIZE;
  const after = query.cursor ? decodeCursor(query.cursor, sort) : null;
  const viewer = viewerOf(query.viewer);
  const firstPage = after === null;
  // Pinned comments lead the first page of every order and are left out of the keyset pages.
  const [pinned, featured] = firstPage
    ? await Promise.all([
        commentsRepo.pinnedTopLevel(ctx.db, thread.id, viewer),
        commentsRepo.featuredIn(ctx.db, thread.id, FEATURED_LIMIT),
      ])
    : [[], []];
  // One extra row tells whether another page exists.
  const rows = await commentsRepo.topLevelPage(ctx.db, { threadId: thread.id, order: sort, after, limit: limit + 1, viewer });
  const top = rows.slice(0, limit);
  const { replies, more } = await boundedReplies(ctx, [...pinned, ...top]);
  const last = top[top.length - 1];
  // The author of spam or shadow comments counts them, as they would if they were published.
  const ownSilent = viewer ? await commentsRepo.ownSilentCount(ctx.db, thread.id, viewer) : 0;
  // Closed by a moderator, by the site's or the article's policy, or by age: the form goes away.
  const moderation = await currentModerationSettings(ctx);
  const closed = (await closedReason(ctx.db, thread, moderation, ctx.clock.now())) !== null;
  return {
    threadId: thread.id,
    sort,
    comments: flatten([...pinned, ...top], replies, viewer, more),
    featured: featured.map((row) => presentComment(row, row.depth, null)),
    nextCursor: rows.length > limit && last ? encodeCursor(sort, last) : null,
    commentCount: thread.comment_count + ownSilent,
    closed,
    guestsAllowed: guestsAllowed(moderation, (ctx.discussion ?? DEFAULT_DISCUSSION).guestsAllowed),
  };
}

/**
 * The first REPLIES_PER_ROOT replies of each conversation on a page, and for those with more, how
 * many are left and where they start. One query for the replies (one extra row per root tells
 * whether more exist), one count per cut conversation.
 */
async function boundedReplies(ctx: DomainContext, roots: CommentRow[]): Promise<{ replies: CommentRow[]; more: Map<string, MoreReplies> }> {
  const loaded = await commentsRepo.repliesUnder(
    ctx.db,
    roots.map((r) => r.id),
    REPLIES_PER_ROOT + 1,
  );
  const shown = new Map<string, number>();
  const lastShown = new Map<string, CommentRow>();
  const replies: CommentRow[] = [];
  const cut = new Set<string>();
  for (const row of loaded) {
    const count = shown.get(row.root_id) ?? 0;
    if (count >= REPLIES_PER_ROOT) {
      cut.add(row.root_id);
      continue;
    }
    shown.set(row.root_id, count + 1);
    lastShown.set(row.root_id, row);
    replies.push(row);
  }
  const more = new Map<string, MoreReplies>();
  for (const rootId of cut) {
    const last = lastShown.get(rootId)!;
    const count = await commentsRepo.publishedRepliesAfter(ctx.db, rootId, { createdAt: last.created_at, id: last.id });
    if (count > 0) more.set(rootId, { count, cursor: replyCursor(last) });
  }
  return { replies, more };
}

/** Reply pages run oldest first: their cursor is an "oldest" keyset. */
export const replyCursor = (row: CommentRow) => encodeCursor('oldest', { wilson: 0, created_at: row.created_at, id: row.id });

export interface Permalink {
  postSlug: string;
  sort: ThreadSort;
  /** Starts the page at the comment's top-level ancestor, so the comment is on it; null: the first page (pinned conversations). */
  cursor: string | null;
  commentId: string;
}

/** Hidden without their author being told: to their author they must look published everywhere. */
const SILENT_STATUSES: ReadonlySet<Comment['status']> = new Set(['shadow', 'spam']);

/**
 * Where a comment can be seen: its article, on the page that begins with its conversation. With
 * a viewer, their own hidden comments have a permalink too (on their personal page). A shadow or
 * spam comment also answers, like a published one, to a request from the address it was posted
 * from (`ip`, compared as comments.ip_hash): its author checking from a private window or a second
 * browser must not learn of the ban by a 404. Anyone else gets the 404.
 */
export async function permalinkFor(
  ctx: DomainContext,
  commentId: string,
  viewer: Commenter | null = null,
  from: { ip?: string | null } = {},
): Promise<Permalink> {
  const comment = await commentsRepo.findComment(ctx.db, commentId);
  const notFound = new AppError('NOT_FOUND', `no comment has the id "${commentId}"`);
  const fromItsAddress = (row: Comment) =>
    SILENT_STATUSES.has(row.status) && row.ip_hash !== null && row.ip_hash === hashIp(ctx.secret, from.ip);
  if (!comment || (comment.status !== 'published' && !isOwnHidden(comment, viewerOf(viewer)) && !fromItsAddress(comment))) throw notFound;
  const thread = await requireThread(ctx.db, comment.thread_id);
  const post = thread.post_id ? await findPostById(ctx.db, thread.post_id) : undefined;
  if (!post) throw notFound;
  return { postSlug: post.slug, ...(await placeOf(ctx, comment)), commentId };
}

/** The page of its thread a comment is on: "oldest" from its conversation's start (a pinned one is on the first page). */
async function placeOf(ctx: Pick<DomainContext, 'db'>, comment: Comment): Promise<{ sort: 'oldest'; cursor: string | null }> {
  const root = comment.root_id === comment.id ? comment : await commentsRepo.findComment(ctx.db, comment.root_id);
  if (root?.pinned_at) return { sort: 'oldest', cursor: null };
  // In oldest order, a keyset with the root's time and an empty id starts exactly at the root.
  return { sort: 'oldest', cursor: encodeCursor('oldest', { wilson: 0, created_at: (root ?? comment).created_at, id: '' }) };
}

/**
 * Where an embedded page's frame opens for a link to one of its comments (#comment-ID on the
 * host page): the page of the thread it is on, or null when the thread shows no such comment.
 */
export async function placeOfCommentIn(
  ctx: Pick<DomainContext, 'db'>,
  threadId: string,
  commentId: string,
): Promise<{ sort: 'oldest'; cursor: string | null } | null> {
  const comment = await commentsRepo.findComment(ctx.db, commentId);
  if (!comment || comment.thread_id !== threadId || comment.status !== 'published') return null;
  return placeOf(ctx, comment);
}

/** The comment a no-JavaScript reply form answers, if it can be answered. */
export async function replyTarget(ctx: DomainContext, threadId: string, commentId: string): Promise<{ id: string; name: string } | null> {
  const comment = await commentsRepo.findComment(ctx.db, commentId);
  if (!comment || comment.thread_id !== threadId || comment.status !== 'published') return null;
  return { id: comment.id, name: authorOf(comment).name };
}
