// A site registered with guest policy "accounts" takes comments from signed-in (or single
// sign-on) commenters only; a guest is told so by code. Only a thread of an embedded page has a
// site, so a guest's comment under an article costs no query here.
import { AppError } from '../../errors.ts';
import type { Db } from '../../storage/db.ts';
import { findSiteRow } from '../../storage/repos/sites.ts';

export async function refuseGuestsWhereAccountsOnly(db: Db, thread: { site: string | null }): Promise<void> {
  if (thread.site === null) return;
  if ((await findSiteRow(db, thread.site))?.guest_policy === 'accounts')
    throw new AppError('SITE_REQUIRES_ACCOUNT', 'sign in to comment: this site takes comments from signed-in readers only');
}
