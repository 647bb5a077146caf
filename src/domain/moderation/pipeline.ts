// The moderation pipeline: every new, edited or (on request) imported comment passes through
// small steps (steps/*.ts), each of which may publish, hold or mark it as spam and says why in
// plain words. The strongest verdict wins (spam > hold > publish); a shadow-banned author's
// comment becomes 'shadow' (seen by its author alone); a banned author is refused. Staff skip
// content holds, never bans. What fired is stored with the comment (comments.moderation).
import type { Db } from '../../storage/db.ts';
import { readTogether } from '../../storage/read-together.ts';
import { findUserById } from '../../storage/repos/users.ts';
import type { CommentsTable, User } from '../../storage/schema.ts';
import type { DomainContext } from '../context.ts';
import { isStaff, type Candidate } from './candidate.ts';
import type { ModerationSettings } from './settings.ts';
import type { ModerationStep, Verdict } from './types.ts';
import { akismetFields, checkAkismet, type AkismetSettings } from './steps/akismet.ts';
import { checkEmpty } from './steps/empty.ts';
import { checkBlockedDomains, checkLinkCount } from './steps/links.ts';
import { checkModel } from './steps/model.ts';
import { policyStep, readPolicyHistory } from './steps/policy.ts';
import { checkRepeated } from './steps/repeated.ts';
import { checkNearDuplicates } from './steps/near-duplicate.ts';
import { simHash, type SimHash } from './steps/simhash.ts';
import { checkStrangerLinks } from './steps/stranger-links.ts';
import { banStep, bannedError, findSanctions, sanctionSubjects, shadowStep } from './steps/sanctions.ts';
import { checkVelocity } from './steps/velocity.ts';
import { applyWordList } from './steps/words.ts';
import { textHash } from './steps/text.ts';

export type { Candidate } from './candidate.ts';

/** What the pipeline may use beyond the database (DomainContext.screening). */
export interface ScreeningOptions {
  /** Set when AKISMET_KEY is configured. */
  akismet: AkismetSettings | null;
  /** Off only with GAZETTE_RATE_LIMITS=off (load tests post bursts from one address on purpose). */
  velocity: boolean;
  /** GAZETTE_PUBLIC_URL: links to it never count as a stranger's; unset, the recorded site_url is used. */
  publicUrl?: string | null;
}

export type ScreenedStatus = Extract<CommentsTable['status'], 'published' | 'pending' | 'spam' | 'shadow'>;

export interface ScreeningOutcome {
  status: ScreenedStatus;
  steps: ModerationStep[];
  /** The learned filter's spam probability; null while it is untrained. */
  spamScore: number | null;
  /** The body to store: the word list may have masked some words. */
  body: string;
  /** For comments.text_hash: what later comments are compared with for repeats (null: too short). */
  textHash: string | null;
  /** For comments.simhash_0..3: what later comments are compared with for near-duplicates (null: too short). */
  simHash: SimHash | null;
}

const RANK: Record<Verdict, number> = { publish: 0, hold: 1, spam: 2 };

// How restricted each status the pipeline gives is; other statuses (rejected, deleted) rank lowest.
const SEVERITY: Partial<Record<CommentsTable['status'], number>> = { published: 0, pending: 1, shadow: 2, spam: 3 };

export const isScreenedStatus = (status: CommentsTable['status']): status is ScreenedStatus => status in SEVERITY;

/** The more restricted of two statuses: screening an edit or an import never loosens what stood. */
export function stricterStatus<S extends CommentsTable['status']>(current: S, screened: ScreenedStatus): S | ScreenedStatus {
  return (SEVERITY[screened] ?? 0) > (SEVERITY[current] ?? 0) ? screened : current;
}

export function strongest(verdicts: readonly Verdict[]): Verdict {
  return verdicts.reduce<Verdict>((best, v) => (RANK[v] > RANK[best] ? v : best), 'publish');
}

/** From the content verdict and the author's standing to a status. */
export function decide(content: Verdict, options: { shadow: boolean; staff: boolean; banned?: boolean }): ScreenedStatus {
  const verdict = options.staff ? 'publish' : content;
  if (verdict === 'spam') return 'spam';
  if (options.shadow) return 'shadow';
  if (verdict === 'hold' || options.banned) return 'pending';
  return 'published';
}

/** What screening knows before it reads: the account, the address, whom a sanction may name, what the words alone say. */
export interface ScreeningPrelude {
  user: User | undefined;
  email: string | null;
  subjects: string[];
  hash: SimHash | null;
  empty: ModerationStep | null;
  words: ReturnType<typeof applyWordList>;
}

/** The author's account and the subjects of their sanctions; reads nothing for a guest whose address no account uses. */
export async function prepareScreening(db: Db, candidate: Candidate, settings: ModerationSettings): Promise<ScreeningPrelude> {
  const user = candidate.author.kind === 'account' ? await findUserById(db, candidate.author.id) : undefined;
  const email = (candidate.author.kind === 'account' ? user?.email : candidate.author.email) ?? null;
  const emailOwnedByNoAccount = candidate.author.kind === 'guest' && candidate.author.emailOwnedByNoAccount === true;
  const subjects = await sanctionSubjects(db, { userId: user?.id, email, emailOwnedByNoAccount });
  // The words are checked without the database.
  return {
    user,
    email,
    subjects,
    hash: simHash(candidate.body),
    empty: checkEmpty(candidate.body),
    words: applyWordList(candidate.body, settings),
  };
}

/**
 * Every read screening needs: the author's sanctions, and the checks of the words and of the
 * author's recent past. None depends on another, so the caller starts them together
 * (readTogether: one round trip on PostgreSQL), and postComment starts them with its own reads
 * of the thread and the address. The steps keep this order whatever order the answers come in.
 * Someone else's service (Akismet) is asked later, by finishScreening, once the author is known
 * not to be banned.
 */
export function startScreeningReads(
  db: Db,
  screening: ScreeningOptions | undefined,
  candidate: Candidate,
  settings: ModerationSettings,
  prelude: ScreeningPrelude,
) {
  const { user, email, hash, empty } = prelude;
  const accountAgeSeconds = user ? Math.max(0, (Date.parse(candidate.at) - Date.parse(user.created_at)) / 1000) : null;
  const skipped = Promise.resolve(null);
  return [
    findSanctions(db, prelude.subjects, candidate.at),
    empty ? skipped : checkRepeated(db, candidate),
    empty ? skipped : checkNearDuplicates(db, candidate, settings, hash),
    candidate.mode !== 'edit' && screening?.velocity !== false ? checkVelocity(db, candidate) : skipped,
    candidate.mode === 'post' ? readPolicyHistory(db, candidate, settings.policy) : skipped,
    candidate.mode !== 'import' ? checkStrangerLinks(db, candidate, settings, { user, publicUrl: screening?.publicUrl }) : skipped,
    checkModel(db, candidate.body, { kind: candidate.author.kind, accountAgeSeconds, hasEmail: Boolean(email) }, settings),
  ] as const;
}

type Answered<T extends readonly unknown[]> = { readonly [K in keyof T]: Awaited<T[K]> };

/** What startScreeningReads' reads answered, in its order. */
export type ScreeningAnswers = Answered<ReturnType<typeof startScreeningReads>>;

export async function screenComment(
  ctx: Pick<DomainContext, 'db' | 'screening'>,
  candidate: Candidate,
  settings: ModerationSettings,
): Promise<ScreeningOutcome> {
  const prelude = await prepareScreening(ctx.db, candidate, settings);
  const answers = await readTogether(ctx.db, (db) => startScreeningReads(db, ctx.screening, candidate, settings, prelude));
  return finishScreening(ctx, candidate, settings, prelude, answers);
}

/**
 * From the answers to a status: a banned author is refused (held, on import), then the content
 * steps and Akismet decide. `candidate` carries the thread's own policy by now.
 */
export async function finishScreening(
  ctx: Pick<DomainContext, 'db' | 'screening'>,
  candidate: Candidate,
  settings: ModerationSettings,
  prelude: ScreeningPrelude,
  answers: ScreeningAnswers,
): Promise<ScreeningOutcome> {
  const { email, hash, empty, words } = prelude;
  const [sanctions, repeated, nearDuplicate, velocity, policyHistory, strangerLinks, model] = answers;
  const steps: ModerationStep[] = [];
  if (sanctions.ban) {
    // History is kept on import; anywhere else a banned commenter is refused with when and why.
    if (candidate.mode !== 'import') throw bannedError(sanctions.ban);
    steps.push(banStep(sanctions.ban));
  }
  if (sanctions.shadow) steps.push(shadowStep(sanctions.shadow));

  const policy = candidate.mode === 'post' ? await policyStep(ctx.db, candidate, settings.policy, policyHistory) : null;
  const content = [
    empty,
    checkLinkCount(candidate.body, settings),
    checkBlockedDomains(candidate.body, settings),
    words.step,
    repeated,
    nearDuplicate,
    velocity,
    policy,
    strangerLinks,
    model.step,
  ].filter((step): step is ModerationStep => step !== null);
  // Someone else's service is asked last, and only when our own checks have not already decided it is spam.
  const akismet = ctx.screening?.akismet;
  if (akismet && candidate.mode !== 'import' && !empty && strongest(content.map((s) => s.verdict)) !== 'spam') {
    const akismetStep = await checkAkismet(akismet, akismetFields(akismet, candidate, { email }));
    if (akismetStep) content.push(akismetStep);
  }
  steps.push(...content);
  const staff = isStaff(candidate.author);
  const verdict = strongest(content.map((s) => s.verdict));
  if (staff && verdict !== 'publish')
    steps.push({ step: 'staff', verdict: 'publish', reason: 'written by staff: content checks are noted but do not hold it' });
  const status = decide(verdict, { shadow: sanctions.shadow !== null, staff, banned: sanctions.ban !== null });
  return { status, steps, spamScore: model.score, body: words.body, textHash: textHash(candidate.body), simHash: hash };
}
