// A reader's standing: whether they may vote and report at all (a ban says no), and how much their
// report weighs toward holding a comment. Reports are cheap to send and a hold hides someone's
// words, so the weight follows what it costs to stand behind a report:
//   guest (a cookie anyone can mint), unverified or shadow-banned account   0
//   account with a verified address                                         1
//   verified account older than ESTABLISHED_DAYS with ESTABLISHED_COMMENTS
//   published comments                                                      2
//   staff (editor, moderator, admin)                      STAFF_REPORT_WEIGHT
// A weight-0 report still counts in the comment's report_count and puts it in the moderators'
// "Reported" queue; it just never hides anything by itself. The staff weight is the highest
// threshold a site can set, so a staff report holds at once. A shadow-banned reporter is not told
// (their report is taken, and weighs nothing), so the shadow ban stays invisible to them.
import { AppError } from '../../errors.ts';
import type { Db } from '../../storage/db.ts';
import { activeSanctions } from '../../storage/repos/sanctions.ts';
import { publishedCommentCount } from '../../storage/repos/standing.ts';
import { findUserById } from '../../storage/repos/users.ts';
import type { Role, User, UserSanction } from '../../storage/schema.ts';
import type { Commenter } from '../comments/commenter.ts';

export const ESTABLISHED_DAYS = 30;
export const ESTABLISHED_COMMENTS = 3;
/** = the largest reportThreshold the settings accept (settings.ts), so one staff report holds. */
export const STAFF_REPORT_WEIGHT = 1000;

const STAFF_ROLES: ReadonlySet<Role> = new Set(['editor', 'moderator', 'admin']);

export const isStaffRole = (role: Role | null | undefined): boolean => role !== null && role !== undefined && STAFF_ROLES.has(role);

export interface AccountStanding {
  user: User;
  ban: UserSanction | null;
  shadow: UserSanction | null;
}

/** The account and the sanctions in force on it — by id, or by its address (a ban given to the email holds too). */
export async function accountStanding(db: Db, userId: string, now: Date): Promise<AccountStanding | null> {
  const user = await findUserById(db, userId);
  if (!user) return null;
  const active = await activeSanctions(db, [`user:${user.id}`, `email:${user.email.toLowerCase()}`], now.toISOString());
  return { user, ban: active.find((s) => s.kind === 'ban') ?? null, shadow: active.find((s) => s.kind === 'shadow') ?? null };
}

const until = (ban: UserSanction) =>
  ban.expires_at ? `until ${ban.expires_at.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC')}` : 'permanently';

/** Refuses a banned account's vote or report, with its own code so a client can tell it from other refusals. */
export function refuseIfBanned(standing: AccountStanding | null, action: 'vote' | 'report'): void {
  if (!standing?.ban) return;
  const code = action === 'vote' ? 'BANNED_FROM_VOTING' : 'BANNED_FROM_REPORTING';
  throw new AppError(
    code,
    `your account is banned ${until(standing.ban)}, so it cannot ${action === 'vote' ? 'vote on' : 'report'} comments`,
  );
}

/** How much a report by this commenter weighs toward a hold (see the table above). */
export async function reportWeight(db: Db, commenter: Commenter, standing: AccountStanding | null, now: Date): Promise<number> {
  if (commenter.kind === 'guest' || !standing) return 0;
  const { user } = standing;
  if (isStaffRole(user.role)) return STAFF_REPORT_WEIGHT;
  if (standing.shadow || user.email_verified_at === null) return 0;
  const ageDays = (now.getTime() - Date.parse(user.created_at)) / 86_400_000;
  if (ageDays >= ESTABLISHED_DAYS && (await publishedCommentCount(db, user.id, ESTABLISHED_COMMENTS)) >= ESTABLISHED_COMMENTS) return 2;
  return 1;
}
