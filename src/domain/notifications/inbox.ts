// The in-site inbox: a person's notifications newest first (keyset pages), the unread count for
// the masthead, marking read, and the email preferences that decide what is also mailed.
import { Type, type Static } from 'typebox';
import { invalid, notFound } from '../../errors.ts';
import * as repo from '../../storage/repos/notifications.ts';
import { updateUser, type UserPatch } from '../../storage/repos/users.ts';
import type { NotificationKind, User } from '../../storage/schema.ts';
import type { DomainContext } from '../context.ts';
import { isKeysetId, isStoredTimestamp } from '../keyset.ts';

export const INBOX_PAGE_SIZE = 20;
export const MAX_INBOX_PAGE_SIZE = 50;
const EXCERPT = 240;

export interface InboxItem {
  id: string;
  kind: NotificationKind;
  threadId: string;
  threadTitle: string;
  commentId: string | null;
  /** Who wrote the comment; "Someone" when it cannot be told. */
  actorName: string;
  excerpt: string;
  createdAt: string;
  read: boolean;
}

export interface InboxPage {
  items: InboxItem[];
  unreadCount: number;
  /** Pass back as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

function encodeCursor(createdAt: string, id: string): string {
  return Buffer.from(`${createdAt}|${id}`).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  const [createdAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!isStoredTimestamp(createdAt) || !id || !isKeysetId(id)) throw invalid('cursor', 'is not a cursor this inbox gave out');
  return { createdAt: new Date(createdAt).toISOString(), id };
}

function excerptOf(row: repo.InboxRow): string {
  if (row.comment_status === 'deleted' || !row.comment_body) return 'This comment was deleted.';
  const text = row.comment_body.replace(/\s+/g, ' ').trim();
  return text.length > EXCERPT ? `${text.slice(0, EXCERPT - 1)}…` : text;
}

export async function inbox(
  ctx: Pick<DomainContext, 'db'>,
  userId: string,
  options: { cursor?: string; limit?: number } = {},
): Promise<InboxPage> {
  const limit = Math.min(Math.max(options.limit ?? INBOX_PAGE_SIZE, 1), MAX_INBOX_PAGE_SIZE);
  const before = options.cursor ? decodeCursor(options.cursor) : undefined;
  const [rows, unreadCount] = await Promise.all([
    repo.inboxPage(ctx.db, userId, { limit: limit + 1, before }),
    repo.countUnread(ctx.db, userId),
  ]);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => ({
      id: row.id,
      kind: row.kind,
      threadId: row.thread_id,
      threadTitle: row.thread_title,
      commentId: row.comment_id,
      actorName: row.author_name ?? row.guest_name ?? 'Someone',
      excerpt: excerptOf(row),
      createdAt: new Date(row.created_at).toISOString(),
      read: row.read_at !== null,
    })),
    unreadCount,
    nextCursor: rows.length > limit && last ? encodeCursor(new Date(last.created_at).toISOString(), last.id) : null,
  };
}

export function unreadCount(ctx: Pick<DomainContext, 'db'>, userId: string): Promise<number> {
  return repo.countUnread(ctx.db, userId);
}

/** Marks the given notifications (only the person's own) or all of them read; returns how many changed. */
export function markRead(ctx: Pick<DomainContext, 'db' | 'clock'>, userId: string, ids?: string[]): Promise<number> {
  return repo.markRead(ctx.db, userId, ctx.clock.now().toISOString(), ids);
}

/**
 * Opening a notification from the inbox: it is read from then on, and the answer says where the
 * comment is (null when the comment is gone). Someone else's notification is NOT_FOUND, the same
 * answer as an id that never existed.
 */
export async function openNotification(
  ctx: Pick<DomainContext, 'db' | 'clock'>,
  userId: string,
  id: string,
): Promise<{ commentId: string | null }> {
  const found = await repo.findOwnNotification(ctx.db, userId, id);
  if (!found) throw notFound('notification');
  await repo.markRead(ctx.db, userId, ctx.clock.now().toISOString(), [found.id]);
  return { commentId: found.comment_id };
}

/** Written once: GET/PATCH /api/v1/me/email-preferences publish this schema as it is. */
export const EmailPreferencesSchema = Type.Object({
  replies: Type.Boolean({ description: 'email when someone replies to my comment' }),
  mentions: Type.Boolean({ description: 'email when someone @mentions me' }),
  moderation: Type.Boolean({ description: 'email when comments wait for review (moderators and admins)' }),
});
export type EmailPreferences = Static<typeof EmailPreferencesSchema>;

export function emailPreferences(user: User): EmailPreferences {
  return { replies: user.email_on_reply === 1, mentions: user.email_on_mention === 1, moderation: user.email_on_moderation === 1 };
}

/** Changes only the switches given; returns the preferences as they now are. */
export async function setEmailPreferences(
  ctx: Pick<DomainContext, 'db' | 'clock'>,
  user: User,
  change: Partial<EmailPreferences>,
): Promise<EmailPreferences> {
  const patch: UserPatch = {};
  if (change.replies !== undefined) patch.email_on_reply = change.replies ? 1 : 0;
  if (change.mentions !== undefined) patch.email_on_mention = change.mentions ? 1 : 0;
  if (change.moderation !== undefined) patch.email_on_moderation = change.moderation ? 1 : 0;
  if (Object.keys(patch).length > 0) {
    patch.updated_at = ctx.clock.now().toISOString();
    await updateUser(ctx.db, user.id, patch);
  }
  return emailPreferences({ ...user, ...patch });
}
