// The shapes the discussion engine hands to pages and the API. A thread page is a flat list in
// display order (replies follow their parent), so the server render, the JSON API and the
// client all walk the same list.

export const COMMENT_STATUSES = ['published', 'pending', 'spam', 'rejected', 'deleted', 'shadow'] as const;
export type CommentStatus = (typeof COMMENT_STATUSES)[number];

export const THREAD_SORTS = ['best', 'newest', 'oldest'] as const;
export type ThreadSort = (typeof THREAD_SORTS)[number];

/** Nesting shown on screen stops here; deeper replies sit at this level with "in reply to". */
export const MAX_DISPLAY_DEPTH = 4;

/** Top-level comments on one page of a thread. */
export const THREAD_PAGE_SIZE = 25;

/**
 * Replies shown under one top-level comment on a thread page; the rest load on demand ("N more
 * replies"), so a page holds at most THREAD_PAGE_SIZE × (1 + this) comments besides pinned ones.
 */
export const REPLIES_PER_ROOT = 50;

/** Replies per "more replies" page. */
export const REPLIES_PAGE_SIZE = 50;

/** On a top-level comment whose replies go beyond what the page shows: how many more, and where they start. */
export interface MoreReplies {
  /** Published replies not shown yet. */
  count: number;
  /** Opaque; for GET /comments/{id}/replies?cursor= (JSON) or /comments/{id}/replies?after= (HTML). */
  cursor: string;
}

export interface CommentAuthorView {
  name: string;
  /** The profile page, for accounts; null for guests and deleted authors. */
  profileUrl: string | null;
  isGuest: boolean;
  /**
   * "Author" on comments by the article's author; "Editor", "Moderator" or "Admin" for those
   * roles; null otherwise.
   */
  badge: string | null;
  /** The uploaded picture (128 px JPEG; a .webp twin sits beside it); absent or null: initials. */
  avatarUrl?: string | null;
}

export interface CommentView {
  id: string;
  parentId: string | null;
  /** 0 for top-level comments; real depth, not capped. */
  depth: number;
  /** Shown on replies deeper than MAX_DISPLAY_DEPTH, which are displayed flat. */
  inReplyTo: { id: string; name: string } | null;
  author: CommentAuthorView;
  /** Sanitized HTML; empty for a deleted comment that stays only to keep its replies' place. */
  bodyHtml: string;
  createdAt: string;
  editedAt: string | null;
  upvotes: number;
  downvotes: number;
  score: number;
  /**
   * Public views contain only 'published' and 'deleted' (shown as "This comment was deleted").
   * Its author alone also sees their own held comment as 'pending' and a rejected one as
   * 'rejected'; a shadow-banned author's comment reads 'published' to them.
   */
  status: CommentStatus;
  /** Pinned by a moderator: shown first among top-level comments on the first page. */
  pinned?: boolean;
  /** An editor's pick: also listed in the thread's "Editor's picks" section. */
  featured?: boolean;
  /** Only on the author's own rejected comment: the moderator's reason. */
  rejectionReason?: string | null;
  /** Only on a top-level comment with more replies than the page shows. */
  moreReplies?: MoreReplies;
}

/** A page of one conversation's later replies (after those its thread page shows). */
export interface RepliesPage {
  threadId: string;
  /** The article the conversation is under (null for a thread embedded on another site). */
  postSlug: string | null;
  rootId: string;
  /** Display order: each reply followed by its own replies on this page. */
  comments: CommentView[];
  /** Opaque; null on the last page. */
  nextCursor: string | null;
  /** Published replies after this page. */
  remaining: number;
}

export interface ThreadPage {
  threadId: string;
  sort: ThreadSort;
  comments: CommentView[];
  /** Opaque; null on the last page. */
  nextCursor: string | null;
  /** Published comments in the whole thread. */
  commentCount: number;
  /** New comments are refused (thread closed). */
  closed: boolean;
  /** Whether guests (name + email, no account) may post here. */
  guestsAllowed: boolean;
  /** Editor's picks, newest pick first; only on the first page (empty or absent on later ones). */
  featured?: CommentView[];
}
