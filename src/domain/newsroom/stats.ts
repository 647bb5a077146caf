// The newsroom dashboard's figures for one period: comments received per bucket, new against
// returning commenters, the most discussed articles, the moderation queue now, the median wait
// for a moderator's first decision, and articles published. All counted in the database
// (storage/repos/newsroom.ts); here the period becomes a window and buckets, and gaps become zeros.
//
// Definitions (also shown on the page):
// - comments: every comment received, whatever became of it, except those marked spam;
// - a returning commenter commented before the period began (per bucket: before that bucket);
//   a new one's first comment ever falls inside it;
// - decision time: for comments that arrived in the period and have had a decision (approve,
//   reject, spam, not spam), from arrival to the first; the median of those;
// - days are UTC days; weeks start on Monday; "all time" runs from the first activity to the latest.
import {
  activitySpan,
  commentersInWindow,
  commentersPerBucket,
  commentsPerBucket,
  decisionTimes,
  mostDiscussed,
  pendingQueue,
  postsPerBucket,
  type BucketCount,
  type Window,
} from '../../storage/repos/newsroom.ts';
import type { DomainContext } from '../context.ts';
import { AppError } from '../../errors.ts';
import { can, type Actor } from '../policy.ts';
import { addDays, bucketsBetween, bucketStart, dayOf, unitForSpan, type BucketUnit, type Period } from './period.ts';

export const TOP_ARTICLES = 10;

export interface CountSeries {
  unit: BucketUnit;
  buckets: { start: string; count: number }[];
  total: number;
}

export interface CommenterSeries {
  unit: BucketUnit;
  buckets: { start: string; newCount: number; returning: number }[];
  /** Over the whole period: people, not person-buckets. */
  newCount: number;
  returning: number;
}

export interface DiscussedArticle {
  id: string;
  title: string;
  slug: string;
  /** Readers can open it (published, or scheduled and its time has come). */
  live: boolean;
  comments: number;
  /** The viewer may open it in the desk's editor. */
  mayEdit: boolean;
}

export interface NewsroomStats {
  period: Period;
  /** First and last day shown (UTC, 'YYYY-MM-DD'). */
  firstDay: string;
  lastDay: string;
  /** Whether anything at all has happened yet (for "all time" on an empty site). */
  empty: boolean;
  comments: CountSeries;
  commenters: CommenterSeries;
  posts: CountSeries;
  topArticles: DiscussedArticle[];
  queue: { pending: number; oldestAt: string | null };
  decisions: { decided: number; medianSeconds: number | null };
}

const PERIOD_DAYS: Record<Exclude<Period, 'all'>, number> = { '7d': 7, '30d': 30 };

function fill(buckets: string[], rows: BucketCount[]): { start: string; count: number }[] {
  const byBucket = new Map(rows.map((r) => [r.bucket, r.count]));
  return buckets.map((start) => ({ start, count: byBucket.get(start) ?? 0 }));
}

export async function newsroomStats(ctx: DomainContext, actor: Actor, period: Period): Promise<NewsroomStats> {
  if (!can('desk.use', actor)) throw new AppError('ROLE_NOT_ALLOWED', 'the desk is for authors, editors and administrators');
  const now = ctx.clock.now().toISOString();
  const today = dayOf(now);
  let firstDay: string;
  let lastDay = today;
  let unit: BucketUnit = 'day';
  let empty = false;
  if (period === 'all') {
    const span = await activitySpan(ctx.db, now);
    empty = span.first === null;
    firstDay = span.first ? dayOf(span.first) : today;
    lastDay = span.last ? dayOf(span.last) : today;
    unit = unitForSpan(firstDay, lastDay);
  } else {
    // Whole UTC days: today and the days before it.
    firstDay = addDays(today, 1 - PERIOD_DAYS[period]);
  }
  const window: Window = { from: period === 'all' ? null : `${firstDay}T00:00:00.000Z`, until: now };
  const postUnit: BucketUnit = unit === 'day' ? 'week' : unit;
  const buckets = bucketsBetween(firstDay, lastDay, unit);
  const postBuckets = bucketsBetween(bucketStart(firstDay, postUnit), lastDay, postUnit);

  const [comments, perBucket, overall, posts, top, queue, decisions] = await Promise.all([
    commentsPerBucket(ctx.db, window, unit),
    commentersPerBucket(ctx.db, window, unit),
    commentersInWindow(ctx.db, window),
    postsPerBucket(ctx.db, window, postUnit),
    mostDiscussed(ctx.db, window, TOP_ARTICLES),
    pendingQueue(ctx.db),
    decisionTimes(ctx.db, window),
  ]);

  const commenterRows = new Map(perBucket.map((r) => [r.bucket, r]));
  const commentBuckets = fill(buckets, comments);
  const postCounts = fill(postBuckets, posts);
  return {
    period,
    firstDay,
    lastDay,
    empty,
    comments: { unit, buckets: commentBuckets, total: commentBuckets.reduce((sum, b) => sum + b.count, 0) },
    commenters: {
      unit,
      buckets: buckets.map((start) => {
        const row = commenterRows.get(start);
        return { start, newCount: row?.newCount ?? 0, returning: row ? row.total - row.newCount : 0 };
      }),
      newCount: overall.newCount,
      returning: overall.total - overall.newCount,
    },
    posts: { unit: postUnit, buckets: postCounts, total: postCounts.reduce((sum, b) => sum + b.count, 0) },
    topArticles: top.map((row) => ({
      id: row.id,
      title: row.title,
      slug: row.slug,
      live: (row.status === 'published' || row.status === 'scheduled') && row.published_at !== null && row.published_at <= now,
      comments: row.comments,
      mayEdit: can('post.edit', actor, row),
    })),
    queue: { pending: queue.count, oldestAt: queue.oldestAt },
    decisions,
  };
}
