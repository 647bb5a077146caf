// The home page's chosen stories, correction notes on articles and readers' error reports
// (migration 0009). Rules live in domain/posts/home.ts, corrections.ts and error-reports.ts.
import type { Db } from '../db.ts';
import type { ArticleErrorReport, ErrorReportStatus, PostCorrection, PostStatus } from '../schema.ts';

/** The chosen stories in order: position 0 is the lead, 1–6 the featured ones. */
export function listHomeFeatures(db: Db): Promise<{ position: number; post_id: string }[]> {
  return db.selectFrom('home_features').select(['position', 'post_id']).orderBy('position').execute();
}

/** Replaces the whole arrangement; the caller runs it in a transaction. */
export async function replaceHomeFeatures(db: Db, rows: { position: number; post_id: string }[]): Promise<void> {
  await db.deleteFrom('home_features').execute();
  if (rows.length) await db.insertInto('home_features').values(rows).execute();
}

/** Stories an editor may put on the home page: the newest published or scheduled articles, plus any already chosen. */
export function listHomeCandidates(
  db: Db,
  options: { limit: number; alsoIds: string[] },
): Promise<{ id: string; title: string; status: PostStatus; published_at: string | null }[]> {
  const recent = db
    .selectFrom('posts')
    .select('id')
    .where('type', '=', 'post')
    .where('status', 'in', ['published', 'scheduled'])
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit);
  return db
    .selectFrom('posts')
    .select(['id', 'title', 'status', 'published_at'])
    .where((eb) => eb.or([eb('id', 'in', recent), ...(options.alsoIds.length ? [eb('id', 'in', options.alsoIds)] : [])]))
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export async function insertCorrection(db: Db, row: PostCorrection): Promise<void> {
  await db.insertInto('post_corrections').values(row).execute();
}

export function findCorrection(db: Db, id: string): Promise<PostCorrection | undefined> {
  return db.selectFrom('post_corrections').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function deleteCorrection(db: Db, id: string): Promise<void> {
  await db.deleteFrom('post_corrections').where('id', '=', id).execute();
}

/** The notes of several posts, oldest first (the order they are read in). */
export function correctionsOfPosts(db: Db, postIds: string[]): Promise<PostCorrection[]> {
  if (postIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('post_corrections').selectAll().where('post_id', 'in', postIds).orderBy('created_at').orderBy('id').execute();
}

export async function insertErrorReport(db: Db, row: ArticleErrorReport): Promise<void> {
  await db.insertInto('article_error_reports').values(row).execute();
}

export function findErrorReport(db: Db, id: string): Promise<ArticleErrorReport | undefined> {
  return db.selectFrom('article_error_reports').selectAll().where('id', '=', id).executeTakeFirst();
}

export type ErrorReportRow = ArticleErrorReport & { post_title: string; post_slug: string };

function errorReportViews(db: Db) {
  return db
    .selectFrom('article_error_reports')
    .innerJoin('posts', 'posts.id', 'article_error_reports.post_id')
    .selectAll('article_error_reports')
    .select(['posts.title as post_title', 'posts.slug as post_slug']);
}

export function findErrorReportView(db: Db, id: string): Promise<ErrorReportRow | undefined> {
  return errorReportViews(db).where('article_error_reports.id', '=', id).executeTakeFirst();
}

export function listErrorReports(
  db: Db,
  options: { status?: ErrorReportStatus; postId?: string; limit: number },
): Promise<ErrorReportRow[]> {
  let query = errorReportViews(db);
  if (options.status) query = query.where('article_error_reports.status', '=', options.status);
  if (options.postId) query = query.where('article_error_reports.post_id', '=', options.postId);
  return query
    .orderBy('article_error_reports.created_at', 'desc')
    .orderBy('article_error_reports.id', 'desc')
    .limit(options.limit)
    .execute();
}

/** Closes a report only if it is still open; false when someone else closed it first. */
export async function closeErrorReport(
  db: Db,
  id: string,
  changes: { status: Exclude<ErrorReportStatus, 'open'>; note: string; correction_id: string | null; closed_at: string; closed_by: string },
): Promise<boolean> {
  const result = await db
    .updateTable('article_error_reports')
    .set(changes)
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
