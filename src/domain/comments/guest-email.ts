// A guest types a name and an address, and nothing proves the address is theirs. So a guest may
// not write under an address that belongs to an account: its comments would pass for the
// account's (and the account's bans and shadow bans would be dodged). The refusal reads the same
// whatever the reason, so it does not say whether an account exists.
import { AppError } from '../../errors.ts';
import type { Db } from '../../storage/db.ts';
import { findUserByEmail } from '../../storage/repos/users.ts';

export const GUEST_EMAIL_MESSAGE = 'this address cannot comment as a guest: sign in, or use another address';

/** Refuses (GUEST_EMAIL_NEEDS_SIGN_IN, field guest.email) an address that an account uses; `email` is already normalised. */
export async function refuseAccountAddress(db: Db, email: string): Promise<void> {
  // Deleted accounts keep a placeholder address (deleted-ID@invalid), which no guest can type.
  if (await findUserByEmail(db, email)) throw new AppError('GUEST_EMAIL_NEEDS_SIGN_IN', GUEST_EMAIL_MESSAGE, 'guest.email');
}
