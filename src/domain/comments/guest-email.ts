// A guest types a name and an address, and nothing proves the address is theirs. So a guest may
// not write under an address that belongs to an account: its comments would pass for the
// account's (and the account's bans and shadow bans would be dodged). The refusal cannot help
// saying that an account uses the address; it comes after every other refusal of the thread and
// the reply, so only a guest who could otherwise have posted a real comment there (under the
// posting limits, in view of moderators) learns it.
import { AppError } from '../../errors.ts';
import type { Db } from '../../storage/db.ts';
import { findUserByEmail } from '../../storage/repos/users.ts';

export const GUEST_EMAIL_MESSAGE = 'this address cannot comment as a guest: sign in, or use another address';

/** Whether an account uses the address; `email` is already normalised. */
export async function addressHasAccount(db: Db, email: string): Promise<boolean> {
  // Deleted accounts keep a placeholder address (deleted-ID@invalid), which no guest can type.
  return (await findUserByEmail(db, email)) !== undefined;
}

/** The refusal (GUEST_EMAIL_NEEDS_SIGN_IN, field guest.email) of an address that an account uses. */
export function accountAddressRefusal(): AppError {
  return new AppError('GUEST_EMAIL_NEEDS_SIGN_IN', GUEST_EMAIL_MESSAGE, 'guest.email');
}
