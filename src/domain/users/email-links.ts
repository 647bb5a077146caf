// Single-use, expiring links sent by mail: verify an address, reset a password, sign in without
// one. Only the token's hash is stored; using it and marking it used is one statement.
import { createHash } from 'node:crypto';
import { AppError } from '../../errors.ts';
import { randomBase64Url } from '../../ids.ts';
import * as tokensRepo from '../../storage/repos/email-tokens.ts';
import type { EmailToken, EmailTokenPurpose } from '../../storage/schema.ts';
import type { DomainContext } from '../context.ts';

export const LINK_LIFETIME_MINUTES: Record<EmailTokenPurpose, number> = { verify: 48 * 60, reset: 60, login: 20 };

const hashLinkToken = (token: string) => createHash('sha256').update(`gazette-link:${token}`).digest('hex');

export async function issueEmailLink(
  ctx: Pick<DomainContext, 'db' | 'clock'>,
  input: { purpose: EmailTokenPurpose; email: string; userId: string | null },
): Promise<string> {
  const token = randomBase64Url(32);
  const now = ctx.clock.now();
  // A newer reset or sign-in link replaces older ones; confirmation links all stay valid, since
  // confirming twice does no harm and the first mail is often the one people find.
  if (input.purpose !== 'verify') await tokensRepo.retireEmailTokens(ctx.db, input.email, input.purpose, now.toISOString());
  await tokensRepo.insertEmailToken(ctx.db, {
    id: hashLinkToken(token),
    purpose: input.purpose,
    user_id: input.userId,
    email: input.email,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + LINK_LIFETIME_MINUTES[input.purpose] * 60_000).toISOString(),
    used_at: null,
  });
  return token;
}

export async function useEmailLink(
  ctx: Pick<DomainContext, 'db' | 'clock'>,
  purpose: EmailTokenPurpose,
  token: string,
): Promise<EmailToken> {
  const found = /^[A-Za-z0-9_-]{20,100}$/.test(token)
    ? await tokensRepo.useEmailToken(ctx.db, hashLinkToken(token), purpose, ctx.clock.now().toISOString())
    : undefined;
  if (!found) throw new AppError('LINK_EXPIRED', 'this link has expired or has already been used; ask for a new one', 'token');
  return found;
}
