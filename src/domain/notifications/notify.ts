// Who hears about a new comment. Called inside the transaction that writes the comment, so
// each comment notifies exactly once however many instances run, and never without its comment.
// Only accounts have an inbox; guests are never notified.
import { newId } from '../../ids.ts';
import { inTransaction, type Db } from '../../storage/db.ts';
import * as repo from '../../storage/repos/notifications.ts';
import { findComment } from '../../storage/repos/comments.ts';
import { findUsersByIds } from '../../storage/repos/users.ts';
import type { Comment, Notification, NotificationKind, User } from '../../storage/schema.ts';
import { renderComment } from '../../render/comment-markdown.ts';
import type { DomainContext } from '../context.ts';

type NotifyContext = Pick<DomainContext, 'db' | 'clock'>;

/** Whether this person wants mail for this kind, and can receive it. */
export function wantsEmail(user: User, kind: NotificationKind): boolean {
  if (user.deleted_at !== null || user.email_verified_at === null) return false;
  const switches: Record<NotificationKind, number> = {
    reply: user.email_on_reply,
    mention: user.email_on_mention,
    moderation: user.email_on_moderation,
  };
  return switches[kind] === 1;
}

function row(ctx: NotifyContext, user: User, kind: NotificationKind, comment: Comment): Notification {
  const now = ctx.clock.now();
  return {
    id: newId(now.getTime()),
    user_id: user.id,
    kind,
    thread_id: comment.thread_id,
    comment_id: comment.id,
    created_at: now.toISOString(),
    read_at: null,
    email_state: wantsEmail(user, kind) ? 'pending' : 'none',
    emailed_at: null,
  };
}

/** Accounts named by the comment's @mentions (handles as written, or found again in the body). */
async function mentionedAccounts(db: Db, comment: Comment, handles?: readonly string[]): Promise<string[]> {
  if (handles ? handles.length === 0 : !comment.body_markdown.includes('@')) return [];
  const people = await repo.accountParticipants(db, comment.thread_id);
  const byName = new Map(people.map((p) => [p.display_name.toLowerCase(), p.id]));
  // The same parser that drew the mention links decides who was mentioned, so the two never disagree.
  const found =
    handles ??
    renderComment(comment.body_markdown, { resolveMention: (h) => (byName.has(h.toLowerCase()) ? { name: h, url: null } : undefined) })
      .mentions;
  const ids = found.map((h) => byName.get(h.toLowerCase())).filter((id): id is string => id !== undefined);
  return [...new Set(ids)];
}

/** Reply and mention notifications for a comment readers can see; skips anyone already told about it. */
async function notifyReaders(
  ctx: NotifyContext,
  comment: Comment,
  mentions?: readonly string[],
  knownParent?: Pick<Comment, 'author_id'>,
): Promise<number> {
  const { db } = ctx;
  const wanted = new Map<string, NotificationKind>();
  if (comment.parent_id) {
    const parent = knownParent ?? (await findComment(db, comment.parent_id));
    if (parent?.author_id) wanted.set(parent.author_id, 'reply');
  }
  for (const id of await mentionedAccounts(db, comment, mentions)) {
    if (!wanted.has(id)) wanted.set(id, 'mention');
  }
  if (comment.author_id) wanted.delete(comment.author_id);
  // Most comments answer nobody with an account and mention nobody: no need to ask who was told.
  if (wanted.size === 0) return 0;
  for (const id of await repo.notifiedAbout(db, comment.id, ['reply', 'mention'])) wanted.delete(id);
  if (wanted.size === 0) return 0;
  const users = await findUsersByIds(db, [...wanted.keys()]);
  const rows = users.filter((u) => u.deleted_at === null).map((u) => row(ctx, u, wanted.get(u.id)!, comment));
  await repo.insertNotifications(db, rows);
  return rows.length;
}

async function notifyModerators(ctx: NotifyContext, comment: Comment): Promise<number> {
  const staff = (await repo.moderators(ctx.db)).filter((u) => u.id !== comment.author_id);
  await repo.insertNotifications(
    ctx.db,
    staff.map((u) => row(ctx, u, 'moderation', comment)),
  );
  return staff.length;
}

/**
 * For postComment, inside its transaction: a published comment tells the replied-to author and
 * the mentioned accounts; a held one tells the moderators (its readers hear when it is published,
 * through notifyPublished). `parent`: the replied-to comment, when the caller has read it already.
 * Returns how many notifications were made; publish `notification.created` after the commit when
 * it is more than zero.
 */
export async function notifyNewComment(
  ctx: NotifyContext,
  comment: Comment,
  mentions?: readonly string[],
  parent?: Pick<Comment, 'author_id'>,
): Promise<number> {
  if (comment.status === 'published') return notifyReaders(ctx, comment, mentions, parent);
  if (comment.status === 'pending') return notifyModerators(ctx, comment);
  return 0;
}

/**
 * For moderation, when a held comment is approved: the reply/mention notifications go out now,
 * and the moderators' notifications about it are settled (read, no mail). Safe to call twice.
 * Joins the caller's transaction when ctx.db is one; publish `notification.created` after the
 * commit when the result is more than zero (otherwise the mail waits for the next 30-second round).
 */
export async function notifyPublished(ctx: NotifyContext, comment: Pick<Comment, 'id'>): Promise<number> {
  return inTransaction(ctx.db, async (db) => {
    const current = await findComment(db, comment.id);
    await repo.settleModeration(db, comment.id, ctx.clock.now().toISOString());
    if (!current || current.status !== 'published') return 0;
    return notifyReaders({ ...ctx, db }, current);
  });
}

/** For moderation, when a held comment is rejected or marked spam: nobody needs mail about it any more. */
export async function settleModerationNotifications(ctx: NotifyContext, commentId: string): Promise<void> {
  await repo.settleModeration(ctx.db, commentId, ctx.clock.now().toISOString());
}
