// The moderation desk's SQL: queue pages (keyset over newest first), what the desk shows beside
// each item (author history, report reasons, thread context), sanctions by id, the audit log.
import type { ExpressionBuilder } from 'kysely';
import type { Db } from '../db.ts';
import type { Database, ModerationLogEntry, Thread, ThreadsTable, UserSanction } from '../schema.ts';
import { withAuthors, type CommentRow } from './comments.ts';

export type QueueName = 'pending' | 'reported' | 'spam' | 'recent';

export interface QueueFilter {
  queue: QueueName;
  threadId?: string;
  authorId?: string;
  guestEmail?: string;
  /** A step name from comments.moderation (letters and dashes only: it goes into a LIKE pattern). */
  step?: string;
  after?: { createdAt: string; id: string } | null;
  limit: number;
}

export interface QueueRow extends CommentRow {
  thread_title: string;
  thread_url: string | null;
  thread_closed_at: string | null;
  thread_policy: string | null;
  post_slug: string | null;
  author_created_at: string | null;
}

type Eb = ExpressionBuilder<Database, 'comments'>;

/** A reported comment is one with reports nobody has looked at since they came in. */
export function reportedCondition(eb: Eb) {
  return eb.and([
    eb('comments.report_count', '>', 0),
    eb('comments.status', 'in', ['published', 'pending', 'shadow']),
    eb.or([
      eb('comments.reviewed_at', 'is', null),
      eb.exists(
        eb
          .selectFrom('comment_reports')
          .select('comment_reports.id')
          .whereRef('comment_reports.comment_id', '=', 'comments.id')
          .whereRef('comment_reports.created_at', '>', 'comments.reviewed_at'),
      ),
    ]),
  ]);
}

export async function queuePage(db: Db, filter: QueueFilter): Promise<QueueRow[]> {
  let query = withAuthors(db).select([
    'users.created_at as author_created_at',
    'posts.slug as post_slug',
    'threads.title as thread_title',
    'threads.url as thread_url',
    'threads.closed_at as thread_closed_at',
    'threads.policy as thread_policy',
  ]);
  if (filter.queue === 'pending') query = query.where('comments.status', '=', 'pending');
  else if (filter.queue === 'spam') query = query.where('comments.status', '=', 'spam');
  else if (filter.queue === 'reported') query = query.where((eb) => reportedCondition(eb));
  else query = query.where('comments.status', '!=', 'deleted');
  if (filter.threadId) query = query.where('comments.thread_id', '=', filter.threadId);
  if (filter.authorId) query = query.where('comments.author_id', '=', filter.authorId);
  if (filter.guestEmail) query = query.where('comments.guest_email', '=', filter.guestEmail);
  if (filter.step) query = query.where('comments.moderation', 'like', `%"step":"${filter.step}"%`);
  const after = filter.after;
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb('comments.created_at', '<', after.createdAt),
        eb.and([eb('comments.created_at', '=', after.createdAt), eb('comments.id', '<', after.id)]),
      ]),
    );
  }
  const rows = await query.orderBy('comments.created_at', 'desc').orderBy('comments.id', 'desc').limit(filter.limit).execute();
  return rows as QueueRow[];
}

/** Whether one comment is in the reported queue now (for live updates). */
export async function isReported(db: Db, commentId: string): Promise<boolean> {
  const row = await db
    .selectFrom('comments')
    .select('comments.id')
    .where('comments.id', '=', commentId)
    .where((eb) => reportedCondition(eb))
    .executeTakeFirst();
  return row !== undefined;
}

export interface StatusCount {
  key: string;
  status: string;
  n: number;
}

/** Comments per status of each account, for the authors' histories. */
export async function statusCountsByAuthor(db: Db, authorIds: string[]): Promise<StatusCount[]> {
  if (authorIds.length === 0) return [];
  const rows = await db
    .selectFrom('comments')
    .select(['author_id as key', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('author_id', 'in', authorIds)
    .groupBy(['author_id', 'status'])
    .execute();
  return rows.map((r) => ({ key: r.key!, status: r.status, n: Number(r.n) }));
}

/** The same for guests, by the address they gave (comments later claimed by an account are not theirs any more). */
export async function statusCountsByGuestEmail(db: Db, emails: string[]): Promise<StatusCount[]> {
  if (emails.length === 0) return [];
  const rows = await db
    .selectFrom('comments')
    .select(['guest_email as key', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('guest_email', 'in', emails)
    .where('author_id', 'is', null)
    .groupBy(['guest_email', 'status'])
    .execute();
  return rows.map((r) => ({ key: r.key!, status: r.status, n: Number(r.n) }));
}

export function sanctionsOfSubjects(db: Db, subjects: string[]): Promise<UserSanction[]> {
  if (subjects.length === 0) return Promise.resolve([]);
  return db.selectFrom('user_sanctions').selectAll().where('subject', 'in', subjects).orderBy('created_at', 'desc').execute();
}

/** Reports per comment and reason: counts only, never who reported. */
export async function reportReasons(db: Db, commentIds: string[]): Promise<{ comment_id: string; reason: string; n: number }[]> {
  if (commentIds.length === 0) return [];
  const rows = await db
    .selectFrom('comment_reports')
    .select(['comment_id', 'reason', (eb) => eb.fn.countAll<number>().as('n')])
    .where('comment_id', 'in', commentIds)
    .groupBy(['comment_id', 'reason'])
    .execute();
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

export async function resolveReports(db: Db, commentId: string, at: string): Promise<void> {
  await db
    .updateTable('comment_reports')
    .set({ resolved_at: at })
    .where('comment_id', '=', commentId)
    .where('resolved_at', 'is', null)
    .execute();
}

/** The published comments just before and after this one under the same parent. */
export async function neighboursOf(
  db: Db,
  comment: { id: string; thread_id: string; parent_id: string | null; created_at: string },
): Promise<CommentRow[]> {
  const base = () => {
    const q = withAuthors(db)
      .where('comments.thread_id', '=', comment.thread_id)
      .where('comments.status', '=', 'published')
      .where('comments.id', '!=', comment.id);
    return comment.parent_id === null ? q.where('comments.parent_id', 'is', null) : q.where('comments.parent_id', '=', comment.parent_id);
  };
  const [before, after] = await Promise.all([
    base()
      .where('comments.created_at', '<=', comment.created_at)
      .orderBy('comments.created_at', 'desc')
      .orderBy('comments.id', 'desc')
      .limit(1)
      .execute(),
    base()
      .where('comments.created_at', '>', comment.created_at)
      .orderBy('comments.created_at', 'asc')
      .orderBy('comments.id', 'asc')
      .limit(1)
      .execute(),
  ]);
  return [...before, ...after] as CommentRow[];
}

export function findSanction(db: Db, id: string): Promise<UserSanction | undefined> {
  return db.selectFrom('user_sanctions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function liftSanction(db: Db, id: string, by: string, at: string): Promise<void> {
  await db.updateTable('user_sanctions').set({ lifted_at: at, lifted_by: by }).where('id', '=', id).execute();
}

export async function updateThread(db: Db, id: string, changes: Partial<Pick<ThreadsTable, 'closed_at' | 'policy'>>): Promise<void> {
  await db.updateTable('threads').set(changes).where('id', '=', id).execute();
}

export function findThreadForPostSlug(db: Db, slug: string): Promise<Thread | undefined> {
  return db
    .selectFrom('threads')
    .innerJoin('posts', 'posts.id', 'threads.post_id')
    .selectAll('threads')
    .where('posts.slug', '=', slug)
    .executeTakeFirst();
}

export interface LogFilter {
  actorId?: string;
  action?: string;
  commentId?: string;
  /** ISO instants, from inclusive, until exclusive. */
  from?: string;
  until?: string;
  before?: { createdAt: string; id: string } | null;
  limit: number;
}

export interface LogRow extends ModerationLogEntry {
  actor_name: string | null;
  /** The comment acted on, for the log's excerpt (null: no comment, or gone). */
  comment_body: string | null;
  comment_status: string | null;
}

export async function logPage(db: Db, filter: LogFilter): Promise<LogRow[]> {
  let query = db
    .selectFrom('moderation_log')
    .leftJoin('users', 'users.id', 'moderation_log.actor_id')
    .leftJoin('comments', 'comments.id', 'moderation_log.comment_id')
    .selectAll('moderation_log')
    .select(['users.display_name as actor_name', 'comments.body_markdown as comment_body', 'comments.status as comment_status']);
  if (filter.actorId) query = query.where('moderation_log.actor_id', '=', filter.actorId);
  if (filter.action) query = query.where('moderation_log.action', '=', filter.action);
  if (filter.commentId) query = query.where('moderation_log.comment_id', '=', filter.commentId);
  if (filter.from) query = query.where('moderation_log.created_at', '>=', filter.from);
  if (filter.until) query = query.where('moderation_log.created_at', '<', filter.until);
  const before = filter.before;
  if (before) {
    query = query.where((eb) =>
      eb.or([
        eb('moderation_log.created_at', '<', before.createdAt),
        eb.and([eb('moderation_log.created_at', '=', before.createdAt), eb('moderation_log.id', '<', before.id)]),
      ]),
    );
  }
  return query.orderBy('moderation_log.created_at', 'desc').orderBy('moderation_log.id', 'desc').limit(filter.limit).execute();
}
