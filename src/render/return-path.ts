// Where a reader comes back to after signing in: a path on this site and nothing else. Pure (the
// comments client bundles the thread markup that links here).

/**
 * Paths a masthead link must not return to: the account pages (coming back would show the form
 * again), and /settings, which a signed-out reader sees only as the answer to a form post there
 * (an account just deleted), not a page to come back to.
 */
const ACCOUNT_PATHS = /^\/(signin|signup|signout|verify|reset|settings)(\/|$|\?|#)/;

/**
 * A same-site relative path, or null: it starts with one "/" (not "//", which browsers read as
 * another host), and has no backslash (read as "/" by browsers), no scheme before it, and no
 * spaces or control characters.
 */
export function safeReturnPath(value: string | null | undefined): string | null {
  if (typeof value !== 'string' || value.length > 2000) return null;
  // eslint-disable-next-line no-control-regex
  return /^\/(?![/\\])[^\\\s\u0000-\u001f\u007f]*$/.test(value) ? value : null;
}

function withNext(page: '/signin' | '/signup', next: string | null | undefined): string {
  const back = safeReturnPath(next);
  // The front page is where signing in goes anyway.
  return back && back !== '/' && !ACCOUNT_PATHS.test(back) ? `${page}?next=${encodeURIComponent(back)}` : page;
}

/** The sign-in page, coming back to `next` afterwards (when it is a safe path on this site). */
export const signInHref = (next: string | null | undefined) => withNext('/signin', next);
/** The sign-up page, carrying the same return to its "Sign in" link. */
export const signUpHref = (next: string | null | undefined) => withNext('/signup', next);
