// Everything stored about one person, read out for "Download my data" and erased for "Delete my
// account". The deletion functions are meant to run together inside one transaction.
import type { Db } from '../db.ts';
import type { CommentsTable, Session } from '../schema.ts';

export interface ExportCommentRow {
  id: string;
  thread_id: string;
  parent_id: string | null;
  status: CommentsTable['status'];
  body_markdown: string;
  guest_name: string | null;
  guest_email: string | null;
  upvotes: number;
  downvotes: number;
  created_at: string;
  edited_at: string | null;
  deleted_at: string | null;
  thread_title: string;
  thread_url: string | null;
  post_title: string | null;
  post_slug: string | null;
}

export function commentsOfAuthor(db: Db, userId: string): Promise<ExportCommentRow[]> {
  return db
    .selectFrom('comments')
    .innerJoin('threads', 'threads.id', 'comments.thread_id')
    .leftJoin('posts', 'posts.id', 'threads.post_id')
    .select([
      'comments.id',
      'comments.thread_id',
      'comments.parent_id',
      'comments.status',
      'comments.body_markdown',
      'comments.guest_name',
      'comments.guest_email',
      'comments.upvotes',
      'comments.downvotes',
      'comments.created_at',
      'comments.edited_at',
      'comments.deleted_at',
      'threads.title as thread_title',
      'threads.url as thread_url',
      'posts.title as post_title',
      'posts.slug as post_slug',
    ])
    .where('comments.author_id', '=', userId)
    .orderBy('comments.created_at')
    .orderBy('comments.id')
    .execute();
}

export function votesByVoter(db: Db, voter: string): Promise<{ comment_id: string; value: number; created_at: string }[]> {
  return db
    .selectFrom('comment_votes')
    .select(['comment_id', 'value', 'created_at'])
    .where('voter', '=', voter)
    .orderBy('created_at')
    .orderBy('comment_id')
    .execute();
}

export function notificationsOf(db: Db, userId: string) {
  return db
    .selectFrom('notifications')
    .select(['id', 'kind', 'thread_id', 'comment_id', 'created_at', 'read_at', 'email_state', 'emailed_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export function sessionsOf(
  db: Db,
  userId: string,
): Promise<Pick<Session, 'created_at' | 'last_seen_at' | 'expires_at' | 'user_agent' | 'ip'>[]> {
  return db
    .selectFrom('sessions')
    .select(['created_at', 'last_seen_at', 'expires_at', 'user_agent', 'ip'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();
}

export function identitiesOf(db: Db, userId: string) {
  return db
    .selectFrom('oidc_identities')
    .select(['provider', 'subject', 'email', 'created_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();
}

export function apiTokensOf(db: Db, userId: string) {
  return db
    .selectFrom('api_tokens')
    .select(['name', 'created_at', 'last_used_at', 'revoked_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();
}

/** Published comments per thread, so each thread's count can drop by exactly that many. */
export async function publishedCountsByThread(db: Db, userId: string): Promise<{ threadId: string; count: number }[]> {
  const rows = await db
    .selectFrom('comments')
    .select(['thread_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('author_id', '=', userId)
    .where('status', '=', 'published')
    .groupBy('thread_id')
    .execute();
  return rows.map((r) => ({ threadId: r.thread_id, count: Number(r.n) }));
}

/** The top-level comments of every branch the person wrote in (their own included), to re-rank. */
export async function branchesWrittenIn(db: Db, userId: string): Promise<string[]> {
  const rows = await db.selectFrom('comments').select('root_id').distinct().where('author_id', '=', userId).execute();
  return rows.map((r) => r.root_id);
}

/**
 * Erases the text of every comment by the person, as their own delete does: the thread shows a
 * placeholder only where replies hang below. Returns how many comments were erased.
 */
export async function eraseCommentsOfAuthor(db: Db, userId: string, now: string): Promise<number> {
  const result = await db
    .updateTable('comments')
    .set({
      status: 'deleted',
      body_markdown: '',
      body_html: '',
      deleted_at: now,
      guest_name: null,
      guest_email: null,
      guest_key_hash: null,
    })
    .where('author_id', '=', userId)
    .where('status', '!=', 'deleted')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Kept comments lose whatever still names the person (the address they once posted with as a guest). */
export async function detachCommentsOfAuthor(db: Db, userId: string): Promise<number> {
  const result = await db
    .updateTable('comments')
    .set({ guest_name: null, guest_email: null, guest_key_hash: null })
    .where('author_id', '=', userId)
    .where('status', '!=', 'deleted')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Sessions, sign-in links, identities at providers, API tokens and the inbox: gone. */
export async function deleteAccessAndInbox(db: Db, userId: string, email: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
  await db
    .deleteFrom('email_tokens')
    .where((eb) => eb.or([eb('user_id', '=', userId), eb('email', '=', email)]))
    .execute();
  await db.deleteFrom('oidc_identities').where('user_id', '=', userId).execute();
  await db.deleteFrom('api_tokens').where('user_id', '=', userId).execute();
  await db.deleteFrom('notifications').where('user_id', '=', userId).execute();
}

/** The row stays (kept comments and votes point at it) but says nothing about the person. */
export async function anonymiseUser(db: Db, userId: string, now: string): Promise<void> {
  await db
    .updateTable('users')
    .set({
      email: `deleted-${userId}@invalid`,
      display_name: 'Deleted user',
      slug: `deleted-${userId.toLowerCase()}`,
      bio: '',
      role: 'reader',
      password_hash: null,
      avatar_media_id: null,
      email_verified_at: null,
      deleted_at: now,
      email_on_reply: 0,
      email_on_mention: 0,
      email_on_moderation: 0,
      // A single sign-on account lets go of its site id too: signing in from the site again starts afresh.
      sso_site: null,
      sso_subject: null,
      sso_email: null,
      sso_avatar_url: null,
      updated_at: now,
    })
    .where('id', '=', userId)
    .execute();
}
