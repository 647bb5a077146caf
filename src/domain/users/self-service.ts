// What people do for themselves: sign up, confirm their address, log in with a password or an
// emailed link, reset a forgotten password. Every answer that involves an address reads the same
// whether or not it has an account (no enumeration); the difference travels only by mail.
import { AppError, invalid } from '../../errors.ts';
import { inTransaction } from '../../storage/db.ts';
import * as usersRepo from '../../storage/repos/users.ts';
import type { User } from '../../storage/schema.ts';
import { queueMail } from '../../mail/outbox.ts';
import type { MailSiteSource } from '../mail-site.ts';
import { alreadyRegisteredMail, noAccountMail, passwordResetMail, signInLinkMail, verificationMail } from '../../mail/account-mail.ts';
import { retireEmailTokensOf } from '../../storage/repos/email-tokens.ts';
import { revokeTokensOf } from '../../storage/repos/tokens.ts';
import type { DomainContext } from '../context.ts';
import { createAccount } from './accounts.ts';
import { checkDisplayName } from './profile.ts';
import { issueEmailLink, useEmailLink } from './email-links.ts';
import { checkNewPassword, hashPassword, verifyPassword } from './passwords.ts';
import { endAllSessions } from './sessions.ts';
import { deleteIdentitiesOfUser } from '../../storage/repos/oidc-identities.ts';

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

/**
 * Both answers cost the same: a registered address gets a mail instead of an account, and its
 * request hashes the password all the same, so response times do not tell which addresses exist.
 */
export async function signUp(ctx: Ctx, mailSite: MailSiteSource, input: SignUp): Promise<void> {
  const site = await mailSite();
  const email = normaliseEmail(input.email);
  checkNewPassword(input.password, { email });
  const displayName = checkDisplayName(input.displayName);
  await inTransaction(ctx.db, async (db) => {
    const tx = { ...ctx, db };
    const existing = await usersRepo.findUserByEmail(db, email);
    if (existing) {
      await hashPassword(input.password); // the work createAccount does on the other path
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
}

/**
 * Who proved the address. `creator`: the confirmation link mailed to whoever set the account up
 * (at sign-up, or when they tried to log in before confirming). `claimant`: someone who read the
 * mailbox but need not be who set the account up (a reset or sign-in link, a provider that vouches
 * for the address); `keeps` is what the claimant brought themselves.
 */
export type Proof = { by: 'creator' } | { by: 'claimant'; keeps: { password: boolean; identity?: { provider: string; subject: string } } };

/**
 * The address is proven: mark it. Proving an address does not bring over the guest comments left
 * with it — anyone can type any address as a guest. Only the comments of the browser that signs
 * in are claimed, when its session starts (guest-claim.ts).
 */
export async function markVerified(ctx: Ctx, user: User, proof: Proof): Promise<Verified> {
  const now = ctx.clock.now().toISOString();
  if (user.email_verified_at !== null) return { user };
  const dropPassword = proof.by === 'claimant' && !proof.keeps.password;
  if (proof.by === 'claimant') await dropUnprovenAccess(ctx, user, proof.keeps, now);
  const changes = { email_verified_at: now, ...(dropPassword ? { password_hash: null } : {}) };
  await usersRepo.updateUser(ctx.db, user.id, { ...changes, updated_at: now });
  return { user: { ...user, ...changes } };
}

/**
 * Until its address is proven, an account belongs to whoever typed that address: someone may have
 * signed up with another person's address and set a password, or signed in with a provider that
 * did not vouch for it, and wait for the owner to prove the address and move in. The one who
 * proves it gets the account without any of that: no password they did not set, no provider
 * identity but their own, nobody signed in, no link or API token left from before.
 */
async function dropUnprovenAccess(ctx: Ctx, user: User, keeps: { identity?: { provider: string; subject: string } }, now: string) {
  await deleteIdentitiesOfUser(ctx.db, user.id, keeps.identity ?? null);
  await endAllSessions(ctx, user.id);
  await retireEmailTokensOf(ctx.db, { userId: user.id, email: user.email, purposes: ['verify', 'login', 'reset'] }, now);
  await revokeTokensOf(ctx.db, user.id, now);
}

async function linkOwner(ctx: Ctx, userId: string | null, email: string): Promise<User> {
  const user = userId ? await usersRepo.findUserById(ctx.db, userId) : await usersRepo.findUserByEmail(ctx.db, email);
  if (!user || user.deleted_at !== null || user.email !== email)
    throw new AppError('LINK_EXPIRED', 'this link belongs to an account that no longer exists', 'token');
  return user;
}

export async function verifyEmail(ctx: Ctx, token: string): Promise<Verified> {
  return inTransaction(ctx.db, async (db) => {
    const tx = { ...ctx, db };
    const link = await useEmailLink(tx, 'verify', token);
    return markVerified(tx, await linkOwner(tx, link.user_id, link.email), { by: 'creator' });
  });
}

export async function logIn(ctx: Ctx, mailSite: MailSiteSource, input: { email: string; password: string }): Promise<User> {
  const email = normaliseEmail(input.email);
  if (!input.password) throw invalid('password', 'must not be empty');
  const user = await usersRepo.findUserByEmail(ctx.db, email);
  // A site's single sign-on account has no password and an address no mail reaches; this keeps it so.
  const ok = await verifyPassword(user && user.deleted_at === null && user.sso_site === null ? user.password_hash : null, input.password);
  if (!user || !ok) throw new AppError('SIGN_IN_FAILED', 'that email and password do not match an account');
  if (user.email_verified_at === null) {
    // Only someone who knows the password learns this, so it reveals nothing to a stranger.
    const token = await issueEmailLink(ctx, { purpose: 'verify', email, userId: user.id });
    await queueMail(ctx, verificationMail(await mailSite(), email, user.display_name, token));
    throw new AppError('EMAIL_NOT_CONFIRMED', 'confirm your email address first: we have sent you a new link', 'email');
  }
  return user;
}

// Link requests mail the address either way (a link, or "there is no account here"): both paths
// do the same work, so neither the answer nor its timing tells a stranger the address is registered.
export async function requestPasswordReset(ctx: Ctx, mailSite: MailSiteSource, rawEmail: string): Promise<void> {
  const site = await mailSite();
  const email = normaliseEmail(rawEmail);
  const user = await usersRepo.findUserByEmail(ctx.db, email);
  if (!user || user.deleted_at !== null || user.sso_site !== null) {
    await queueMail(ctx, noAccountMail(site, email, 'reset'));
    return;
  }
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
    await endEverythingSignedIn(tx, user);
    return (await markVerified(tx, user, { by: 'claimant', keeps: { password: true } })).user;
  });
}

/** `next`: where the link brings the reader back to once signed in (a path on this site; others are dropped). */
export async function requestSignInLink(ctx: Ctx, mailSite: MailSiteSource, rawEmail: string, next: string | null = null): Promise<void> {
  const site = await mailSite();
  const email = normaliseEmail(rawEmail);
  const user = await usersRepo.findUserByEmail(ctx.db, email);
  if (!user || user.deleted_at !== null || user.sso_site !== null) {
    await queueMail(ctx, noAccountMail(site, email, 'login'));
    return;
  }
  const token = await issueEmailLink(ctx, { purpose: 'login', email, userId: user.id });
  await queueMail(ctx, signInLinkMail(site, email, token, next));
}

export async function signInWithLink(ctx: Ctx, token: string): Promise<Verified> {
  return inTransaction(ctx.db, async (db) => {
    const tx = { ...ctx, db };
    const link = await useEmailLink(tx, 'login', token);
    return markVerified(tx, await linkOwner(tx, link.user_id, link.email), { by: 'claimant', keeps: { password: false } });
  });
}

/**
 * A new password ends whatever the old one could have opened: every session, the sign-in, reset
 * and confirmation links still in someone's mailbox (a confirmation link signs in too), and the
 * account's API tokens.
 */
async function endEverythingSignedIn(ctx: Pick<DomainContext, 'db' | 'clock'>, user: User): Promise<void> {
  const now = ctx.clock.now().toISOString();
  await endAllSessions(ctx, user.id);
  await retireEmailTokensOf(ctx.db, { userId: user.id, email: user.email, purposes: ['verify', 'login', 'reset'] }, now);
  await revokeTokensOf(ctx.db, user.id, now);
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
    await endEverythingSignedIn({ ...ctx, db }, user);
  });
}
