// Every rate limit in one place. Per-IP rules stop one machine hammering many accounts;
// per-account rules (keyed by the normalised email or the account id) stop many machines
// hammering one account. The names are part of the counters' keys: keep them stable.
import type { RateRule } from './limiter.ts';

const MINUTE = 60;
const HOUR = 60 * MINUTE;

/** Accounts younger than this post under the stricter `commentNewAccount` rule. */
export const NEW_ACCOUNT_SECONDS = 24 * HOUR;

export const RATE_RULES = {
  loginPerIp: { name: 'login-ip', limit: 20, windowSeconds: 15 * MINUTE },
  loginPerAccount: { name: 'login-account', limit: 10, windowSeconds: 15 * MINUTE },
  signupPerIp: { name: 'signup-ip', limit: 10, windowSeconds: HOUR },
  // Each sign-up mails the address (a confirmation, or "you already have an account"): no mail bombing.
  signupPerAccount: { name: 'signup-account', limit: 3, windowSeconds: HOUR },
  resetPerIp: { name: 'reset-ip', limit: 10, windowSeconds: HOUR },
  resetPerAccount: { name: 'reset-account', limit: 5, windowSeconds: HOUR },
  signInLinkPerIp: { name: 'signin-link-ip', limit: 10, windowSeconds: HOUR },
  signInLinkPerAccount: { name: 'signin-link-account', limit: 5, windowSeconds: HOUR },
  commentPerIp: { name: 'comment-ip', limit: 30, windowSeconds: 10 * MINUTE },
  commentPerAccount: { name: 'comment-account', limit: 20, windowSeconds: 10 * MINUTE },
  commentNewAccount: { name: 'comment-new-account', limit: 5, windowSeconds: 10 * MINUTE },
  /** Reports are cheap to send and each one moves a comment towards a hold: kept few per address. */
  reportPerIp: { name: 'report-ip', limit: 10, windowSeconds: 10 * MINUTE },
} as const satisfies Record<string, RateRule>;
