// Signing in with an OpenID Connect provider the site owner configured. The provider vouches for
// a subject (its stable id for the person) and perhaps an email address; we only join that person
// to an existing account when the provider says it has verified the address, since otherwise
// anyone could claim any account by typing its address at a lax provider.
import { AppError, invalid } from '../../errors.ts';
import { inTransaction } from '../../storage/db.ts';
import * as usersRepo from '../../storage/repos/users.ts';
import * as identitiesRepo from '../../storage/repos/oidc-identities.ts';
import type { User } from '../../storage/schema.ts';
import type { DomainContext } from '../context.ts';
import { createAccount } from './accounts.ts';
import { markVerified, normaliseEmail } from './self-service.ts';
import { sanitiseName } from './display-name.ts';

type Ctx = Pick<DomainContext, 'db' | 'clock' | 'events'>;

export interface OidcSignIn {
  /** The configured provider's id. */
  provider: string;
  /** The `sub` claim: the provider's stable id for this person. */
  subject: string;
  email: string | null;
  /** The provider's `email_verified` claim; false when it said nothing. */
  emailVerified: boolean;
  name: string | null;
}

const MAX_NAME = 80;

// What the provider calls the person, cleaned by the display-name rules (they cannot fix it here);
// else the address's local part; else a plain "Reader".
function displayNameFor(name: string | null, email: string): string {
  return sanitiseName(name, sanitiseName(email.split('@')[0], 'Reader', MAX_NAME), MAX_NAME);
}

function emailOf(raw: string | null): string {
  if (!raw || !raw.trim()) {
    throw new AppError(
      'UNPROCESSABLE',
      'your sign-in provider did not share an email address; allow it to, or sign up with your email instead',
      'email',
    );
  }
  try {
    return normaliseEmail(raw);
  } catch {
    throw new AppError('UNPROCESSABLE', `your sign-in provider gave "${raw}", which is not an email address`, 'email');
  }
}

/**
 * The account for this provider identity: the one already linked; else an account with the same
 * address when the provider has verified it (linked now); else a new reader account. An address
 * that is taken but not verified by the provider is refused rather than linked.
 */
export async function signInWithOidc(ctx: Ctx, input: OidcSignIn): Promise<User> {
  if (!input.provider) throw invalid('provider', 'must not be empty');
  if (!input.subject) throw invalid('subject', 'the provider did not say who signed in');
  return inTransaction(ctx.db, async (db) => {
    const tx = { ...ctx, db };
    const known = await identitiesRepo.findIdentity(db, input.provider, input.subject);
    if (known) {
      const user = await usersRepo.findUserById(db, known.user_id);
      if (user && user.deleted_at === null) return user;
      // The person deleted their account; this identity starts again as if new.
      await identitiesRepo.deleteIdentity(db, input.provider, input.subject);
    }

    const email = emailOf(input.email);
    const link = (user: User) =>
      identitiesRepo.insertIdentity(db, {
        provider: input.provider,
        subject: input.subject,
        user_id: user.id,
        email,
        created_at: ctx.clock.now().toISOString(),
      });

    const existing = await usersRepo.findUserByEmail(db, email);
    if (existing) {
      if (existing.deleted_at !== null)
        throw new AppError('CONFLICT', `the address ${email} belongs to a deleted account and cannot be used to sign in`, 'email');
      if (!input.emailVerified) {
        throw new AppError(
          'CONFLICT',
          `an account with ${email} already exists, and your sign-in provider has not confirmed that the address is yours; sign in with your password or an emailed link instead`,
          'email',
        );
      }
      await link(existing);
      // Not yet confirmed, the account may have been set up by someone else with this address:
      // whoever signs in here proved the address, and gets the account without that someone's
      // password, identities or sessions (self-service.ts).
      const identity = { provider: input.provider, subject: input.subject };
      return (await markVerified(tx, existing, { by: 'claimant', keeps: { password: false, identity } })).user;
    }

    const user = await createAccount(tx, {
      email,
      displayName: displayNameFor(input.name, email),
      role: 'reader',
      emailVerified: input.emailVerified,
    });
    await link(user);
    return input.emailVerified ? (await markVerified(tx, user, { by: 'creator' })).user : user;
  });
}
