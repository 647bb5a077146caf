// The learned spam filter: a naive Bayes classifier in the Robinson–Fisher form (as in
// SpamBayes) over feature tokens: words, link domains, patterns spammers lean on (money by the
// hour, "working from home", contact apps, pharmacy, replicas, followers, dating) and facts
// about the author (guest or account, account age, email given, body length). Each token's
// spam probability is pulled towards 0.5 while it has been seen rarely, and only tokens with
// something to say take part; chi-square combination keeps it from being sure of itself on thin
// evidence. Counts are the shipped base model (base-model.ts, trained on public corpora) plus the
// site's own (spam_tokens), which move one moderator decision at a time (learnFromDecision), so
// it speaks from the first comment and still learns the site's own kind of spam.
import { inTransaction } from '../../storage/db.ts';
import { findComment } from '../../storage/repos/comments.ts';
import { findUserById } from '../../storage/repos/users.ts';
import { adjustTokenCounts, setTrainedAs, tokenCounts, TOTALS_TOKEN } from '../../storage/repos/spam-tokens.ts';
import type { Comment } from '../../storage/schema.ts';
import type { Db } from '../../storage/db.ts';
import type { DomainContext } from '../context.ts';
import { shippedBaseModel, type BaseModel } from './base-model.ts';
import { patternTokens } from './spam-patterns.ts';
import { hostOf, linksIn } from './steps/text.ts';

/** Examples of each kind (base and site together) needed before the model says anything. */
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

/** Words as the model sees them: lower case, curly apostrophes straightened, links taken out. */
export function wordsOf(body: string): string[] {
  const text = body.replace(/\b(?:https?:\/\/|www\.)\S+/gi, ' ').toLowerCase();
  return (text.match(/[\p{L}\p{N}][\p{L}\p{N}'’]{1,29}/gu) ?? []).map((w) => w.replace(/’/g, "'"));
}

/**
 * The tokens of the text alone (words, link domains and endings, link count, patterns): what
 * the base model is trained on, since its corpora know nothing of a comment's author.
 */
export function textFeatures(body: string): string[] {
  const features = new Set<string>();
  for (const word of wordsOf(body)) {
    if (features.size >= MAX_WORDS) break;
    features.add(`w:${word}`);
  }
  const links = linksIn(body);
  for (const link of links) {
    const host = hostOf(link);
    if (!host) continue;
    features.add(`d:${host.replace(/^www\./, '')}`);
    const ending = /\.([a-z]{2,24})$/.exec(host)?.[1];
    if (ending) features.add(`tld:${ending}`);
  }
  features.add(`links:${links.length >= 3 ? '3+' : links.length}`);
  for (const token of patternTokens(body)) features.add(token);
  return [...features];
}

/** The tokens a comment is judged by (each once): its text, its length and its author. */
export function featuresOf(body: string, author: AuthorFacts): string[] {
  const features = new Set(textFeatures(body));
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
  /** Examples behind it: the shipped base model's and the site's own together. */
  trainedOn: { spam: number; ham: number };
  /** The site's own decisions among them. */
  site: { spam: number; ham: number };
}

/**
 * The spam probability of a set of features: the base model's counts plus the site's own. Reads
 * only; S3's evaluation and the pipeline both call it. `base` is for tests (an empty one shows
 * the site's counts alone).
 */
export async function scoreFeatures(db: Db, features: readonly string[], base: BaseModel = shippedBaseModel()): Promise<SpamScore> {
  const siteCounts = await tokenCounts(db, [TOTALS_TOKEN, ...features]);
  const site = siteCounts.get(TOTALS_TOKEN) ?? { spam: 0, ham: 0 };
  const trainedOn = { spam: site.spam + base.totals.spam, ham: site.ham + base.totals.ham };
  if (trainedOn.spam < MIN_TRAINING || trainedOn.ham < MIN_TRAINING) return { score: null, clues: [], trainedOn, site };
  const clues: Clue[] = [];
  for (const feature of features) {
    const own = siteCounts.get(feature);
    const shipped = base.tokens.get(feature);
    const spam = (own?.spam ?? 0) + (shipped?.[0] ?? 0);
    const ham = (own?.ham ?? 0) + (shipped?.[1] ?? 0);
    if (spam + ham === 0) continue;
    const spamRatio = spam / trainedOn.spam;
    const hamRatio = ham / trainedOn.ham;
    const raw = spamRatio / (spamRatio + hamRatio);
    const n = spam + ham;
    const probability = (PRIOR_STRENGTH * 0.5 + n * raw) / (PRIOR_STRENGTH + n);
    if (Math.abs(probability - 0.5) >= MIN_STRENGTH) clues.push({ feature, probability });
  }
  clues.sort((a, b) => Math.abs(b.probability - 0.5) - Math.abs(a.probability - 0.5));
  const used = clues.slice(0, MAX_CLUES);
  if (used.length === 0) return { score: 0.5, clues: [], trainedOn, site };
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
  return { score, clues: used.slice(0, 10), trainedOn, site };
}

/** A comment's spam probability from its text and author, reading only (evaluations, previews). */
export async function scoreBody(db: Db, body: string, author: AuthorFacts, base?: BaseModel): Promise<SpamScore> {
  return scoreFeatures(db, featuresOf(body, author), base);
}

/** What the model knows of a stored comment's author, as of when it was written. */
/**
 * What the model knows of a stored comment's author; `accountCreatedAt` is their account's
 * creation time (null when the account is gone). One reading for decisions and imports alike, so
 * a later decision takes back exactly what an import taught.
 */
export function authorFactsFrom(
  comment: Pick<Comment, 'author_id' | 'guest_email' | 'created_at'>,
  accountCreatedAt: string | null,
): AuthorFacts {
  if (!comment.author_id) return { kind: 'guest', accountAgeSeconds: null, hasEmail: Boolean(comment.guest_email) };
  const age = accountCreatedAt ? Math.max(0, (Date.parse(comment.created_at) - Date.parse(accountCreatedAt)) / 1000) : null;
  return { kind: 'account', accountAgeSeconds: age, hasEmail: true };
}

async function authorFactsOf(db: Db, comment: Pick<Comment, 'author_id' | 'guest_email' | 'created_at'>): Promise<AuthorFacts> {
  const user = comment.author_id ? await findUserById(db, comment.author_id) : undefined;
  return authorFactsFrom(comment, user?.created_at ?? null);
}

async function featuresOfComment(db: Db, comment: Comment): Promise<string[]> {
  return featuresOf(comment.body_markdown, await authorFactsOf(db, comment));
}

/** The model's opinion of a stored comment, with the features that weighed most (for the desk). */
export async function scoreComment(ctx: Pick<DomainContext, 'db'>, comment: Comment, base?: BaseModel): Promise<SpamScore> {
  return scoreFeatures(ctx.db, await featuresOfComment(ctx.db, comment), base);
}

/**
 * Teaches the model a moderator's decision about one comment (spam: marked spam; ham: approved
 * or marked not spam). Learning the same label twice changes nothing; a relabelled comment
 * moves its counts from one side to the other. Joins the caller's transaction when there is one.
 */
export async function learnFromDecision(
  ctx: Pick<DomainContext, 'db'>,
  comment: Pick<Comment, 'id'>,
  /** null: forget the comment (an undone decision gives its lesson back). */
  label: 'spam' | 'ham' | null,
): Promise<void> {
  await inTransaction(ctx.db, async (db) => {
    // Two moderators deciding at once: the conditional update lets only one of them move the counts.
    for (let attempt = 0; attempt < 3; attempt++) {
      const current = await findComment(db, comment.id);
      if (!current || current.trained_as === label) return;
      if (!(await setTrainedAs(db, current.id, current.trained_as, label))) continue;
      const features = [...(await featuresOfComment(db, current)), TOTALS_TOKEN];
      if (current.trained_as) await adjustTokenCounts(db, features, current.trained_as, -1);
      if (label) await adjustTokenCounts(db, features, label, 1);
      return;
    }
  });
}
