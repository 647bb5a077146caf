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
  // Password guesses are counted per (address, account) pair, so an attacker spending the budget
  // does not lock the owner out from another address; the per-account ceiling, far higher, only
  // stops guessing spread over many addresses. An emailed sign-in link is never counted.
  loginPerIpAccount: { name: 'login-ip-account', limit: 10, windowSeconds: 15 * MINUTE },
  loginPerAccount: { name: 'login-account', limit: 100, windowSeconds: 15 * MINUTE },
  /**
   * Single sign-on tokens from embedding sites: the host page hands one to its frame on every page
   * view, so a reader browsing quickly sends many. Each is an HMAC check (no guessable secret, no
   * password): the budget only stops a flood.
   */
  embedSsoPerIp: { name: 'embed-sso-ip', limit: 120, windowSeconds: 10 * MINUTE },
  /**
   * New threads made by embed frame loads. The origin a load names is checked against the Referer
   * only when a browser sends one, so a script can claim a site's origin and make threads (with
   * titles of its choosing) for pages that do not exist yet; a reader makes one only by being the
   * first to open a new page.
   */
  embedThreadPerIp: { name: 'embed-thread-ip', limit: 30, windowSeconds: HOUR },
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
  /** The comment form's Preview: rendering only, but a reader previews a few times per comment. */
  commentPreviewPerIp: { name: 'comment-preview-ip', limit: 60, windowSeconds: 10 * MINUTE },
  /** Reports are cheap to send and each one moves a comment towards a hold: kept few per address. */
  reportPerIp: { name: 'report-ip', limit: 10, windowSeconds: 10 * MINUTE },
  /** "Report an error in this article": no account needed, so few per address (each lands on an editor's desk). */
  articleErrorReportPerIp: { name: 'article-error-report-ip', limit: 5, windowSeconds: HOUR },
  /** Every vote request from an address, cookie or not (a household or office shares one budget). */
  votePerIp: { name: 'vote-ip', limit: 120, windowSeconds: 10 * MINUTE },
  /** Votes by one account or one guest browser: a quick reader, not a script. */
  votePerVoter: { name: 'vote-voter', limit: 60, windowSeconds: 10 * MINUTE },
  // Each image upload costs seconds of CPU (the image queue bounds how many run at once; these bound
  // how many one person or address may ask for). Avatars change rarely; staff fill galleries in bursts.
  avatarUploadPerAccount: { name: 'avatar-upload-account', limit: 10, windowSeconds: HOUR },
  avatarUploadPerIp: { name: 'avatar-upload-ip', limit: 30, windowSeconds: HOUR },
  mediaUploadPerAccount: { name: 'media-upload-account', limit: 120, windowSeconds: HOUR },
  mediaUploadPerIp: { name: 'media-upload-ip', limit: 240, windowSeconds: HOUR },
} as const satisfies Record<string, RateRule>;
