// The inbox page, the email preferences form and the unsubscribe pages. Plain HTML forms: all of
// it works without JavaScript.
import { html, type SafeHtml } from '../../../render/html.ts';
import type { InboxItem, InboxPage, EmailPreferences } from '../../../domain/notifications/inbox.ts';
import { csrfField, renderForm, type FormField } from '../forms.ts';
import { when } from '../components.ts';
import { DEFAULT_LOCALE, type Locale } from '../../../i18n/locales.ts';
import { formatCount, siteText, textWith, type SiteText } from '../site-text.ts';

const WHAT_KEYS = { reply: 'inboxReply', mention: 'inboxMention', moderation: 'inboxModeration' } as const;

function what(item: InboxItem, text: SiteText): SafeHtml {
  // Through /inbox/open/ID, which marks it read on the way to the comment.
  const where = item.commentId ? html`<a href="/inbox/open/${item.id}">${item.threadTitle}</a>` : html`${item.threadTitle}`;
  return textWith(text, WHAT_KEYS[item.kind], { name: html`<strong>${item.actorName}</strong>`, where });
}

function inboxItem(item: InboxItem, text: SiteText, locale: Locale): SafeHtml {
  const unread = !item.read;
  return html`<li class="notification${unread ? ' notification-unread' : ''}">
  <p class="notification-what">${unread ? html`<span class="unread-count">${text('inboxNew')}</span> ` : ''}${what(item, text)}</p>
  <blockquote class="notification-excerpt">${item.excerpt}</blockquote>
  <p class="meta">${when(item.createdAt, locale)}</p>
</li>`;
}

export function renderInbox(
  page: InboxPage,
  options: { csrfToken: string | null; olderThanFirstPage: boolean; locale?: Locale },
): SafeHtml {
  const locale = options.locale ?? DEFAULT_LOCALE;
  const text = siteText(locale);
  const markAll =
    page.unreadCount > 0
      ? html`<form class="inbox-actions" method="post" action="/inbox/read">${csrfField(options.csrfToken)}<button type="submit">${text('inboxMarkAllRead')}</button></form>`
      : '';
  const unreadLine =
    page.unreadCount === 0
      ? text('inboxNothingUnread')
      : text('inboxUnreadCount', { count: page.unreadCount, n: formatCount(locale, page.unreadCount) });
  return html`<section class="account-page inbox-page" aria-labelledby="inbox-heading">
  <h1 id="inbox-heading">${text('inbox')}</h1>
  <p>${unreadLine} <a href="/settings/notifications">${text('inboxEmailSettings')}</a></p>
  ${markAll}
  ${page.items.length === 0 ? html`<p class="empty">${text(options.olderThanFirstPage ? 'inboxNoOlder' : 'inboxEmpty')}</p>` : html`<ol class="notification-list">${page.items.map((item) => inboxItem(item, text, locale))}</ol>`}
  ${
    options.olderThanFirstPage || page.nextCursor
      ? html`<nav class="pagination" aria-label="${text('pages')}">
    ${options.olderThanFirstPage ? html`<a href="/inbox">${text('inboxNewest')}</a>` : ''}
    ${page.nextCursor ? html`<a rel="next" href="/inbox?cursor=${encodeURIComponent(page.nextCursor)}">${text('older')}</a>` : ''}
  </nav>`
      : ''
  }
</section>`;
}

export function renderPreferencesForm(options: {
  preferences: EmailPreferences;
  moderator: boolean;
  verified: boolean;
  csrfToken: string | null;
  saved: boolean;
  locale?: Locale;
}): SafeHtml {
  const { preferences: p } = options;
  const text = siteText(options.locale);
  const inboxLink = html`<a href="/inbox">${text('prefsInboxLink')}</a>`;
  const fields: FormField[] = [
    { name: 'replies', label: text('prefsReplies'), type: 'checkbox', checked: p.replies },
    { name: 'mentions', label: text('prefsMentions'), type: 'checkbox', checked: p.mentions },
  ];
  if (options.moderator) fields.push({ name: 'moderation', label: text('prefsModeration'), type: 'checkbox', checked: p.moderation });
  return html`<section class="account-page" aria-labelledby="prefs-heading">
  <h1 id="prefs-heading">${text('prefsTitle')}</h1>
  ${options.saved ? html`<p class="form-done" role="status">${text('prefsSaved')}</p>` : ''}
  ${options.verified ? '' : html`<p class="form-error">${textWith(text, 'prefsUnverified', { inbox: inboxLink })}</p>`}
  ${renderForm({
    id: 'email-preferences',
    action: '/settings/notifications',
    intro: textWith(text, 'prefsIntro', { inbox: inboxLink }),
    fields,
    submit: text('prefsSave'),
    csrfToken: options.csrfToken,
  })}
  <p class="hint">${text('prefsDigestHint')}</p>
</section>`;
}

export function renderUnsubscribeConfirm(options: { what: string; email: string; action: string; locale?: Locale }): SafeHtml {
  const text = siteText(options.locale);
  const settings = html`<a href="/settings/notifications">${text('unsubSettingsLink')}</a>`;
  return html`<section class="account-page" aria-labelledby="unsubscribe-heading">
  <h1 id="unsubscribe-heading">${text('unsubTitle')}</h1>
  <p>${text('unsubConfirm', { what: options.what, email: options.email })}</p>
  <form method="post" action="${options.action}">
    <input type="hidden" name="List-Unsubscribe" value="One-Click">
    <p class="form-submit"><button type="submit">${text('unsubButton')}</button></p>
  </form>
  <p>${textWith(text, 'unsubStillInbox', { settings })}</p>
</section>`;
}
