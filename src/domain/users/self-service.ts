// What people do for themselves: sign up, confirm their address, log in with a password or an
// emailed link, reset a forgotten password. Every answer that involves an address reads the same
// whether or not it has an account (no enumeration); the difference travels only by mail.
import { AppError, invalid } from '../../errors.ts';
import { afterCommit, inTransaction } from '../../storage/db.ts';
import * as usersRepo from '../../storage/repos/users.ts';
import { claimGuestComments } from '../../storage/repos/comments.ts';
import type { User } from '../../storage/schema.ts';
import { queueMail } from '../../mail/outbox.ts';
import type { MailSite } from '../../mail/compose.ts';
import { alreadyRegisteredMail, passwordResetMail, signInLinkMail, verificationMail } from '../../mail/account-mail.ts';
import type { DomainContext } from '../context.ts';
import { createAccount } from './accounts.ts';
import { issueEmailLink, useEmailLink } from './email-links.ts';
import { checkNewPassword, hashPassword, verifyPassword } from './passwords.ts';
import { endAllSessions } from './sessions.ts';

type Ctx = Pick<DomainContext, 'db' | 'clock' | 'events'>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normaliseEmail(raw: string, field = 'email'): string {
  const email = raw.trim().toLowerCase();
  if (!EMAIL.test(email) || email.length > 254) throw invalid(field, `"${raw}" is not an email address`);
  return email;
}

export interface SignUp {
  email: string;
  password: string;
  displayName: string;
}

export async function signUp(ctx: Ctx, site: MailSite, input: SignUp): Promise<void> {
  const email = normaliseEmail(input.email);
  checkNewPassword(input.password, { email });
  const displayName = input.displayName.trim().replace(/\s+/g, ' ');
  if (!displayName) throw invalid('displayName', 'must not be empty');
  if (displayName.length > 80) throw invalid('displayName', 'must be at most 80 characters');
  await inTransaction(ctx.db, async (db) => {
    const tx = { ...ctx, db };
    const existing = await usersRepo.findUserByEmail(db, email);
    if (existing) {
      await queueMail(tx, alreadyRegisteredMail(site, email));
      return;
    }
    const user = await createAccount(tx, { email, displayName, role: 'reader', password: input.password, emailVerified: false });
    const token = await issueEmailLink(tx, { purpose: 'verify', email, userId: user.id });
    await queueMail(tx, verificationMail(site, email, user.display_name, token));
  });
}

export interface Verified {
  user: User;
  /** Guest comments with this address that now belong to the account. */
  claimedComments: number;
}

/** The address is proven (by a mailed link, a reset, or a provider that vouches for it): mark it, and bring over the comments its owner left as a guest. */
export async function markVerified(ctx: Ctx, user: User): Promise<Verified> {
  const now = ctx.clock.now().toISOString();
  if (user.email_verified_at === null) await usersRepo.updateUser(ctx.db, user.id, { email_verified_at: now, updated_at: now });
  const claimedComments = await claimGuestComments(ctx.db, user.id, user.email);
  if (claimedComments > 0) afterCommit(ctx.db, () => ctx.events.publish({ type: 'content.changed' }));
  return { user: { ...user, email_verified_at: user.email_verified_at ?? now }, claimedComments };
}

async function linkOwner(ctx: Ctx, userId: string | null, email: string): Promise<User> {
  const user = userId ? await usersRepo.findUserById(ctx.db, userId) : await usersRepo.findUserByEmail(ctx.db, email);
  if (!user || user.deleted_at !== null || user.email !== email) throw new AppError('UNPROCESSABLE', 'this link belongs to an account that no longer exists', 'token');
  return user;
}

export async function verifyEmail(ctx: Ctx, token: string): Promise<Verified> {
  return inTransaction(ctx.db, async (db) => {
    const tx = { ...ctx, db };
    const link = await useEmailLink(tx, 'verify', token);
    return markVerified(tx, await linkOwner(tx, link.user_id, link.email));
  });
}

export async function logIn(ctx: Ctx, site: MailSite, input: { email: string; password: string }): Promise<User> {
  const email = normaliseEmail(input.email);
  if (!input.password) throw invalid('password', 'must not be empty');
  const user = await usersRepo.findUserByEmail(ctx.db, email);
  const ok = await verifyPassword(user && user.deleted_at === null ? user.password_hash : null, input.password);
  if (!user || !ok) throw new AppError('UNAUTHENTICATED', 'that email and password do not match an account');
  if (user.email_verified_at === null) {
    // Only someone who knows the password learns this, so it reveals nothing to a stranger.
    const token = await issueEmailLink(ctx, { purpose: 'verify', email, userId: user.id });
    await queueMail(ctx, verificationMail(site, email, user.display_name, token));
    throw new AppError('FORBIDDEN', 'confirm your email address first: we have sent you a new link', 'email');
  }
  return user;
}

export async function requestPasswordReset(ctx: Ctx, site: MailSite, rawEmail: string): Promise<void> {
  const email = normaliseEmail(rawEmail);
  const user = await usersRepo.findUserByEmail(ctx.db, email);
  if (!user || user.deleted_at !== null) return;
  const token = await issueEmailLink(ctx, { purpose: 'reset', email, userId: user.id });
  await queueMail(ctx, passwordResetMail(site, email, token));
}

/** Sets the new password, signs out every device (whoever knew the old one), and proves the address. */
export async function resetPassword(ctx: Ctx, input: { token: string; password: string }): Promise<User> {
  return inTransaction(ctx.db, async (db) => {
    const tx = { ...ctx, db };
    const link = await useEmailLink(tx, 'reset', input.token);
    const user = await linkOwner(tx, link.user_id, link.email);
    checkNewPassword(input.password, { email: user.email });
    const now = ctx.clock.now().toISOString();
    await usersRepo.updateUser(db, user.id, { password_hash: await hashPassword(input.password), updated_at: now });
    await endAllSessions(tx, user.id);
    return (await markVerified(tx, user)).user;
  });
}

export async function requestSignInLink(ctx: Ctx, site: MailSite, rawEmail: string): Promise<void> {
  const email = normaliseEmail(rawEmail);
  const user = await usersRepo.findUserByEmail(ctx.db, email);
  if (!user || user.deleted_at !== null) return;
  const token = await issueEmailLink(ctx, { purpose: 'login', email, userId: user.id });
  await queueMail(ctx, signInLinkMail(site, email, token));
}

export async function signInWithLink(ctx: Ctx, token: string): Promise<Verified> {
  return inTransaction(ctx.db, async (db) => {
    const tx = { ...ctx, db };
    const link = await useEmailLink(tx, 'login', token);
    return markVerified(tx, await linkOwner(tx, link.user_id, link.email));
  });
}

/** Sets a new password and, like a reset, signs out every device: whoever knew the old one is out. */
export async function changePassword(ctx: Ctx, user: User, input: { current: string; password: string }): Promise<void> {
  if (user.password_hash !== null && !(await verifyPassword(user.password_hash, input.current))) {
    throw invalid('currentPassword', 'is not your current password');
  }
  checkNewPassword(input.password, { email: user.email });
  const hash = await hashPassword(input.password);
  await inTransaction(ctx.db, async (db) => {
    await usersRepo.updateUser(db, user.id, { password_hash: hash, updated_at: ctx.clock.now().toISOString() });
    await endAllSessions({ db }, user.id);
  });
}
