// When a browser signs in, the comments it left as a guest under the account's address become the
// account's. Both must hold: the guest key proves the comments came from this browser, and the
// address shows the guest meant this account. An address alone proves nothing — any guest can
// type any address — so a comment posted elsewhere with the same address stays a guest's.
import { afterCommit } from '../../storage/db.ts';
import { claimBrowserComments } from '../../storage/repos/comments.ts';
import { findUserById } from '../../storage/repos/users.ts';
import type { DomainContext } from '../context.ts';

type Ctx = Pick<DomainContext, 'db' | 'events'>;

/** Claims this browser's guest comments for the account now signed in there; returns how many. No key: none. */
export async function claimGuestCommentsOfBrowser(ctx: Ctx, userId: string, guestKeyHash: string | null): Promise<number> {
  if (!guestKeyHash) return 0;
  const user = await findUserById(ctx.db, userId);
  // The account must own its address (confirmed by mail or a provider) for the address to mean it.
  if (!user || user.deleted_at !== null || user.email_verified_at === null) return 0;
  const claimed = await claimBrowserComments(ctx.db, { userId: user.id, email: user.email, guestKeyHash });
  // Cached pages show these comments under the guest's name.
  if (claimed > 0) afterCommit(ctx.db, () => ctx.events.publish({ type: 'content.changed' }));
  return claimed;
}
