// The settings page: one page of plain forms that all work without JavaScript — profile, picture,
// password, sessions, notification preferences (a link), download my data, delete my account.
import { html, trusted, type SafeHtml } from '../../../render/html.ts';
import { avatar, avatarImageUrl } from '../../../render/avatar.ts';
import type { User } from '../../../domain/records.ts';
import { MAX_BIO, MAX_DISPLAY_NAME } from '../../../domain/users/profile.ts';
import { csrfField, renderForm, type FormError } from '../forms.ts';
import type { Locale } from '../../../i18n/locales.ts';
import { siteText, textWith, type SiteText } from '../site-text.ts';

export type SettingsForm = 'profile' | 'avatar' | 'password' | 'delete';

export interface SettingsOptions {
  user: User;
  csrfToken: string | null;
  /** The form that failed, its error and what was typed. */
  failed?: { form: SettingsForm; error: FormError; values: Record<string, string | undefined> } | null;
  /** What just succeeded, said at the top of the page: a key of the site's words (SETTINGS_DONE). */
  done?: string | null;
  /** The page's language; English when absent. */
  locale?: Locale;
}

/** `?done=` → the site's words saying it. */
export const SETTINGS_DONE: Record<string, string> = {
  profile: 'settingsDoneProfile',
  avatar: 'settingsDoneAvatar',
  'avatar-removed': 'settingsDoneAvatarRemoved',
  password: 'settingsDonePassword',
};

const errorOf = (o: SettingsOptions, form: SettingsForm) => (o.failed?.form === form ? o.failed.error : null);
const valuesOf = (o: SettingsOptions, form: SettingsForm) => (o.failed?.form === form ? o.failed.values : {});

function profileForm(o: SettingsOptions, text: SiteText): SafeHtml {
  const v = valuesOf(o, 'profile');
  return renderForm({
    id: 'settings-profile',
    action: '/settings/profile',
    heading: text('settingsProfile'),
    csrfToken: o.csrfToken,
    error: errorOf(o, 'profile'),
    intro: textWith(text, 'settingsProfileIntro', { profile: html`<a href="/people/${o.user.slug}">${text('settingsPublicProfile')}</a>` }),
    fields: [
      {
        name: 'displayName',
        label: text('fieldName'),
        autocomplete: 'name',
        value: v.displayName ?? o.user.display_name,
        maxLength: MAX_DISPLAY_NAME,
      },
      {
        name: 'bio',
        label: text('settingsBio'),
        type: 'textarea',
        value: v.bio ?? o.user.bio,
        maxLength: MAX_BIO,
        required: false,
        hint: text('settingsBioHint', { max: String(MAX_BIO) }),
      },
    ],
    submit: text('settingsSaveProfile'),
  });
}

function avatarForms(o: SettingsOptions, text: SiteText): SafeHtml {
  const error = errorOf(o, 'avatar');
  const current = o.user.avatar_media_id ? avatarImageUrl(o.user.avatar_media_id, 256) : null;
  const described = `settings-avatar-file-hint${error ? ' settings-avatar-file-error' : ''}`;
  return html`<section class="settings-avatar" aria-labelledby="settings-avatar-heading">
  <h2 id="settings-avatar-heading">${text('settingsPicture')}</h2>
  <div class="settings-avatar-current">${avatar(o.user.display_name, 'large', current)}<p>${text(current ? 'settingsYourPicture' : 'settingsNoPicture')}</p></div>
  <form id="settings-avatar" class="account-form" method="post" action="/settings/avatar" enctype="multipart/form-data">
    ${error ? html`<div class="form-error" role="alert"><p><a href="#settings-avatar-file">${text('settingsPicture')}</a>: ${error.message}</p></div>` : ''}
    ${csrfField(o.csrfToken)}
    <div class="field">
      <label for="settings-avatar-file">${text('settingsUploadPicture')}</label>
      <p id="settings-avatar-file-hint" class="hint">${text('settingsPictureHint')}</p>
      ${error ? html`<p id="settings-avatar-file-error" class="field-error">${error.message}</p>` : ''}
      <input id="settings-avatar-file" type="file" name="file" accept="image/*" required aria-describedby="${described}"${error ? trusted(' aria-invalid="true"') : ''}>
    </div>
    <p class="form-submit"><button type="submit">${text('settingsUploadPictureButton')}</button></p>
  </form>
  ${current ? html`<form method="post" action="/settings/avatar/remove">${csrfField(o.csrfToken)}<button type="submit" class="link-button">${text('settingsRemovePicture')}</button></form>` : ''}
</section>`;
}

function passwordForm(o: SettingsOptions, text: SiteText): SafeHtml {
  const hasPassword = o.user.password_hash !== null;
  return renderForm({
    id: 'settings-password',
    action: '/settings/password',
    heading: text(hasPassword ? 'changePassword' : 'settingsSetAPassword'),
    csrfToken: o.csrfToken,
    error: errorOf(o, 'password'),
    intro: text(hasPassword ? 'settingsPasswordIntro' : 'settingsNoPasswordIntro'),
    fields: [
      ...(hasPassword
        ? [
            {
              name: 'currentPassword',
              label: text('settingsCurrentPassword'),
              type: 'password' as const,
              autocomplete: 'current-password',
              maxLength: 200,
            },
          ]
        : []),
      {
        name: 'password',
        label: text('newPassword'),
        type: 'password',
        autocomplete: 'new-password',
        maxLength: 200,
        hint: text('passwordHint'),
      },
    ],
    submit: text(hasPassword ? 'changePassword' : 'settingsSetPassword'),
  });
}

function sessionsAndData(o: SettingsOptions, text: SiteText): SafeHtml {
  return html`<section aria-labelledby="settings-sessions-heading">
  <h2 id="settings-sessions-heading">${text('settingsDevices')}</h2>
  <form class="account-form" method="post" action="/settings/signout-everywhere">${csrfField(o.csrfToken)}
    <p>${text('settingsDevicesIntro')}</p>
    <p class="form-submit"><button type="submit">${text('settingsSignOutEverywhere')}</button></p>
  </form>
</section>
<section aria-labelledby="settings-notifications-heading">
  <h2 id="settings-notifications-heading">${text('settingsNotifications')}</h2>
  <p><a href="/settings/notifications">${text('settingsNotificationsLink')}</a></p>
</section>
<section aria-labelledby="settings-data-heading">
  <h2 id="settings-data-heading">${text('settingsYourData')}</h2>
  <form class="account-form" method="post" action="/settings/export">${csrfField(o.csrfToken)}
    <p>${text('settingsDataIntro')}</p>
    <p class="form-submit"><button type="submit">${text('settingsDownloadData')}</button></p>
  </form>
</section>`;
}

function deleteForm(o: SettingsOptions, text: SiteText): SafeHtml {
  const error = errorOf(o, 'delete');
  const v = valuesOf(o, 'delete');
  const choice = v.comments === 'delete' ? 'delete' : 'anonymise';
  const hasPassword = o.user.password_hash !== null;
  const confirmFault = error?.field === 'confirm';
  const checked = (value: string) => (choice === value ? trusted(' checked') : '');
  return html`<section class="settings-danger" aria-labelledby="settings-delete-heading">
  <h2 id="settings-delete-heading">${text('settingsDeleteAccount')}</h2>
  <form id="settings-delete" class="account-form" method="post" action="/settings/delete">
    ${error ? html`<div class="form-error" role="alert"><p>${confirmFault ? html`<a href="#settings-delete-confirm">${text('settingsConfirmation')}</a>: ` : ''}${error.message}</p></div>` : ''}
    ${csrfField(o.csrfToken)}
    <p>${text('settingsDeleteIntro')}</p>
    <fieldset>
      <legend>${text('settingsYourComments')}</legend>
      <div class="field-checkbox"><input id="settings-delete-anonymise" type="radio" name="comments" value="anonymise"${checked('anonymise')}> <label for="settings-delete-anonymise">${text('settingsKeepComments')}</label></div>
      <div class="field-checkbox"><input id="settings-delete-delete" type="radio" name="comments" value="delete"${checked('delete')}> <label for="settings-delete-delete">${text('settingsDeleteComments')}</label></div>
    </fieldset>
    <div class="field">
      <label for="settings-delete-confirm">${text(hasPassword ? 'settingsYourPassword' : 'settingsTypeDelete')}</label>
      ${confirmFault ? html`<p id="settings-delete-confirm-error" class="field-error">${error!.message}</p>` : ''}
      <input id="settings-delete-confirm" type="${hasPassword ? 'password' : 'text'}" name="confirm" required maxlength="200" autocomplete="${hasPassword ? 'current-password' : 'off'}"${confirmFault ? trusted(' aria-invalid="true" aria-describedby="settings-delete-confirm-error"') : ''}>
    </div>
    <p class="form-submit"><button type="submit" class="danger-button">${text('settingsDeleteAccount')}</button></p>
  </form>
</section>`;
}

export function settingsPage(o: SettingsOptions): SafeHtml {
  const text = siteText(o.locale);
  return html`<section class="account-page settings-page" aria-labelledby="account-heading">
  <h1 id="account-heading">${text('settings')}</h1>
  ${o.done ? html`<p class="form-done" role="status">${text(o.done)}</p>` : ''}
  <p>${textWith(text, 'settingsSignedInAs', { email: html`<strong>${o.user.email}</strong>` })}</p>
  ${profileForm(o, text)}
  ${avatarForms(o, text)}
  ${passwordForm(o, text)}
  ${sessionsAndData(o, text)}
  ${deleteForm(o, text)}
</section>`;
}
