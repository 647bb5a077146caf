// How long an account has existed: new accounts get stricter limits (posting, for one).
import { findUserById } from '../../storage/repos/users.ts';
import type { DomainContext } from '../context.ts';

/** Seconds since the account was created, or null when there is no such account. */
export async function accountAgeSeconds(ctx: Pick<DomainContext, 'db' | 'clock'>, userId: string): Promise<number | null> {
  const user = await findUserById(ctx.db, userId);
  if (!user) return null;
  return (ctx.clock.now().getTime() - new Date(user.created_at).getTime()) / 1000;
}
