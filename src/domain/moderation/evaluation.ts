// How well the moderation pipeline separates spam from ordinary comments, measured on comments
// whose answer is known: a labelled export (`gazette spam evaluate FILE`: Disqus isSpam,
// WordPress comment_approved=spam) or the site's own recent moderator decisions (the desk).
// "Caught" means held or marked spam: either way a reader never sees it unasked. Nothing is
// written: each comment of a file is screened as if a guest posted it now, with the site's
// settings, at its own time, against the site as it stands (so comments of the file do not see
// each other), and without Akismet: thousands of old comments are not sent over the network.
import { Readable } from 'node:stream';
import { AppError, invalid } from '../../errors.ts';
import type { DomainContext } from '../context.ts';
import { createDisqusReader } from '../import/disqus.ts';
import { htmlToMarkdown } from '../import/html-to-markdown.ts';
import type { ImportFormat } from '../import/report.ts';
import { createWordpressReader } from '../import/wordpress.ts';
import { wpDate } from '../import/wordpress-import.ts';
import { decidedSince } from '../../storage/repos/spam-history.ts';
import { screenComment } from './pipeline.ts';
import { loadModerationSettings } from './settings.ts';
import { parseModeration, type ModerationStep, type Verdict } from './types.ts';

export type Label = 'spam' | 'ham';

/** One comment with its known answer and what the pipeline made of it. */
export interface Judged {
  /** Source id (export) or comment id (the site's decisions). */
  id: string;
  label: Label;
  caught: boolean;
  /** The strongest verdict among the steps. */
  verdict: Verdict;
  /** The learned filter's spam probability; null while it is untrained. */
  spamScore: number | null;
  steps: ModerationStep[];
  body: string;
}

export interface Confusion {
  /** Spam held or marked spam. */
  truePositive: number;
  /** Ordinary comments held or marked spam. */
  falsePositive: number;
  /** Ordinary comments published. */
  trueNegative: number;
  /** Spam published. */
  falseNegative: number;
}

export interface Mistake {
  id: string;
  label: Label;
  /** held or spam (an ordinary comment caught); published (spam let through). */
  outcome: 'published' | 'held' | 'spam';
  /** How sure the pipeline was of its wrong answer, 0..1. */
  confidence: number;
  reasons: string[];
  excerpt: string;
}

export interface Evaluation {
  total: number;
  confusion: Confusion;
  /** Of what was caught, the share that was spam; null when nothing was caught. */
  precision: number | null;
  /** Of the spam, the share caught; null when there was no spam. */
  recall: number | null;
  /** Of the ordinary comments, the share caught; null when there were none. */
  falsePositiveRate: number | null;
  /** The five most confident mistakes, most confident first. */
  mistakes: Mistake[];
  /** Comments in the file whose status says nothing about spam (held, deleted, trashed, pingbacks). */
  unlabelled: number;
}

const MISTAKES_SHOWN = 5;
const EXCERPT = 100;
// Steps that are not the pipeline's own screening: a report or a moderator came later.
const AFTERWARDS = new Set(['reports', 'moderator']);
const RANK: Record<Verdict, number> = { publish: 0, hold: 1, spam: 2 };
// Without a model score, how sure a rule's verdict is taken to be.
const RULE_CONFIDENCE: Record<Verdict, number> = { spam: 1, hold: 0.75, publish: 0.5 };

/** Judges stored pipeline steps: caught when a screening step held it or marked it spam and staff did not overrule. */
export function judgeSteps(id: string, label: Label, allSteps: ModerationStep[], spamScore: number | null, body: string): Judged {
  const steps = allSteps.filter((s) => !AFTERWARDS.has(s.step));
  const verdict = steps
    .filter((s) => s.step !== 'staff')
    .reduce<Verdict>((best, s) => (RANK[s.verdict] > RANK[best] ? s.verdict : best), 'publish');
  const overruled = steps.some((s) => s.step === 'staff');
  return { id, label, caught: verdict !== 'publish' && !overruled, verdict, spamScore, steps, body };
}

function mistakeOf(judged: Judged): Mistake {
  const score = judged.spamScore;
  const confidence = judged.caught
    ? Math.max(RULE_CONFIDENCE[judged.verdict], score ?? 0)
    : score === null
      ? RULE_CONFIDENCE.publish
      : 1 - score;
  const reasons = judged.steps.map((s) => s.reason);
  const flat = judged.body.replace(/\s+/g, ' ').trim();
  return {
    id: judged.id,
    label: judged.label,
    outcome: judged.caught ? (judged.verdict === 'spam' ? 'spam' : 'held') : 'published',
    confidence,
    reasons: reasons.length > 0 ? reasons : ['no step had anything to say'],
    excerpt: flat.length > EXCERPT ? `${flat.slice(0, EXCERPT - 1)}…` : flat,
  };
}

const share = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/** Counts judged comments one at a time, keeping only the most confident mistakes (a large export is never held whole). */
export class Tally {
  private readonly confusion: Confusion = { truePositive: 0, falsePositive: 0, trueNegative: 0, falseNegative: 0 };
  private mistakes: Mistake[] = [];
  private total = 0;

  add(j: Judged): void {
    this.total++;
    if (j.label === 'spam' && j.caught) this.confusion.truePositive++;
    else if (j.label === 'spam') this.confusion.falseNegative++;
    else if (j.caught) this.confusion.falsePositive++;
    else this.confusion.trueNegative++;
    if ((j.label === 'spam') === j.caught) return;
    // Stable sort: equally confident mistakes keep the file's (or the log's) order.
    this.mistakes.push(mistakeOf(j));
    this.mistakes.sort((a, b) => b.confidence - a.confidence);
    this.mistakes.length = Math.min(this.mistakes.length, MISTAKES_SHOWN);
  }

  result(unlabelled = 0): Evaluation {
    const { truePositive: tp, falsePositive: fp, trueNegative: tn, falseNegative: fn } = this.confusion;
    return {
      total: this.total,
      confusion: { ...this.confusion },
      precision: share(tp, tp + fp),
      recall: share(tp, tp + fn),
      falsePositiveRate: share(fp, fp + tn),
      mistakes: [...this.mistakes],
      unlabelled,
    };
  }
}

/** Precision, recall, the confusion matrix and the most confident mistakes of a set of judged comments. */
export function summarise(judged: Iterable<Judged>, unlabelled = 0): Evaluation {
  const tally = new Tally();
  for (const j of judged) tally.add(j);
  return tally.result(unlabelled);
}

/** A comment of an export with the answer its source gave. */
export interface LabelledComment {
  id: string;
  label: Label;
  body: string;
  authorName: string;
  authorEmail: string | null;
  at: string;
}

const SNIFF_LIMIT = 64 * 1024;

/** Disqus or WordPress, from the document type or the first element; null when neither is named. */
export function detectFormat(head: string): ImportFormat | null {
  const match = /<!DOCTYPE\s+([A-Za-z_][\w:.-]*)|<([A-Za-z_][\w:.-]*)/.exec(head);
  const root = match?.[1] ?? match?.[2];
  if (root === 'disqus') return 'disqus';
  if (root === 'rss') return 'wordpress';
  return null;
}

/** Reads the start of the stream to tell the format, then hands back the whole stream (nothing is read twice). */
async function sniff(input: NodeJS.ReadableStream): Promise<{ format: ImportFormat; stream: Readable }> {
  const iterator = (input as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let size = 0;
  let format: ImportFormat | null = null;
  while (!format && size < SNIFF_LIMIT) {
    const next = await iterator.next();
    if (next.done) break;
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    head.push(chunk);
    size += chunk.length;
    format = detectFormat(Buffer.concat(head).toString('utf8'));
  }
  if (!format) throw invalid('<file>', 'is neither a Disqus export (<disqus>) nor a WordPress export (<rss>, WXR)');
  async function* whole() {
    yield* head;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return { format, stream: Readable.from(whole()) };
}

async function* disqusComments(input: Readable, skipped: () => void): AsyncGenerator<LabelledComment> {
  for await (const record of createDisqusReader().records(input)) {
    if (record.type !== 'post') continue;
    // A deletion says nothing about spam; a spam mark wins over it.
    if (record.deleted && !record.spam) {
      skipped();
      continue;
    }
    yield {
      id: record.id,
      label: record.spam ? 'spam' : 'ham',
      body: htmlToMarkdown(record.message).trim(),
      authorName: record.author.name || record.author.username || 'Guest',
      authorEmail: record.author.email,
      at: Number.isFinite(Date.parse(record.createdAt)) ? new Date(record.createdAt).toISOString() : '',
    };
  }
}

const WP_LABELS: Record<string, Label> = { '1': 'ham', approve: 'ham', spam: 'spam' };

async function* wordpressComments(input: Readable, skipped: () => void): AsyncGenerator<LabelledComment> {
  let baseUrl: string | undefined;
  for await (const record of createWordpressReader().records(input)) {
    if (record.type === 'site' && record.url) baseUrl = `${record.url.replace(/\/+$/, '')}/`;
    if (record.type !== 'item') continue;
    for (const comment of record.comments) {
      const label = WP_LABELS[comment.approved];
      if (!label || comment.commentType === 'pingback' || comment.commentType === 'trackback') {
        skipped();
        continue;
      }
      yield {
        id: comment.id,
        label,
        body: htmlToMarkdown(comment.content, { newlinesAreBreaks: true, baseUrl }).trim(),
        authorName: comment.author || 'Guest',
        authorEmail: comment.email,
        at: wpDate(comment.dateGmt) ?? '',
      };
    }
  }
}

// Screened comments belong to no thread of the site; the repeat checks compare across threads anyway.
const NO_THREAD = 'evaluation';

/**
 * Screens every labelled comment of an export (Disqus or WordPress, told by its content) with the
 * site's settings and model, writing nothing. Hostile files are refused by the same reader as imports.
 */
export async function evaluateExport(
  ctx: Pick<DomainContext, 'db' | 'clock' | 'screening'>,
  input: NodeJS.ReadableStream,
): Promise<Evaluation> {
  const { format, stream } = await sniff(input);
  const settings = await loadModerationSettings(ctx);
  let unlabelled = 0;
  const skipped = () => unlabelled++;
  const comments = format === 'disqus' ? disqusComments(stream, skipped) : wordpressComments(stream, skipped);
  const tally = new Tally();
  const now = ctx.clock.now().toISOString();
  const screening = { velocity: true, ...ctx.screening, akismet: null };
  for await (const comment of comments) {
    let judged: Judged;
    try {
      const outcome = await screenComment(
        { db: ctx.db, screening },
        {
          threadId: NO_THREAD,
          body: comment.body,
          author: { kind: 'guest', name: comment.authorName, email: comment.authorEmail?.toLowerCase() ?? null, keyHash: null },
          at: comment.at || now,
          mode: 'post',
        },
        settings,
      );
      judged = judgeSteps(comment.id, comment.label, outcome.steps, outcome.spamScore, comment.body);
    } catch (error) {
      // A banned commenter's comment would be refused: caught, for the reason the ban gives.
      if (!(error instanceof AppError && error.code === 'BANNED')) throw error;
      judged = judgeSteps(comment.id, comment.label, [{ step: 'sanction', verdict: 'spam', reason: error.message }], null, comment.body);
    }
    tally.add(judged);
  }
  return tally.result(unlabelled);
}

/** The desk's window: long enough to gather decisions on a small site, short enough to show today's filter. */
export const RECENT_DAYS = 30;
// A very busy desk's month is measured on its latest decisions.
const RECENT_LIMIT = 5000;

export interface RecentEvaluation extends Evaluation {
  days: number;
}

/**
 * The site's own answer key: of the comments moderators marked spam, approved or marked not spam
 * in the last RECENT_DAYS days, how the pipeline had screened them when they came in.
 */
export async function evaluateRecentDecisions(ctx: Pick<DomainContext, 'db' | 'clock'>): Promise<RecentEvaluation> {
  const since = new Date(ctx.clock.now().getTime() - RECENT_DAYS * 24 * 3600 * 1000).toISOString();
  const tally = new Tally();
  for (const row of await decidedSince(ctx.db, since, RECENT_LIMIT))
    tally.add(judgeSteps(row.id, row.trained_as, parseModeration(row.moderation), row.spam_score, row.body_markdown));
  return { ...tally.result(), days: RECENT_DAYS };
}
