// The site's moderation settings, kept as one JSON value in the settings table and merged over
// the defaults, so a new setting needs no migration. Admins change them (policy rule
// 'settings.change'); every change is validated field by field.
import { invalid } from '../../errors.ts';
import { afterCommit, databaseIdentity, type Db } from '../../storage/db.ts';
import { getSetting, putSetting } from '../../storage/repos/settings.ts';
import type { DomainContext } from '../context.ts';
import { THREAD_POLICIES, type ModerationSettings, type ThreadPolicy } from './settings-schema.ts';

// The shape (and its field descriptions) lives in settings-schema.ts, which the admin API shares.
export { THREAD_POLICIES, type ModerationSettings, type ThreadPolicy } from './settings-schema.ts';

export const DEFAULT_MODERATION: ModerationSettings = {
  policy: 'open',
  autoCloseDays: null,
  slowModeSeconds: 0,
  maxLinks: 3,
  blockedDomains: [],
  wordList: ['fuck', 'shit', 'cunt', 'motherfucker', 'asshole', 'bitch', 'bastard', 'dick', 'wanker'],
  wordAction: 'mask',
  reportThreshold: 3,
  guestComments: null,
  // Chosen on the tuning split (scripts/tune-spam-thresholds.ts), never on the evaluation set: docs/SPAM.md.
  holdScore: 0.75,
  spamScore: 0.99,
  nearDuplicates: 3,
  nearDuplicateHours: 24,
  strangerLinks: true,
  trustedDomains: [],
};

const KEY = 'moderation';

/** Whether guests may comment: the admin's choice when made, else the site's configuration. */
export function guestsAllowed(settings: Pick<ModerationSettings, 'guestComments'>, configured: boolean): boolean {
  return settings.guestComments ?? configured;
}

/** The settings as stored now: for admins reading them, changes, and long jobs (imports). */
export async function loadModerationSettings(ctx: Pick<DomainContext, 'db'>): Promise<ModerationSettings> {
  const raw = await getSetting(ctx.db, KEY);
  return raw ? { ...DEFAULT_MODERATION, ...(JSON.parse(raw) as Partial<ModerationSettings>) } : DEFAULT_MODERATION;
}

// Every comment posted or edited, and every thread read, needs the settings: a read of the
// settings table each time, on PostgreSQL one round trip of the dozen a comment costs. They
// change rarely, and only by an admin, so an instance keeps what it read for a few seconds. A
// change saved through this process applies here at once (saveModerationSettings forgets what is
// kept when its transaction commits); one saved by another instance applies here within
// SETTINGS_KEPT_MS.
export const SETTINGS_KEPT_MS = 5_000;

interface Kept {
  settings: ModerationSettings;
  readAt: number;
}

/** Per database (a handle and its transactions share one): what was read, and how often it was forgotten. */
const kept = new WeakMap<object, Kept>();
const forgotten = new WeakMap<object, number>();

/** The settings for screening and reading threads: at most SETTINGS_KEPT_MS old, by ctx.clock. */
export async function currentModerationSettings(ctx: Pick<DomainContext, 'db' | 'clock'>): Promise<ModerationSettings> {
  // A transaction may hold its own change: it reads the table.
  if (ctx.db.isTransaction) return loadModerationSettings(ctx);
  const database = databaseIdentity(ctx.db);
  const now = ctx.clock.now().getTime();
  const hit = kept.get(database);
  // A clock set back (tests) counts as stale, like one gone past the window.
  if (hit && now >= hit.readAt && now - hit.readAt < SETTINGS_KEPT_MS) return hit.settings;
  const generation = forgotten.get(database) ?? 0;
  const settings = Object.freeze(await loadModerationSettings(ctx));
  // Forgotten while this read ran: it may have read the value from before the change.
  if ((forgotten.get(database) ?? 0) === generation) kept.set(database, { settings, readAt: now });
  return settings;
}

function forgetModerationSettings(db: Db): void {
  const database = databaseIdentity(db);
  kept.delete(database);
  forgotten.set(database, (forgotten.get(database) ?? 0) + 1);
}

const DOMAIN = /^(?=.{1,253}$)([a-z0-9-]{1,63}\.)+[a-z]{2,63}$/;
// Every comment is screened against these lists, and the settings are read with every comment:
// a bound keeps both cheap. Far more than a site maintains by hand.
export const MAX_LIST_ITEMS = 1000;

/** Checks a partial change; the error names the field at fault. */
export function validateModerationPatch(patch: Partial<ModerationSettings>): Partial<ModerationSettings> {
  const out: Partial<ModerationSettings> = {};
  const wholeNumber = (field: keyof ModerationSettings, value: unknown, min: number, max: number) => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
      throw invalid(field, `must be a whole number from ${min} to ${max}`);
    return value;
  };
  const probability = (field: keyof ModerationSettings, value: unknown) => {
    if (typeof value !== 'number' || !(value > 0 && value <= 1)) throw invalid(field, 'must be a number above 0 and at most 1');
    return value;
  };
  const checkItemCount = (field: keyof ModerationSettings, value: unknown) => {
    if (Array.isArray(value) && value.length > MAX_LIST_ITEMS)
      throw invalid(field, `must have at most ${MAX_LIST_ITEMS} entries, not ${value.length}`);
  };
  for (const [field, value] of Object.entries(patch) as [keyof ModerationSettings, unknown][]) {
    switch (field) {
      case 'policy':
        if (!THREAD_POLICIES.includes(value as ThreadPolicy)) throw invalid(field, `must be one of ${THREAD_POLICIES.join(', ')}`);
        out.policy = value as ThreadPolicy;
        break;
      case 'autoCloseDays':
        out.autoCloseDays = value === null ? null : wholeNumber(field, value, 1, 36500);
        break;
      case 'slowModeSeconds':
        out.slowModeSeconds = wholeNumber(field, value, 0, 86400);
        break;
      case 'maxLinks':
        out.maxLinks = wholeNumber(field, value, 0, 100);
        break;
      case 'reportThreshold':
        out.reportThreshold = wholeNumber(field, value, 1, 1000);
        break;
      case 'blockedDomains':
      case 'trustedDomains':
        checkItemCount(field, value);
        if (!Array.isArray(value) || value.some((d) => typeof d !== 'string' || !DOMAIN.test(d.toLowerCase())))
          throw invalid(field, `must be a list of domain names such as ${field === 'blockedDomains' ? 'spam' : 'friends'}.example`);
        out[field] = (value as string[]).map((d) => d.toLowerCase());
        break;
      case 'wordList':
        checkItemCount(field, value);
        if (!Array.isArray(value) || value.some((w) => typeof w !== 'string' || !w.trim() || w.length > 60))
          throw invalid(field, 'must be a list of words of 1 to 60 characters');
        out.wordList = (value as string[]).map((w) => w.trim().toLowerCase());
        break;
      case 'wordAction':
        if (value !== 'mask' && value !== 'hold') throw invalid(field, 'must be mask or hold');
        out.wordAction = value;
        break;
      case 'guestComments':
        if (value !== null && typeof value !== 'boolean')
          throw invalid(field, 'must be true, false, or null to follow GAZETTE_GUEST_COMMENTS');
        out.guestComments = value;
        break;
      case 'nearDuplicates':
        if (value !== 0 && !(typeof value === 'number' && Number.isInteger(value) && value >= 2 && value <= 1000))
          throw invalid(field, 'must be 0 (off) or a whole number from 2 to 1000');
        out.nearDuplicates = value;
        break;
      case 'nearDuplicateHours':
        out.nearDuplicateHours = wholeNumber(field, value, 1, 24 * 7);
        break;
      case 'strangerLinks':
        if (typeof value !== 'boolean') throw invalid(field, 'must be true or false');
        out.strangerLinks = value;
        break;
      case 'holdScore':
        out.holdScore = probability(field, value);
        break;
      case 'spamScore':
        out.spamScore = probability(field, value);
        break;
      default:
        throw invalid(field, 'is not a moderation setting');
    }
  }
  return out;
}

export async function saveModerationSettings(
  ctx: Pick<DomainContext, 'db' | 'clock'>,
  patch: Partial<ModerationSettings>,
): Promise<ModerationSettings> {
  const next = { ...(await loadModerationSettings(ctx)), ...validateModerationPatch(patch) };
  if (next.holdScore > next.spamScore) throw invalid('holdScore', 'must not be above spamScore');
  await putSetting(ctx.db, KEY, JSON.stringify(next), ctx.clock.now().toISOString());
  afterCommit(ctx.db, () => forgetModerationSettings(ctx.db));
  return next;
}
