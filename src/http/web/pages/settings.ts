// The settings page: one page of plain forms that all work without JavaScript — profile, picture,
// password, sessions, notification preferences (a link), download my data, delete my account.
import { html, trusted, type SafeHtml } from '../../../render/html.ts';
import { avatar, avatarImageUrl } from '../../../render/avatar.ts';
import type { User } from '../../../domain/records.ts';
import { MAX_BIO, MAX_DISPLAY_NAME } from '../../../domain/users/profile.ts';
import { csrfField, renderForm, type FormError } from '../forms.ts';

export type SettingsForm = 'profile' | 'avatar' | 'password' | 'delete';

export interface SettingsOptions {
  user: User;
  csrfToken: string | null;
  /** The form that failed, its error and what was typed. */
  failed?: { form: SettingsForm; error: FormError; values: Record<string, string | undefined> } | null;
  /** What just succeeded, said at the top of the page. */
  done?: string | null;
}

export const SETTINGS_DONE: Record<string, string> = {
  profile: 'Your profile is saved.',
  avatar: 'Your picture is saved.',
  'avatar-removed': 'Your picture is removed; your initials are shown instead.',
  password: 'Your password is changed. Every other device has been signed out.',
};

const errorOf = (o: SettingsOptions, form: SettingsForm) => (o.failed?.form === form ? o.failed.error : null);
const valuesOf = (o: SettingsOptions, form: SettingsForm) => (o.failed?.form === form ? o.failed.values : {});

function profileForm(o: SettingsOptions): SafeHtml {
  const v = valuesOf(o, 'profile');
  return renderForm({
    id: 'settings-profile',
    action: '/settings/profile',
    heading: 'Profile',
    csrfToken: o.csrfToken,
    error: errorOf(o, 'profile'),
    intro: html`Shown on <a href="/people/${o.user.slug}">your public profile</a> and with your comments.`,
    fields: [
      {
        name: 'displayName',
        label: 'Name',
        autocomplete: 'name',
        value: v.displayName ?? o.user.display_name,
        maxLength: MAX_DISPLAY_NAME,
      },
      {
        name: 'bio',
        label: 'Bio',
        type: 'textarea',
        value: v.bio ?? o.user.bio,
        maxLength: MAX_BIO,
        required: false,
        hint: `A line or two about you, at most ${MAX_BIO} characters.`,
      },
    ],
    submit: 'Save profile',
  });
}

function avatarForms(o: SettingsOptions): SafeHtml {
  const error = errorOf(o, 'avatar');
  const current = o.user.avatar_media_id ? avatarImageUrl(o.user.avatar_media_id, 256) : null;
  const described = `settings-avatar-file-hint${error ? ' settings-avatar-file-error' : ''}`;
  return html`<section class="settings-avatar" aria-labelledby="settings-avatar-heading">
  <h2 id="settings-avatar-heading">Picture</h2>
  <div class="settings-avatar-current">${avatar(o.user.display_name, 'large', current)}<p>${current ? 'Your picture.' : 'No picture yet: your initials are shown.'}</p></div>
  <form id="settings-avatar" class="account-form" method="post" action="/settings/avatar" enctype="multipart/form-data">
    ${error ? html`<div class="form-error" role="alert"><p><a href="#settings-avatar-file">Picture</a>: ${error.message}</p></div>` : ''}
    ${csrfField(o.csrfToken)}
    <div class="field">
      <label for="settings-avatar-file">Upload a picture</label>
      <p id="settings-avatar-file-hint" class="hint">JPEG, PNG, WebP, GIF or AVIF. It is cropped to a square around its centre.</p>
      ${error ? html`<p id="settings-avatar-file-error" class="field-error">${error.message}</p>` : ''}
      <input id="settings-avatar-file" type="file" name="file" accept="image/*" required aria-describedby="${described}"${error ? trusted(' aria-invalid="true"') : ''}>
    </div>
    <p class="form-submit"><button type="submit">Upload picture</button></p>
  </form>
  ${current ? html`<form method="post" action="/settings/avatar/remove">${csrfField(o.csrfToken)}<button type="submit" class="link-button">Remove picture</button></form>` : ''}
</section>`;
}

function passwordForm(o: SettingsOptions): SafeHtml {
  const hasPassword = o.user.password_hash !== null;
  return renderForm({
    id: 'settings-password',
    action: '/settings/password',
    heading: hasPassword ? 'Change password' : 'Set a password',
    csrfToken: o.csrfToken,
    error: errorOf(o, 'password'),
    intro: hasPassword
      ? 'Every other device is signed out when the password changes.'
      : 'You sign in with emailed links or a provider; a password is optional.',
    fields: [
      ...(hasPassword
        ? [
            {
              name: 'currentPassword',
              label: 'Current password',
              type: 'password' as const,
              autocomplete: 'current-password',
              maxLength: 200,
            },
          ]
        : []),
      {
        name: 'password',
        label: 'New password',
        type: 'password',
        autocomplete: 'new-password',
        maxLength: 200,
        hint: 'At least 10 characters; a few unrelated words work well.',
      },
    ],
    submit: hasPassword ? 'Change password' : 'Set password',
  });
}

function sessionsAndData(o: SettingsOptions): SafeHtml {
  return html`<section aria-labelledby="settings-sessions-heading">
  <h2 id="settings-sessions-heading">Devices</h2>
  <form class="account-form" method="post" action="/settings/signout-everywhere">${csrfField(o.csrfToken)}
    <p>Signed in somewhere you no longer use? This signs out every device, this one too.</p>
    <p class="form-submit"><button type="submit">Sign out everywhere</button></p>
  </form>
</section>
<section aria-labelledby="settings-notifications-heading">
  <h2 id="settings-notifications-heading">Notifications</h2>
  <p><a href="/settings/notifications">Choose which notifications reach you by email</a></p>
</section>
<section aria-labelledby="settings-data-heading">
  <h2 id="settings-data-heading">Your data</h2>
  <form class="account-form" method="post" action="/settings/export">${csrfField(o.csrfToken)}
    <p>A JSON file with your account, your comments, your votes and your notifications.</p>
    <p class="form-submit"><button type="submit">Download my data</button></p>
  </form>
</section>`;
}

function deleteForm(o: SettingsOptions): SafeHtml {
  const error = errorOf(o, 'delete');
  const v = valuesOf(o, 'delete');
  const choice = v.comments === 'delete' ? 'delete' : 'anonymise';
  const hasPassword = o.user.password_hash !== null;
  const confirmFault = error?.field === 'confirm';
  const checked = (value: string) => (choice === value ? trusted(' checked') : '');
  return html`<section class="settings-danger" aria-labelledby="settings-delete-heading">
  <h2 id="settings-delete-heading">Delete my account</h2>
  <form id="settings-delete" class="account-form" method="post" action="/settings/delete">
    ${error ? html`<div class="form-error" role="alert"><p>${confirmFault ? html`<a href="#settings-delete-confirm">Confirmation</a>: ` : ''}${error.message}</p></div>` : ''}
    ${csrfField(o.csrfToken)}
    <p>Your name, email, picture, bio, sessions and notifications are erased. This cannot be undone.</p>
    <fieldset>
      <legend>Your comments</legend>
      <div class="field-checkbox"><input id="settings-delete-anonymise" type="radio" name="comments" value="anonymise"${checked('anonymise')}> <label for="settings-delete-anonymise">Keep them, shown as by “Deleted user”</label></div>
      <div class="field-checkbox"><input id="settings-delete-delete" type="radio" name="comments" value="delete"${checked('delete')}> <label for="settings-delete-delete">Delete them (replies by others stay)</label></div>
    </fieldset>
    <div class="field">
      <label for="settings-delete-confirm">${hasPassword ? 'Your password' : 'Type DELETE'}</label>
      ${confirmFault ? html`<p id="settings-delete-confirm-error" class="field-error">${error!.message}</p>` : ''}
      <input id="settings-delete-confirm" type="${hasPassword ? 'password' : 'text'}" name="confirm" required maxlength="200" autocomplete="${hasPassword ? 'current-password' : 'off'}"${confirmFault ? trusted(' aria-invalid="true" aria-describedby="settings-delete-confirm-error"') : ''}>
    </div>
    <p class="form-submit"><button type="submit" class="danger-button">Delete my account</button></p>
  </form>
</section>`;
}

export function settingsPage(o: SettingsOptions): SafeHtml {
  return html`<section class="account-page settings-page" aria-labelledby="account-heading">
  <h1 id="account-heading">Settings</h1>
  ${o.done ? html`<p class="form-done" role="status">${o.done}</p>` : ''}
  <p>Signed in as <strong>${o.user.email}</strong>.</p>
  ${profileForm(o)}
  ${avatarForms(o)}
  ${passwordForm(o)}
  ${sessionsAndData(o)}
  ${deleteForm(o)}
</section>`;
}
