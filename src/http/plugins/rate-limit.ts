// Rate limits at the edge of a handler: count the attempt, refuse with 429 + Retry-After when
// the budget is spent. Called explicitly from the handlers that need it (login, sign-up, reset,
// posting), with the rules from limits/rules.ts.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import type { DomainContext } from '../../domain/context.ts';
import type { Commenter } from '../../domain/comments/commenter.ts';
import type { RateLimiter, RateRule } from '../../limits/limiter.ts';
import { NEW_ACCOUNT_SECONDS, RATE_RULES } from '../../limits/rules.ts';

/**
 * Counts one attempt by `subject` (an IP, a lower-cased email, an account id) under `rule`;
 * throws RATE_LIMITED (429, Retry-After) when it is over the limit. With `reply`, also sends
 * the RateLimit-Limit / -Remaining / -Reset headers.
 */
export async function enforceRateLimit(limiter: RateLimiter, rule: RateRule, subject: string, reply?: FastifyReply): Promise<void> {
  const result = await limiter.consume(subject, rule);
  reply
    ?.header('ratelimit-limit', String(rule.limit))
    .header('ratelimit-remaining', String(result.remaining))
    .header('ratelimit-reset', String(result.retryAfterSeconds));
  if (!result.allowed) {
    const seconds = result.retryAfterSeconds;
    throw new AppError('RATE_LIMITED', `too many attempts; try again in ${seconds} second${seconds === 1 ? '' : 's'}`, undefined, {
      retryAfterSeconds: seconds,
    });
  }
}

/**
 * A password typed for an account (login, password change, account deletion). Counted per client
 * address, per (address, account) pair, and under a much higher per-account ceiling: someone
 * guessing from one address spends their own budget, not the owner's.
 */
export async function limitPasswordGuesses(limiter: RateLimiter, ip: string, email: string, reply?: FastifyReply): Promise<void> {
  const account = email.trim().toLowerCase();
  await enforceRateLimit(limiter, RATE_RULES.loginPerIp, ip, reply);
  await enforceRateLimit(limiter, RATE_RULES.loginPerIpAccount, `${ip} ${account}`, reply);
  await enforceRateLimit(limiter, RATE_RULES.loginPerAccount, account, reply);
}

/** Posting a comment: per IP always; per account when signed in, stricter for accounts under a day old. */
export async function enforcePostingLimits(
  limiter: RateLimiter,
  ctx: Pick<DomainContext, 'clock'>,
  request: FastifyRequest,
  reply: FastifyReply,
  commenter: Commenter,
): Promise<void> {
  await enforceRateLimit(limiter, RATE_RULES.commentPerIp, request.ip, reply);
  if (commenter.kind !== 'account') return;
  await enforceRateLimit(limiter, RATE_RULES.commentPerAccount, commenter.id, reply);
  // The commenter was resolved from the account's row: its age costs no query.
  const age = commenter.createdAt ? (ctx.clock.now().getTime() - Date.parse(commenter.createdAt)) / 1000 : null;
  if (age !== null && age < NEW_ACCOUNT_SECONDS) await enforceRateLimit(limiter, RATE_RULES.commentNewAccount, commenter.id, reply);
}

const UPLOAD_RULES = {
  avatar: { perAccount: RATE_RULES.avatarUploadPerAccount, perIp: RATE_RULES.avatarUploadPerIp },
  media: { perAccount: RATE_RULES.mediaUploadPerAccount, perIp: RATE_RULES.mediaUploadPerIp },
} as const;

/** An image upload (avatar or media library): per address and per account, counted before the body is read or decoded. */
export async function limitImageUploads(
  limiter: RateLimiter,
  kind: keyof typeof UPLOAD_RULES,
  request: FastifyRequest,
  accountId: string,
  reply?: FastifyReply,
): Promise<void> {
  await enforceRateLimit(limiter, UPLOAD_RULES[kind].perIp, request.ip, reply);
  await enforceRateLimit(limiter, UPLOAD_RULES[kind].perAccount, accountId, reply);
}
