// The account forms. Field names match the JSON API's (email, password, displayName), so one
// error's `field` points at the right input on either side.
import { html, type SafeHtml } from '../../../render/html.ts';
import { renderForm, type FormError } from '../forms.ts';
import { signInHref, signUpHref } from '../../../render/return-path.ts';
import type { Locale } from '../../../i18n/locales.ts';
import { siteText, textWith } from '../site-text.ts';

export interface AccountPageOptions {
  csrfToken: string | null;
  error?: FormError | null;
  values?: Record<string, string | undefined>;
  oidcProviders: { id: string; name: string }[];
  /** Where to go after signing in. */
  next: string;
  /** The page's language; English when absent. */
  locale?: Locale;
}

export function accountPage(title: string, body: SafeHtml): SafeHtml {
  return html`<section class="account-page" aria-labelledby="account-heading"><h1 id="account-heading">${title}</h1>${body}</section>`;
}

export function signUpForm(o: AccountPageOptions): SafeHtml {
  const v = o.values ?? {};
  const text = siteText(o.locale);
  return html`${renderForm({
    id: 'signup',
    action: '/signup',
    csrfToken: o.csrfToken,
    error: o.error,
    intro: textWith(text, 'haveAccount', { signIn: html`<a href="${signInHref(o.next)}">${text('signIn')}</a>` }),
    fields: [
      { name: 'displayName', label: text('fieldName'), autocomplete: 'name', value: v.displayName, maxLength: 80, hint: text('nameHint') },
      {
        name: 'email',
        label: text('fieldEmail'),
        type: 'email',
        autocomplete: 'email',
        value: v.email,
        hint: text('emailHint'),
      },
      {
        name: 'password',
        label: text('fieldPassword'),
        type: 'password',
        autocomplete: 'new-password',
        hint: text('passwordHint'),
        maxLength: 200,
      },
    ],
    submit: text('createAccountButton'),
  })}${providerButtons(o)}`;
}

function providerButtons(o: AccountPageOptions): SafeHtml | string {
  if (o.oidcProviders.length === 0) return '';
  const text = siteText(o.locale);
  return html`<div class="account-alternatives"><h2>${text('orContinueWith')}</h2><ul class="provider-list">${o.oidcProviders.map(
    (p) =>
      html`<li><a class="provider-button" href="/auth/oidc/${p.id}?next=${encodeURIComponent(o.next)}">${text('signInWith', { name: p.name })}</a></li>`,
  )}</ul></div>`;
}

export function signInForms(o: AccountPageOptions): SafeHtml {
  const v = o.values ?? {};
  const linkError = o.error?.field === 'linkEmail' ? o.error : null;
  const passwordError = linkError ? null : o.error;
  const text = siteText(o.locale);
  return html`${renderForm({
    id: 'signin',
    action: '/signin',
    csrfToken: o.csrfToken,
    error: passwordError,
    intro: textWith(text, 'newHere', { createAccount: html`<a href="${signUpHref(o.next)}">${text('createAccount')}</a>` }),
    fields: [
      { name: 'email', label: text('fieldEmail'), type: 'email', autocomplete: 'username', value: v.email },
      {
        name: 'password',
        label: text('fieldPassword'),
        type: 'password',
        autocomplete: 'current-password',
        maxLength: 200,
        hint: text('forgottenHint'),
      },
      { name: 'next', label: '', type: 'hidden', value: o.next },
    ],
    submit: text('signIn'),
  })}
<p><a href="/reset">${text('resetYourPassword')}</a></p>
<div class="account-alternatives">${renderForm({
    id: 'signin-link',
    action: '/signin/link',
    heading: text('signInWithoutPassword'),
    csrfToken: o.csrfToken,
    error: linkError,
    intro: text('signInLinkIntro'),
    fields: [
      { name: 'linkEmail', label: text('fieldEmail'), type: 'email', autocomplete: 'email', value: v.linkEmail },
      { name: 'next', label: '', type: 'hidden', value: o.next },
    ],
    submit: text('emailSignInLink'),
  })}</div>${providerButtons(o)}`;
}

export function resetRequestForm(o: AccountPageOptions): SafeHtml {
  const text = siteText(o.locale);
  return renderForm({
    id: 'reset',
    action: '/reset',
    csrfToken: o.csrfToken,
    error: o.error,
    intro: text('resetIntro'),
    fields: [{ name: 'email', label: text('fieldEmail'), type: 'email', autocomplete: 'email', value: o.values?.email }],
    submit: text('emailResetLink'),
  });
}

export function resetConfirmForm(o: AccountPageOptions): SafeHtml {
  const text = siteText(o.locale);
  return renderForm({
    id: 'reset-confirm',
    action: '/reset/confirm',
    csrfToken: o.csrfToken,
    error: o.error?.field === 'token' ? { message: o.error.message, field: 'password' } : o.error,
    fields: [
      { name: 'token', label: '', type: 'hidden', value: o.values?.token },
      {
        name: 'password',
        label: text('newPassword'),
        type: 'password',
        autocomplete: 'new-password',
        maxLength: 200,
        hint: text('newPasswordHint'),
      },
    ],
    submit: text('changePassword'),
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
    fields: [
      { name: 'token', label: '', type: 'hidden', value: o.values?.token },
      // A sign-in link mailed from a page brings the reader back to it.
      ...(o.action === '/signin/link/confirm' ? [{ name: 'next', label: '', type: 'hidden' as const, value: o.next }] : []),
    ],
    submit: o.submit,
  });
}
