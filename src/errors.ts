// One list of stable error codes. Handlers and domain code throw AppError with one of these;
// the error plugin maps the code to an HTTP status, and a 5xx never shows its internals.
// Each code's `meaning` is its documentation: /api/v1/openapi.json publishes this list (code,
// status, meaning), so clients tell refusals apart by code, never by parsing the English message.
// A new refusal gets its own code here; the generic codes are for input checks and the framework.
export const ERROR_CODES = {
  VALIDATION_FAILED: { status: 400, meaning: 'A field of the request is missing or malformed; `field` names it.' },
  UNAUTHENTICATED: { status: 401, meaning: 'Sign in first (or, for the admin API, send an API token).' },
  FORBIDDEN: {
    status: 403,
    meaning:
      "A refusal from the framework or a plugin that has no code of its own; Gazette's own refusals each have a specific code below.",
  },
  NOT_FOUND: { status: 404, meaning: 'No such item, or not one this client may see.' },
  CONFLICT: {
    status: 409,
    meaning: 'The request clashes with the current state (a slug or email already used, the only admin, an already-lifted ban, ...).',
  },
  PAYLOAD_TOO_LARGE: { status: 413, meaning: 'The body or upload is larger than the limit; `field` names it.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, meaning: 'This content type is not accepted here.' },
  UNPROCESSABLE: {
    status: 422,
    meaning: 'Well-formed but unusable content: an unreadable image or import file, a sign-in provider without a usable email.',
  },
  RATE_LIMITED: { status: 429, meaning: 'Too many requests of this kind: retry after Retry-After.' },
  INTERNAL: { status: 500, meaning: 'Something failed on the server; it has been logged and no details are shown.' },
  UNAVAILABLE: { status: 503, meaning: 'The service (or something it depends on) is not available right now.' },
  SITE_URL_UNKNOWN: {
    status: 503,
    meaning:
      "Account mail needs the site's own address (GAZETTE_PUBLIC_URL, or the URL it first listened on); a request's Host is never used.",
  },
  GUEST_EMAIL_NEEDS_SIGN_IN: {
    status: 403,
    meaning: 'A guest used an address that belongs to an account or is banned: sign in, or use another address.',
  },
  NAME_NOT_ALLOWED: {
    status: 400,
    meaning: 'A guest or display name that is invisible, carries direction overrides, or reads as a staff title.',
  },
  UNSAFE_URL: {
    status: 400,
    meaning: "Article or page Markdown names a URL a reader's browser could run or misread (javascript:, data:, //host, ...).",
  },
  TOO_MANY_STREAMS: { status: 429, meaning: 'One client address has its limit of live streams (SSE) open: close one first.' },
  OVERLOADED: {
    status: 503,
    meaning:
      'The server is over its load limits (event-loop delay, memory) and refused the request rather than queue it: retry after Retry-After.',
  },
  METRICS_TOKEN_REQUIRED: { status: 401, meaning: '/metrics needs `Authorization: Bearer` with the GAZETTE_METRICS_TOKEN of this site.' },
  METRICS_LOCAL_ONLY: {
    status: 403,
    meaning: 'Without GAZETTE_METRICS_TOKEN, /metrics answers only requests made directly from this machine (not through a proxy).',
  },
  VOTE_NEEDS_COOKIE: {
    status: 409,
    meaning: 'A vote from a browser without a guest cookie: the answer sets one; send the same vote again to have it counted.',
  },
  GUEST_VOTE_ADDRESS_USED: {
    status: 409,
    meaning: 'A guest vote from this address is already counted on this comment (one per comment and address): sign in to vote separately.',
  },
  BANNED_FROM_VOTING: { status: 403, meaning: 'The signed-in account is banned, and banned accounts cannot vote.' },
  BANNED_FROM_REPORTING: { status: 403, meaning: 'The signed-in account is banned, and banned accounts cannot report comments.' },
  IMAGE_TOO_LARGE: {
    status: 422,
    meaning:
      'An image with more pixels than this use allows (avatars 16 MP, library images 40 MP): refused from its header, before decoding.',
  },
  IMAGE_QUEUE_FULL: { status: 503, meaning: 'The image queue and its waiting list are full: retry after Retry-After.' },
  CSRF_REQUIRED: {
    status: 403,
    meaning: 'A write authenticated by the session cookie that is neither a form with its CSRF token nor a same-origin JSON request.',
  },
  ROLE_NOT_ALLOWED: {
    status: 403,
    meaning: "The account's role may not do this (the role policy): e.g. a reader using the admin API, an author editing another's post.",
  },
  NOT_THE_OWNER: { status: 403, meaning: 'Only its author (or a moderator) may change this comment.' },
  EDIT_WINDOW_PASSED: { status: 403, meaning: 'The comment is older than the edit window, so its author can no longer edit it.' },
  OWN_COMMENT: { status: 403, meaning: "One cannot vote on, or report, one's own comment." },
  THREAD_CLOSED: {
    status: 403,
    meaning: 'Comments on this thread are closed (closed by staff, or auto-closed some days after publication).',
  },
  BANNED: {
    status: 403,
    meaning: 'The author is banned from commenting (until a date, or permanently); the message says until when and why.',
  },
  CANNOT_SANCTION: { status: 403, meaning: "Moderators cannot ban themselves or staff: change a staff member's role first." },
  EMAIL_NOT_CONFIRMED: {
    status: 403,
    meaning: 'Sign-in refused until the email address is confirmed; a new confirmation link has been sent.',
  },
  SIGN_IN_FAILED: { status: 401, meaning: 'The email and password do not match an account.' },
  TOKEN_INVALID: { status: 401, meaning: 'The API token sent as "Authorization: Bearer" is unknown or revoked.' },
  LINK_EXPIRED: {
    status: 422,
    meaning:
      'An emailed link (confirm address, reset password) has expired, was already used, or its account no longer exists: ask for a new one.',
  },
  UNSUBSCRIBE_LINK_INVALID: {
    status: 403,
    meaning: "The unsubscribe link's signature does not match: change email settings after signing in instead.",
  },
  CROSS_SITE_REQUEST: { status: 403, meaning: 'A form post whose Origin is another site; nothing was changed.' },
  CSRF_TOKEN_INVALID: {
    status: 403,
    meaning: 'A form post whose CSRF token is missing, expired or wrong (the session changed since the page was loaded): reload the page.',
  },
  EDIT_CONFLICT: {
    status: 409,
    meaning:
      'Someone saved the post after the version this save started from (`baseVersion`): nothing was changed. `details.conflict` says who, when, their text and a word-level diff from your starting version; save again with baseVersion = `details.conflict.currentVersion` to keep yours as a new revision, or load theirs.',
  },
  PUBLISH_NOT_ALLOWED: {
    status: 403,
    meaning:
      'An author publishing, scheduling or unpublishing (or setting the publication time of) a post, or changing what readers see of a published or scheduled one, while the desk setting authorsMayPublish is off: submit it for review, or ask an editor.',
  },
  POST_NOT_PUBLISHED: {
    status: 409,
    meaning:
      'The post is a draft (or a page): home page stories must be published or scheduled articles, and correction notes go on published articles only; `field` names the id.',
  },
  ERROR_REPORT_CLOSED: { status: 409, meaning: "The reader's error report was already answered, dismissed or turned into a correction." },
  PREVIEW_LINK_EXPIRED: { status: 410, meaning: "A draft's preview link whose time is up: the writer can make a new one in the desk." },
  PREVIEW_LINK_INVALID: {
    status: 404,
    meaning: 'A preview link that was mistyped, altered, or revoked by the writer (or whose post is gone).',
  },
  SITE_NOT_FOUND: { status: 404, meaning: 'No site is registered under this name (the `data-site` of the embed snippet).' },
  SITE_EXISTS: { status: 409, meaning: 'A site is already registered under this name: pick another name or update that site.' },
  ORIGIN_NOT_ALLOWED: {
    status: 403,
    meaning: "The request's origin, or the page URL it names, is not one of the site's registered origins: nothing was created.",
  },
  SITE_REQUIRES_ACCOUNT: {
    status: 403,
    meaning: "This thread's site accepts comments from signed-in accounts only (its guest policy is 'accounts'): sign in to comment.",
  },
  SSO_TOKEN_INVALID: {
    status: 401,
    meaning:
      "A single sign-on token that is malformed, not signed with the site's secret (HS256 only), or missing a required claim; the message names it.",
  },
  SSO_TOKEN_EXPIRED: {
    status: 401,
    meaning: 'A single sign-on token past its `exp`: the host page should sign a fresh one (they live at most 10 minutes).',
  },
  SSO_TOKEN_REPLAYED: { status: 401, meaning: 'A single sign-on token that was already used once: each token signs in one time.' },
  EMBED_CODE_INVALID: {
    status: 401,
    meaning: "The embed's sign-in hand-off code is unknown, already used or older than 60 seconds: sign in again from the frame.",
  },
} as const satisfies Record<string, { status: number; meaning: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** The input field at fault, as a dotted path (`body.title`, `--email`), when there is one. */
    readonly field?: string,
    options: { retryAfterSeconds?: number; details?: Record<string, unknown> } = {},
  ) {
    // A refusal Gazette chose to make, named by its code: where it was thrown is not news, and
    // capturing the stack was about a quarter of the CPU a refused POST cost (under overload,
    // every 503 is one).
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = stackTraceLimit;
    this.name = 'AppError';
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.details = options.details;
  }

  /** Data a client needs to act on the refusal (EDIT_CONFLICT: the other person's change); sent as `error.details`. */
  readonly details?: Record<string, unknown>;

  /** For RATE_LIMITED: when to try again; sent as the Retry-After header. */
  readonly retryAfterSeconds?: number;

  get status(): number {
    return ERROR_CODES[this.code].status;
  }
}

export const invalid = (field: string, message: string) => new AppError('VALIDATION_FAILED', message, field);
export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);
