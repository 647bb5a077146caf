// Carrying a sign-in into the embed frame when the browser blocks third-party cookies. The reader
// signs in in a first-party popup (Gazette's own sign-in page, its usual cookie); the popup's last
// page mints a code here and posts it to the frame, which trades it for a session of its own (a
// partitioned cookie). The code is single-use, good for 60 seconds and stored hashed: if it leaks
// (it never appears in a URL), it is worth one sign-in for one minute at most.
import { createHash } from 'node:crypto';
import { AppError } from '../../errors.ts';
import { randomBase64Url } from '../../ids.ts';
import * as identityRepo from '../../storage/repos/embed-identity.ts';
import * as usersRepo from '../../storage/repos/users.ts';
import type { User } from '../../storage/schema.ts';
import type { DomainContext } from '../context.ts';

type Ctx = Pick<DomainContext, 'db' | 'clock'>;

export const HANDOFF_SECONDS = 60;
export const MAX_HANDOFF_CODE_LENGTH = 100;
const CODE = /^gzh_[A-Za-z0-9_-]{43}$/;

const hashCode = (code: string) => createHash('sha256').update(`gazette-embed-handoff:${code}`).digest('hex');

/** A fresh code for this signed-in person; `site` is the embedding site it was asked for (for the record). */
export async function issueEmbedHandoff(ctx: Ctx, userId: string, site: string | null): Promise<string> {
  const code = `gzh_${randomBase64Url(32)}`;
  const now = ctx.clock.now();
  await identityRepo.pruneHandoffs(ctx.db, now.toISOString());
  await identityRepo.insertHandoff(ctx.db, {
    code_hash: hashCode(code),
    user_id: userId,
    site,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + HANDOFF_SECONDS * 1000).toISOString(),
    used_at: null,
  });
  return code;
}

/** The person a code was minted for; the code is spent by this call. EMBED_CODE_INVALID otherwise. */
export async function redeemEmbedHandoff(ctx: Ctx, code: string): Promise<User> {
  const refused = () => new AppError('EMBED_CODE_INVALID', 'this sign-in code is unknown, used or expired: sign in again', 'code');
  if (!CODE.test(code)) throw refused();
  const handoff = await identityRepo.useHandoff(ctx.db, hashCode(code), ctx.clock.now().toISOString());
  if (!handoff) throw refused();
  const user = await usersRepo.findUserById(ctx.db, handoff.user_id);
  if (!user || user.deleted_at !== null) throw refused();
  return user;
}
