// Bans and shadow bans. A banned commenter is refused with when it ends and why; a shadow-banned
// one is let through as 'shadow' (they see their comment, nobody else does). Accounts are known
// by id and by their address, so a banned guest cannot come back by signing up with the same
// email.
import { AppError } from '../../../errors.ts';
import type { Db } from '../../../storage/db.ts';
import { activeSanctions } from '../../../storage/repos/sanctions.ts';
import { findUserByEmail } from '../../../storage/repos/users.ts';
import type { UserSanction } from '../../../storage/schema.ts';
import type { ModerationStep } from '../types.ts';

export interface SanctionsFound {
  ban: UserSanction | null;
  shadow: UserSanction | null;
}

export function subjectsOf(author: { userId?: string | null; email?: string | null }): string[] {
  const subjects: string[] = [];
  if (author.userId) subjects.push(`user:${author.userId}`);
  if (author.email) subjects.push(`email:${author.email.toLowerCase()}`);
  return subjects;
}

/**
 * The subjects to check for someone writing: the account and its address; for a guest, the
 * address and the account that uses it, so a ban follows the address whichever way a comment
 * arrives (new guest comments under an account's address are refused before this; edits of
 * older ones and imports come here).
 */
export async function sanctionSubjects(
  db: Db,
  author: { userId?: string | null; email?: string | null; emailOwnedByNoAccount?: boolean },
): Promise<string[]> {
  if (author.userId || !author.email || author.emailOwnedByNoAccount) return subjectsOf(author);
  const owner = await findUserByEmail(db, author.email);
  return subjectsOf({ userId: owner && owner.deleted_at === null ? owner.id : null, email: author.email });
}

export async function findSanctions(db: Db, subjects: string[], at: string): Promise<SanctionsFound> {
  const active = await activeSanctions(db, subjects, at);
  return { ban: active.find((s) => s.kind === 'ban') ?? null, shadow: active.find((s) => s.kind === 'shadow') ?? null };
}

const until = (sanction: UserSanction) =>
  sanction.expires_at ? `until ${sanction.expires_at.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC')}` : 'permanently';
const because = (sanction: UserSanction) => (sanction.reason.trim() ? `: ${sanction.reason.trim()}` : '');

/** The refusal a banned commenter sees (403). */
export function bannedError(ban: UserSanction): AppError {
  return new AppError('BANNED', `you are banned from commenting ${until(ban)}${because(ban)}`);
}

/** For imports, where history is kept: a banned author's comment is held rather than refused. */
export function banStep(ban: UserSanction): ModerationStep {
  return { step: 'sanction', verdict: 'hold', reason: `the author is banned ${until(ban)}${because(ban)}` };
}

export function shadowStep(shadow: UserSanction): ModerationStep {
  return { step: 'sanction', verdict: 'publish', reason: `the author is shadow-banned${because(shadow)}: only they see their comments` };
}
