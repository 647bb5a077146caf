// The newsroom dashboard's SQL: every figure is aggregated in the database and comes back as a
// handful of rows (one per day, week, month or year, or ten articles), never as the comments.
// Buckets are UTC calendar days, ISO weeks (Monday), months or years, keyed by the date they
// start on ('YYYY-MM-DD'): strftime-style date() on SQLite (ISO text), date_trunc on PostgreSQL.
//
// Indexes used:
// - comments in a window: comments_by_status (status, created_at, id), one range per counted status;
// - a commenter's first comment: comments_by_author (author_id, created_at),
//   comments_by_guest_email (guest_email, created_at), comments_by_guest_key (guest_key_hash, created_at);
// - decisions: moderation_log_recent (created_at, id), then each comment by its primary key;
// - articles published: posts_listing (type, status, published_at);
// - the queue: comments_by_status ('pending', created_at).
import { sql, type RawBuilder } from 'kysely';
import { engineOf, type Db } from '../db.ts';

export type BucketUnit = 'day' | 'week' | 'month' | 'year';

/** Every comment received counts, whatever became of it, except those marked spam. */
export const COUNTED_STATUSES = ['published', 'pending', 'rejected', 'deleted', 'shadow'] as const;
/** The moderator actions that settle a comment (not-spam approves one from the spam queue). */
export const DECISION_ACTIONS = ['approve', 'reject', 'spam', 'not-spam'] as const;

/** A window of time: from (inclusive; null = the beginning) to until (inclusive, usually now). */
export interface Window {
  from: string | null;
  until: string;
}

export interface BucketCount {
  bucket: string;
  count: number;
}

export interface CommenterBucket {
  bucket: string;
  newCount: number;
  total: number;
}

export interface DiscussedArticleRow {
  id: string;
  title: string;
  slug: string;
  status: string;
  published_at: string | null;
  author_id: string;
  comments: number;
}

const counted = sql.join(COUNTED_STATUSES.map((s) => sql.lit(s)));
const decisions = sql.join(DECISION_ACTIONS.map((a) => sql.lit(a)));

/** The bucket a timestamp column falls in, as 'YYYY-MM-DD' of the bucket's first day (UTC). */
function bucketOf(db: Db, column: RawBuilder<unknown>, unit: BucketUnit): RawBuilder<string> {
  if (engineOf(db) === 'postgres') {
    return sql<string>`to_char(date_trunc(${sql.lit(unit)}, ${column} AT TIME ZONE 'UTC'), 'YYYY-MM-DD')`;
  }
  switch (unit) {
    case 'day':
      return sql<string>`date(${column})`;
    // Back six days, then forward to the next Monday: the Monday on or before the day.
    case 'week':
      return sql<string>`date(${column}, '-6 days', 'weekday 1')`;
    case 'month':
      return sql<string>`date(${column}, 'start of month')`;
    case 'year':
      return sql<string>`date(${column}, 'start of year')`;
  }
}

function inWindow(column: RawBuilder<unknown>, window: Window): RawBuilder<unknown> {
  return window.from === null ? sql`${column} <= ${window.until}` : sql`${column} >= ${window.from} AND ${column} <= ${window.until}`;
}

/** Comments received per bucket (empty buckets are absent). */
export async function commentsPerBucket(db: Db, window: Window, unit: BucketUnit): Promise<BucketCount[]> {
  const bucket = bucketOf(db, sql.ref('c.created_at'), unit);
  const { rows } = await sql<{ bucket: string; n: number }>`
    SELECT ${bucket} AS bucket, COUNT(*) AS n FROM comments c
    WHERE c.status IN (${counted}) AND ${inWindow(sql.ref('c.created_at'), window)}
    GROUP BY 1 ORDER BY 1`.execute(db);
  return rows.map((r) => ({ bucket: r.bucket, count: Number(r.n) }));
}

/**
 * The people who commented in the window, each with the time of their first comment ever.
 * A commenter is an account; a guest is their e-mail address, or failing that their browser's
 * guest key; comments with none of these (some imported ones) cannot be told apart and are left out.
 */
function commenters(db: Db, window: Window, unit: BucketUnit | null) {
  // Without buckets the constant is not grouped by (PostgreSQL refuses constants in GROUP BY).
  const bucket = unit ? sql`${bucketOf(db, sql.ref('c.created_at'), unit)}` : sql`''`;
  const groupBy = unit ? sql`1, 2, 3, 4` : sql`2, 3, 4`;
  return sql`
    WITH active AS (
      SELECT ${bucket} AS bucket,
        c.author_id AS a,
        CASE WHEN c.author_id IS NULL THEN c.guest_email END AS e,
        CASE WHEN c.author_id IS NULL AND c.guest_email IS NULL THEN c.guest_key_hash END AS k
      FROM comments c
      WHERE c.status IN (${counted}) AND ${inWindow(sql.ref('c.created_at'), window)}
        AND (c.author_id IS NOT NULL OR c.guest_email IS NOT NULL OR c.guest_key_hash IS NOT NULL)
      GROUP BY ${groupBy}
    )
    SELECT active.bucket AS bucket,
      CASE
        WHEN active.a IS NOT NULL THEN
          (SELECT MIN(f.created_at) FROM comments f WHERE f.author_id = active.a AND f.status IN (${counted}))
        WHEN active.e IS NOT NULL THEN
          (SELECT MIN(f.created_at) FROM comments f WHERE f.guest_email = active.e AND f.author_id IS NULL AND f.status IN (${counted}))
        ELSE
          (SELECT MIN(f.created_at) FROM comments f WHERE f.guest_key_hash = active.k AND f.author_id IS NULL AND f.guest_email IS NULL AND f.status IN (${counted}))
      END AS first_at
    FROM active`;
}

/** Per bucket: how many people commented, and how many of them commented for the first time ever. */
export async function commentersPerBucket(db: Db, window: Window, unit: BucketUnit): Promise<CommenterBucket[]> {
  const firstBucket = bucketOf(db, sql.ref('p.first_at'), unit);
  const { rows } = await sql<{ bucket: string; new_count: number; total: number }>`
    SELECT p.bucket AS bucket, SUM(CASE WHEN ${firstBucket} = p.bucket THEN 1 ELSE 0 END) AS new_count, COUNT(*) AS total
    FROM (${commenters(db, window, unit)}) p
    GROUP BY p.bucket ORDER BY p.bucket`.execute(db);
  return rows.map((r) => ({ bucket: r.bucket, newCount: Number(r.new_count), total: Number(r.total) }));
}

/** Over the whole window: commenters, and those whose first comment ever falls inside it. */
export async function commentersInWindow(db: Db, window: Window): Promise<{ newCount: number; total: number }> {
  const isNew = window.from === null ? sql`1` : sql`CASE WHEN p.first_at >= ${window.from} THEN 1 ELSE 0 END`;
  const { rows } = await sql<{ new_count: number | null; total: number }>`
    SELECT SUM(${isNew}) AS new_count, COUNT(*) AS total FROM (${commenters(db, window, null)}) p`.execute(db);
  return { newCount: Number(rows[0]?.new_count ?? 0), total: Number(rows[0]?.total ?? 0) };
}

/** The articles with the most comments received in the window; ties go to the latest comment. */
export async function mostDiscussed(db: Db, window: Window, limit: number): Promise<DiscussedArticleRow[]> {
  const { rows } = await sql<DiscussedArticleRow>`
    SELECT p.id, p.title, p.slug, p.status, p.published_at, p.author_id, COUNT(*) AS comments
    FROM comments c
    JOIN threads t ON t.id = c.thread_id
    JOIN posts p ON p.id = t.post_id
    WHERE c.status IN (${counted}) AND ${inWindow(sql.ref('c.created_at'), window)}
    GROUP BY p.id, p.title, p.slug, p.status, p.published_at, p.author_id
    ORDER BY COUNT(*) DESC, MAX(c.created_at) DESC, p.id
    LIMIT ${limit}`.execute(db);
  return rows.map((r) => ({ ...r, comments: Number(r.comments) }));
}

const visiblePost = (window: Window) =>
  sql`p.type = 'post' AND p.status IN ('published', 'scheduled') AND ${inWindow(sql.ref('p.published_at'), window)}`;

/** Articles (not pages) that went live per bucket; a scheduled one counts once its time has come. */
export async function postsPerBucket(db: Db, window: Window, unit: BucketUnit): Promise<BucketCount[]> {
  const bucket = bucketOf(db, sql.ref('p.published_at'), unit);
  const { rows } = await sql<{ bucket: string; n: number }>`
    SELECT ${bucket} AS bucket, COUNT(*) AS n FROM posts p WHERE ${visiblePost(window)}
    GROUP BY 1 ORDER BY 1`.execute(db);
  return rows.map((r) => ({ bucket: r.bucket, count: Number(r.n) }));
}

/** The comments held for a moderator now, and since when the oldest has waited. */
export async function pendingQueue(db: Db): Promise<{ count: number; oldestAt: string | null }> {
  const { rows } = await sql<{ n: number; oldest: string | null }>`
    SELECT COUNT(*) AS n, MIN(c.created_at) AS oldest FROM comments c WHERE c.status = 'pending'`.execute(db);
  return { count: Number(rows[0]?.n ?? 0), oldestAt: rows[0]?.oldest ?? null };
}

/**
 * For the comments that arrived in the window and have had a moderator's decision: how many,
 * and the median of the time from arrival to the first decision, in seconds. Decisions come
 * after arrival, so the log is read from the window's start only.
 */
export async function decisionTimes(db: Db, window: Window): Promise<{ decided: number; medianSeconds: number | null }> {
  const postgres = engineOf(db) === 'postgres';
  const seconds = postgres
    ? sql`EXTRACT(EPOCH FROM (MIN(l.created_at) - c.created_at))`
    : sql`(julianday(MIN(l.created_at)) - julianday(c.created_at)) * 86400.0`;
  const { rows } = await sql<{ median: number | null; n: number | null }>`
    WITH firsts AS (
      SELECT ${seconds} AS seconds
      FROM moderation_log l
      JOIN comments c ON c.id = l.comment_id
      WHERE l.action IN (${decisions}) AND ${inWindow(sql.ref('l.created_at'), window)}
        AND ${inWindow(sql.ref('c.created_at'), window)}
      GROUP BY l.comment_id, c.created_at
    ),
    ranked AS (
      SELECT seconds, ROW_NUMBER() OVER (ORDER BY seconds) AS rn, COUNT(*) OVER () AS n FROM firsts
    )
    SELECT AVG(seconds) AS median, MAX(n) AS n FROM ranked WHERE rn IN ((n + 1) / 2, (n + 2) / 2)`.execute(db);
  const row = rows[0];
  const decided = Number(row?.n ?? 0);
  return { decided, medianSeconds: decided > 0 && row?.median !== null ? Math.round(Number(row!.median)) : null };
}

/** The first and latest activity (a counted comment or an article going live) up to a moment. */
export async function activitySpan(db: Db, until: string): Promise<{ first: string | null; last: string | null }> {
  const [comments, posts] = await Promise.all([
    sql<{ first: string | null; last: string | null }>`
      SELECT MIN(c.created_at) AS first, MAX(c.created_at) AS last FROM comments c
      WHERE c.status IN (${counted}) AND c.created_at <= ${until}`.execute(db),
    sql<{ first: string | null; last: string | null }>`
      SELECT MIN(p.published_at) AS first, MAX(p.published_at) AS last FROM posts p
      WHERE ${visiblePost({ from: null, until })}`.execute(db),
  ]);
  const times = [comments.rows[0], posts.rows[0]];
  const firsts = times.map((t) => t?.first).filter((t): t is string => !!t);
  const lasts = times.map((t) => t?.last).filter((t): t is string => !!t);
  const at = (t: string) => Date.parse(t);
  return {
    first: firsts.length ? firsts.reduce((a, b) => (at(a) <= at(b) ? a : b)) : null,
    last: lasts.length ? lasts.reduce((a, b) => (at(a) >= at(b) ? a : b)) : null,
  };
}
