// Notifications: the inbox (newest first, keyset pages), unread counts, and the email side
// (which (person, thread) pairs have mail due, claiming pending rows exactly once).
import type { Db } from '../db.ts';
import type { Notification, NotificationKind, User } from '../schema.ts';

export async function insertNotifications(db: Db, rows: Notification[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('notifications').values(rows).execute();
}

/** Who already has a notification about this comment (any kind): nobody hears of one comment twice. */
export async function notifiedAbout(db: Db, commentId: string, kinds: NotificationKind[]): Promise<Set<string>> {
  const rows = await db
    .selectFrom('notifications')
    .select('user_id')
    .where('comment_id', '=', commentId)
    .where('kind', 'in', kinds)
    .execute();
  return new Set(rows.map((r) => r.user_id));
}

/** People with an account who have a published comment in the thread: the ones an @mention can reach. */
export function accountParticipants(db: Db, threadId: string): Promise<Pick<User, 'id' | 'display_name'>[]> {
  return db
    .selectFrom('users')
    .select(['users.id', 'users.display_name'])
    .where('users.deleted_at', 'is', null)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('comments')
          .select('comments.id')
          .whereRef('comments.author_id', '=', 'users.id')
          .where('comments.thread_id', '=', threadId)
          .where('comments.status', '=', 'published'),
      ),
    )
    .execute();
}

export function moderators(db: Db): Promise<User[]> {
  return db.selectFrom('users').selectAll().where('role', 'in', ['moderator', 'admin']).where('deleted_at', 'is', null).execute();
}

/** Moderation notifications about a comment that is no longer waiting: read, and no mail about it. */
export async function settleModeration(db: Db, commentId: string, now: string): Promise<void> {
  await db
    .updateTable('notifications')
    .set({ email_state: 'none' })
    .where('comment_id', '=', commentId)
    .where('kind', '=', 'moderation')
    .where('email_state', '=', 'pending')
    .execute();
  await db
    .updateTable('notifications')
    .set({ read_at: now })
    .where('comment_id', '=', commentId)
    .where('kind', '=', 'moderation')
    .where('read_at', 'is', null)
    .execute();
}

/** One inbox line: the notification with what it is about. */
export interface InboxRow {
  id: string;
  kind: NotificationKind;
  thread_id: string;
  thread_title: string;
  comment_id: string | null;
  comment_body: string | null;
  comment_status: string | null;
  author_name: string | null;
  guest_name: string | null;
  created_at: string;
  read_at: string | null;
}

function inboxQuery(db: Db) {
  return db
    .selectFrom('notifications as n')
    .innerJoin('threads as t', 't.id', 'n.thread_id')
    .leftJoin('comments as c', 'c.id', 'n.comment_id')
    .leftJoin('users as a', 'a.id', 'c.author_id')
    .select([
      'n.id',
      'n.kind',
      'n.thread_id',
      't.title as thread_title',
      'n.comment_id',
      'c.body_markdown as comment_body',
      'c.status as comment_status',
      'a.display_name as author_name',
      'c.guest_name',
      'n.created_at',
      'n.read_at',
    ]);
}

/** Newest first; `before` is the (created_at, id) of the last row of the previous page. */
export function inboxPage(
  db: Db,
  userId: string,
  options: { limit: number; before?: { createdAt: string; id: string } },
): Promise<InboxRow[]> {
  let query = inboxQuery(db).where('n.user_id', '=', userId);
  const before = options.before;
  if (before) {
    query = query.where((eb) =>
      eb.or([eb('n.created_at', '<', before.createdAt), eb.and([eb('n.created_at', '=', before.createdAt), eb('n.id', '<', before.id)])]),
    );
  }
  return query.orderBy('n.created_at', 'desc').orderBy('n.id', 'desc').limit(options.limit).execute();
}

export async function countUnread(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks the person's own unread notifications read (all of them when `ids` is absent); returns how many changed. */
export async function markRead(db: Db, userId: string, now: string, ids?: string[]): Promise<number> {
  if (ids && ids.length === 0) return 0;
  let query = db.updateTable('notifications').set({ read_at: now }).where('user_id', '=', userId).where('read_at', 'is', null);
  if (ids) query = query.where('id', 'in', ids);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** One of the person's own notifications (what it is about), or undefined for anyone else's. */
export function findOwnNotification(db: Db, userId: string, id: string): Promise<{ id: string; comment_id: string | null } | undefined> {
  return db.selectFrom('notifications').select(['id', 'comment_id']).where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
}

// ---- email ----

/** (person, thread) pairs with mail waiting whose last mail about that thread is older than `quietSince`. */
export function duePairs(db: Db, quietSince: string, limit: number): Promise<{ user_id: string; thread_id: string }[]> {
  return db
    .selectFrom('notifications as n')
    .select(['n.user_id', 'n.thread_id'])
    .distinct()
    .where('n.email_state', '=', 'pending')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('notifications as s')
            .select('s.id')
            .whereRef('s.user_id', '=', 'n.user_id')
            .whereRef('s.thread_id', '=', 'n.thread_id')
            .where('s.email_state', '=', 'sent')
            .where('s.emailed_at', '>', quietSince),
        ),
      ),
    )
    .limit(limit)
    .execute();
}

/**
 * Takes the person's row lock for the rest of the transaction (a no-op update), so two
 * instances deciding about the same person's mail take turns instead of both sending.
 */
export async function lockUserForMail(db: Db, userId: string): Promise<User | undefined> {
  return db
    .updateTable('users')
    .set((eb) => ({ email_on_reply: eb.ref('email_on_reply') }))
    .where('id', '=', userId)
    .returningAll()
    .executeTakeFirst();
}

export async function lastEmailedAt(db: Db, userId: string, threadId: string): Promise<string | null> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.max('emailed_at').as('last'))
    .where('user_id', '=', userId)
    .where('thread_id', '=', threadId)
    .where('email_state', '=', 'sent')
    .executeTakeFirst();
  const last = row?.last as string | Date | null | undefined;
  if (last === null || last === undefined) return null;
  return last instanceof Date ? last.toISOString() : new Date(last).toISOString();
}

export function pendingForMail(db: Db, userId: string, threadId: string): Promise<InboxRow[]> {
  return inboxQuery(db)
    .where('n.user_id', '=', userId)
    .where('n.thread_id', '=', threadId)
    .where('n.email_state', '=', 'pending')
    .orderBy('n.created_at')
    .orderBy('n.id')
    .execute();
}

/** Moves pending rows to `state`; only rows still pending change, so each is claimed once. */
export async function settleEmail(db: Db, ids: string[], state: 'sent' | 'none', at: string | null): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db
    .updateTable('notifications')
    .set({ email_state: state, emailed_at: at })
    .where('id', 'in', ids)
    .where('email_state', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
