// The account forms. Field names match the JSON API's (email, password, displayName), so one
// error's `field` points at the right input on either side.
import { html, type SafeHtml } from '../../../render/html.ts';
import { renderForm, type FormError } from '../forms.ts';
import { signInHref, signUpHref } from '../../../render/return-path.ts';

export interface AccountPageOptions {
  csrfToken: string | null;
  error?: FormError | null;
  values?: Record<string, string | undefined>;
  oidcProviders: { id: string; name: string }[];
  /** Where to go after signing in. */
  next: string;
}

export function accountPage(title: string, body: SafeHtml): SafeHtml {
  return html`<section class="account-page" aria-labelledby="account-heading"><h1 id="account-heading">${title}</h1>${body}</section>`;
}

export function signUpForm(o: AccountPageOptions): SafeHtml {
  const v = o.values ?? {};
  return html`${renderForm({
    id: 'signup',
    action: '/signup',
    csrfToken: o.csrfToken,
    error: o.error,
    intro: html`Already have an account? <a href="${signInHref(o.next)}">Sign in</a>.`,
    fields: [
      { name: 'displayName', label: 'Name', autocomplete: 'name', value: v.displayName, maxLength: 80, hint: 'Shown with your comments.' },
      {
        name: 'email',
        label: 'Email',
        type: 'email',
        autocomplete: 'email',
        value: v.email,
        hint: 'Never shown to other readers. We send a link to confirm it.',
      },
      {
        name: 'password',
        label: 'Password',
        type: 'password',
        autocomplete: 'new-password',
        hint: 'At least 10 characters; a few unrelated words work well.',
        maxLength: 200,
      },
    ],
    submit: 'Create account',
  })}${providerButtons(o)}`;
}

function providerButtons(o: AccountPageOptions): SafeHtml | string {
  if (o.oidcProviders.length === 0) return '';
  return html`<div class="account-alternatives"><h2>Or continue with</h2><ul class="provider-list">${o.oidcProviders.map(
    (p) =>
      html`<li><a class="provider-button" href="/auth/oidc/${p.id}?next=${encodeURIComponent(o.next)}">Sign in with ${p.name}</a></li>`,
  )}</ul></div>`;
}

export function signInForms(o: AccountPageOptions): SafeHtml {
  const v = o.values ?? {};
  const linkError = o.error?.field === 'linkEmail' ? o.error : null;
  const passwordError = linkError ? null : o.error;
  return html`${renderForm({
    id: 'signin',
    action: '/signin',
    csrfToken: o.csrfToken,
    error: passwordError,
    intro: html`New here? <a href="${signUpHref(o.next)}">Create an account</a>.`,
    fields: [
      { name: 'email', label: 'Email', type: 'email', autocomplete: 'username', value: v.email },
      {
        name: 'password',
        label: 'Password',
        type: 'password',
        autocomplete: 'current-password',
        maxLength: 200,
        hint: 'Forgotten it? Reset it below or ask for a sign-in link.',
      },
      { name: 'next', label: '', type: 'hidden', value: o.next },
    ],
    submit: 'Sign in',
  })}
<p><a href="/reset">Reset your password</a></p>
<div class="account-alternatives">${renderForm({
    id: 'signin-link',
    action: '/signin/link',
    heading: 'Sign in without a password',
    csrfToken: o.csrfToken,
    error: linkError,
    intro: 'We email you a link that signs you in once.',
    fields: [{ name: 'linkEmail', label: 'Email', type: 'email', autocomplete: 'email', value: v.linkEmail }],
    submit: 'Email me a sign-in link',
  })}</div>${providerButtons(o)}`;
}

export function resetRequestForm(o: AccountPageOptions): SafeHtml {
  return renderForm({
    id: 'reset',
    action: '/reset',
    csrfToken: o.csrfToken,
    error: o.error,
    intro: 'Enter the address of your account; we email you a link to choose a new password.',
    fields: [{ name: 'email', label: 'Email', type: 'email', autocomplete: 'email', value: o.values?.email }],
    submit: 'Email me a reset link',
  });
}

export function resetConfirmForm(o: AccountPageOptions): SafeHtml {
  return renderForm({
    id: 'reset-confirm',
    action: '/reset/confirm',
    csrfToken: o.csrfToken,
    error: o.error?.field === 'token' ? { message: o.error.message, field: 'password' } : o.error,
    fields: [
      { name: 'token', label: '', type: 'hidden', value: o.values?.token },
      {
        name: 'password',
        label: 'New password',
        type: 'password',
        autocomplete: 'new-password',
        maxLength: 200,
        hint: 'At least 10 characters. Every other device will be signed out.',
      },
    ],
    submit: 'Change password',
  });
}

/**
 * The page a mailed sign-in or confirmation link opens. Following a link only shows this page;
 * the button's POST (same-origin, CSRF token) is what signs in, so a page on another site cannot
 * sign a visitor into someone else's account with a plain GET (login CSRF).
 */
export function linkConfirmForm(
  o: AccountPageOptions & { action: '/signin/link/confirm' | '/verify'; intro: string; submit: string },
): SafeHtml {
  return renderForm({
    id: 'link-confirm',
    action: o.action,
    csrfToken: o.csrfToken,
    intro: o.intro,
    fields: [{ name: 'token', label: '', type: 'hidden', value: o.values?.token }],
    submit: o.submit,
  });
}
