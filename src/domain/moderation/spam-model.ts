// The learned spam filter: a naive Bayes classifier in the Robinson–Fisher form (as in
// SpamBayes) over feature tokens: words, link domains and facts about the author (guest or
// account, account age, email given, body length). Each token's spam probability is pulled
// towards 0.5 while it has been seen rarely, and only tokens with something to say take part;
// chi-square combination keeps it from being sure of itself on thin evidence. Counts live in
// spam_tokens and move one decision at a time (learnFromDecision): there is no batch retraining.
// Until it has seen enough of both kinds, it gives no score at all.
import { inTransaction } from '../../storage/db.ts';
import { findComment } from '../../storage/repos/comments.ts';
import { findUserById } from '../../storage/repos/users.ts';
import { adjustTokenCounts, setTrainedAs, tokenCounts, TOTALS_TOKEN } from '../../storage/repos/spam-tokens.ts';
import type { Comment } from '../../storage/schema.ts';
import type { Db } from '../../storage/db.ts';
import type { DomainContext } from '../context.ts';
import { hostOf, linksIn } from './steps/text.ts';

/** Decisions of each kind needed before the model says anything. */
export const MIN_TRAINING = 10;
/** Strength of the 0.5 prior for rarely seen tokens (SpamBayes' unknown_word_strength). */
const PRIOR_STRENGTH = 0.45;
/** Tokens closer than this to 0.5 are ignored. */
const MIN_STRENGTH = 0.1;
const MAX_CLUES = 150;
const MAX_WORDS = 300;

export interface AuthorFacts {
  kind: 'account' | 'guest';
  /** Age of the account when it wrote the comment; null for guests. */
  accountAgeSeconds: number | null;
  hasEmail: boolean;
}

function ageBucket(seconds: number): string {
  const hour = 3600;
  if (seconds < hour) return 'hour';
  if (seconds < 24 * hour) return 'day';
  if (seconds < 7 * 24 * hour) return 'week';
  if (seconds < 30 * 24 * hour) return 'month';
  return 'older';
}

function lengthBucket(length: number): string {
  if (length === 0) return 'empty';
  if (length < 20) return 'short';
  if (length < 200) return 'medium';
  if (length < 1000) return 'long';
  return 'very-long';
}

/** The tokens a comment is judged by (each once). */
export function featuresOf(body: string, author: AuthorFacts): string[] {
  const features = new Set<string>();
  const links = linksIn(body);
  const text = body.replace(/\b(?:https?:\/\/|www\.)\S+/gi, ' ').toLowerCase();
  for (const word of text.match(/[\p{L}\p{N}][\p{L}\p{N}'’]{1,29}/gu) ?? []) {
    if (features.size >= MAX_WORDS) break;
    features.add(`w:${word.replace(/’/g, "'")}`);
  }
  for (const link of links) {
    const host = hostOf(link);
    if (host) features.add(`d:${host.replace(/^www\./, '')}`);
  }
  features.add(`links:${links.length >= 3 ? '3+' : links.length}`);
  features.add(`len:${lengthBucket(body.trim().length)}`);
  features.add(`author:${author.kind}`);
  if (author.accountAgeSeconds !== null) features.add(`age:${ageBucket(author.accountAgeSeconds)}`);
  features.add(`email:${author.hasEmail ? 'yes' : 'no'}`);
  return [...features];
}

/** Survival function of chi-square with an even number of degrees of freedom. */
function chi2Q(x2: number, degrees: number): number {
  const m = x2 / 2;
  let term = Math.exp(-m);
  let sum = term;
  for (let i = 1; i < degrees / 2; i++) {
    term *= m / i;
    sum += term;
  }
  return Math.min(sum, 1);
}

export interface Clue {
  feature: string;
  /** This feature's own spam probability. */
  probability: number;
}

export interface SpamScore {
  /** Spam probability 0..1; null while the model has too little training to say. */
  score: number | null;
  /** The features that weighed most, strongest first (at most 10). */
  clues: Clue[];
  trainedOn: { spam: number; ham: number };
}

export async function scoreFeatures(db: Db, features: readonly string[]): Promise<SpamScore> {
  const totals = (await tokenCounts(db, [TOTALS_TOKEN])).get(TOTALS_TOKEN) ?? { spam: 0, ham: 0 };
  const trainedOn = { spam: totals.spam, ham: totals.ham };
  if (totals.spam < MIN_TRAINING || totals.ham < MIN_TRAINING) return { score: null, clues: [], trainedOn };
  const counts = await tokenCounts(db, features);
  const clues: Clue[] = [];
  for (const feature of features) {
    const seen = counts.get(feature);
    if (!seen || seen.spam + seen.ham === 0) continue;
    const spamRatio = seen.spam / totals.spam;
    const hamRatio = seen.ham / totals.ham;
    const raw = spamRatio / (spamRatio + hamRatio);
    const n = seen.spam + seen.ham;
    const probability = (PRIOR_STRENGTH * 0.5 + n * raw) / (PRIOR_STRENGTH + n);
    if (Math.abs(probability - 0.5) >= MIN_STRENGTH) clues.push({ feature, probability });
  }
  clues.sort((a, b) => Math.abs(b.probability - 0.5) - Math.abs(a.probability - 0.5));
  const used = clues.slice(0, MAX_CLUES);
  if (used.length === 0) return { score: 0.5, clues: [], trainedOn };
  let logSpam = 0;
  let logHam = 0;
  for (const clue of used) {
    // Kept off 0 and 1 so one token can never decide alone.
    const p = Math.min(0.99, Math.max(0.01, clue.probability));
    logHam += Math.log(p);
    logSpam += Math.log(1 - p);
  }
  const spamminess = 1 - chi2Q(-2 * logSpam, 2 * used.length);
  const hamminess = 1 - chi2Q(-2 * logHam, 2 * used.length);
  const score = (spamminess - hamminess + 1) / 2;
  return { score, clues: used.slice(0, 10), trainedOn };
}

/** What the model knows of a stored comment's author, as of when it was written. */
async function authorFactsOf(db: Db, comment: Pick<Comment, 'author_id' | 'guest_email' | 'created_at'>): Promise<AuthorFacts> {
  if (!comment.author_id) return { kind: 'guest', accountAgeSeconds: null, hasEmail: Boolean(comment.guest_email) };
  const user = await findUserById(db, comment.author_id);
  const age = user ? Math.max(0, (Date.parse(comment.created_at) - Date.parse(user.created_at)) / 1000) : null;
  return { kind: 'account', accountAgeSeconds: age, hasEmail: true };
}

async function featuresOfComment(db: Db, comment: Comment): Promise<string[]> {
  return featuresOf(comment.body_markdown, await authorFactsOf(db, comment));
}

/** The model's opinion of a stored comment, with the features that weighed most (for the desk). */
export async function scoreComment(ctx: Pick<DomainContext, 'db'>, comment: Comment): Promise<SpamScore> {
  return scoreFeatures(ctx.db, await featuresOfComment(ctx.db, comment));
}

/**
 * Teaches the model a moderator's decision about one comment (spam: marked spam; ham: approved
 * or marked not spam). Learning the same label twice changes nothing; a relabelled comment
 * moves its counts from one side to the other. Joins the caller's transaction when there is one.
 */
export async function learnFromDecision(
  ctx: Pick<DomainContext, 'db'>,
  comment: Pick<Comment, 'id'>,
  label: 'spam' | 'ham',
): Promise<void> {
  await inTransaction(ctx.db, async (db) => {
    // Two moderators deciding at once: the conditional update lets only one of them move the counts.
    for (let attempt = 0; attempt < 3; attempt++) {
      const current = await findComment(db, comment.id);
      if (!current || current.trained_as === label) return;
      if (!(await setTrainedAs(db, current.id, current.trained_as, label))) continue;
      const features = [...(await featuresOfComment(db, current)), TOTALS_TOKEN];
      if (current.trained_as) await adjustTokenCounts(db, features, current.trained_as, -1);
      await adjustTokenCounts(db, features, label, 1);
      return;
    }
  });
}
