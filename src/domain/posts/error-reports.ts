// Readers' error reports on articles ("Report an error in this article"): anyone may send one, no
// account needed (the route rate-limits per address); editors answer it (mailing the reader when
// an address was given), dismiss it, or turn it into a correction note in one step. A report is
// closed once; a second editor acting on it is told it is already closed.
import { AppError, invalid, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { composeMail } from '../../mail/compose.ts';
import { queueMail } from '../../mail/outbox.ts';
import { inTransaction, type Db } from '../../storage/db.ts';
import * as repo from '../../storage/repos/home-corrections.ts';
import { findVisibleBySlug } from '../../storage/repos/posts.ts';
import type { ArticleErrorReport, ErrorReportStatus, PostCorrection } from '../../storage/schema.ts';
import type { DomainContext } from '../context.ts';
import type { MailSiteSource } from '../mail-site.ts';
import { hashIp } from '../moderation/candidate.ts';
import { can, type Actor } from '../policy.ts';
import { normaliseEmail } from '../users/self-service.ts';
import { insertCorrectionIn, type CorrectionInput } from './corrections.ts';

export const MAX_ERROR_REPORT_TEXT = 2000;
export const MAX_ANSWER_NOTE = 5000;
export const ERROR_REPORT_STATUSES: readonly ErrorReportStatus[] = ['open', 'answered', 'dismissed', 'corrected'];

export type ErrorReportView = repo.ErrorReportRow;

/** A reader's report on a visible article; `ip` is kept only as its keyed hash. */
export async function submitErrorReport(
  ctx: DomainContext,
  slug: string,
  input: { text: string; email?: string; ip: string | null },
): Promise<ArticleErrorReport> {
  const text = input.text.trim();
  if (!text) throw invalid('text', 'say what is wrong in the article');
  if (text.length > MAX_ERROR_REPORT_TEXT) throw invalid('text', `must be at most ${MAX_ERROR_REPORT_TEXT} characters`);
  const email = input.email?.trim() ? normaliseEmail(input.email) : null;
  const now = ctx.clock.now();
  const post = await findVisibleBySlug(ctx.db, 'post', slug, now.toISOString());
  if (!post) throw notFound('article');
  const row: ArticleErrorReport = {
    id: newId(now.getTime()),
    post_id: post.id,
    text,
    email,
    ip_hash: hashIp(ctx.secret, input.ip),
    status: 'open',
    note: '',
    correction_id: null,
    created_at: now.toISOString(),
    closed_at: null,
    closed_by: null,
  };
  await repo.insertErrorReport(ctx.db, row);
  return row;
}

function requireEditor(actor: Actor): void {
  if (!can('errorReports.handle', actor)) throw new AppError('ROLE_NOT_ALLOWED', "only editors and admins handle readers' error reports");
}

export async function listErrorReports(
  ctx: DomainContext,
  actor: Actor,
  query: { status?: ErrorReportStatus; postId?: string },
): Promise<ErrorReportView[]> {
  requireEditor(actor);
  return repo.listErrorReports(ctx.db, { ...query, limit: 200 });
}

async function openReport(db: Db, id: string): Promise<ArticleErrorReport> {
  const report = await repo.findErrorReport(db, id);
  if (!report) throw notFound('error report');
  if (report.status !== 'open') throw new AppError('ERROR_REPORT_CLOSED', `this report was already ${report.status}`);
  return report;
}

async function close(
  ctx: DomainContext,
  db: Db,
  actor: Actor,
  report: ArticleErrorReport,
  status: 'answered' | 'dismissed' | 'corrected',
  note: string,
  correctionId: string | null,
) {
  const closed = await repo.closeErrorReport(db, report.id, {
    status,
    note,
    correction_id: correctionId,
    closed_at: ctx.clock.now().toISOString(),
    closed_by: actor.id,
  });
  // Two editors on the same report: the later one changes nothing (and its transaction rolls back).
  if (!closed) throw new AppError('ERROR_REPORT_CLOSED', 'this report was closed by someone else meanwhile');
}

async function reload(db: Db, id: string): Promise<ErrorReportView> {
  return (await repo.findErrorReportView(db, id))!;
}

/** Marks the report answered with the editor's note; a reader who left an address gets it by mail. */
export async function answerErrorReport(
  ctx: DomainContext,
  mailSite: MailSiteSource,
  actor: Actor,
  id: string,
  rawNote: string,
): Promise<ErrorReportView> {
  requireEditor(actor);
  const note = rawNote.trim();
  if (!note) throw invalid('note', 'write the answer');
  if (note.length > MAX_ANSWER_NOTE) throw invalid('note', `must be at most ${MAX_ANSWER_NOTE} characters`);
  const report = await openReport(ctx.db, id);
  // The address is needed before anything is written: a refusal (SITE_URL_UNKNOWN) leaves the report open.
  const site = report.email ? await mailSite() : null;
  await inTransaction(ctx.db, async (trx) => {
    await close(ctx, trx, actor, report, 'answered', note, null);
    if (report.email && site) {
      const post = await repo.findErrorReportView(trx, report.id);
      const url = `${site.baseUrl}/articles/${post?.post_slug ?? ''}`;
      await queueMail(
        { ...ctx, db: trx },
        composeMail(site, {
          to: report.email,
          subject: `About your report on “${post?.post_title ?? 'an article'}”`,
          paragraphs: ['Thank you for telling us about a possible error. The editors answer:', note],
          quote: [{ by: 'You', text: report.text }],
          action: { label: 'Read the article', url },
          footer: [`You received this because you reported an error in an article at ${site.title} (${site.baseUrl}).`],
        }),
      );
    }
  });
  return reload(ctx.db, id);
}

export async function dismissErrorReport(ctx: DomainContext, actor: Actor, id: string, rawNote = ''): Promise<ErrorReportView> {
  requireEditor(actor);
  const note = rawNote.trim();
  if (note.length > MAX_ANSWER_NOTE) throw invalid('note', `must be at most ${MAX_ANSWER_NOTE} characters`);
  const report = await openReport(ctx.db, id);
  await close(ctx, ctx.db, actor, report, 'dismissed', note, null);
  return reload(ctx.db, id);
}

/** One step: a correction note on the report's article, and the report closed as corrected. */
export async function correctFromErrorReport(
  ctx: DomainContext,
  actor: Actor,
  id: string,
  input: { text: string; kind?: CorrectionInput['kind'] },
): Promise<{ report: ErrorReportView; correction: PostCorrection }> {
  requireEditor(actor);
  if (!can('post.correct', actor)) throw new AppError('ROLE_NOT_ALLOWED', 'only editors and admins add correction notes');
  const report = await openReport(ctx.db, id);
  const correction = await inTransaction(ctx.db, async (trx) => {
    const made = await insertCorrectionIn(ctx, trx, actor, report.post_id, { kind: input.kind ?? 'correction', text: input.text });
    await close(ctx, trx, actor, report, 'corrected', '', made.id);
    return made;
  });
  return { report: await reload(ctx.db, id), correction };
}
