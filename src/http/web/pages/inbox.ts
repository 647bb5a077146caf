// The inbox page, the email preferences form and the unsubscribe pages. Plain HTML forms: all of
// it works without JavaScript.
import { html, trusted, type SafeHtml } from '../../../render/html.ts';
import type { InboxItem, InboxPage, EmailPreferences } from '../../../domain/notifications/inbox.ts';
import { csrfField, renderForm, type FormField } from '../forms.ts';
import { when } from '../components.ts';

function what(item: InboxItem): SafeHtml {
  // Through /inbox/open/ID, which marks it read on the way to the comment.
  const where = item.commentId ? html`<a href="/inbox/open/${item.id}">${item.threadTitle}</a>` : html`${item.threadTitle}`;
  switch (item.kind) {
    case 'reply':
      return html`<strong>${item.actorName}</strong> replied to your comment in ${where}`;
    case 'mention':
      return html`<strong>${item.actorName}</strong> mentioned you in ${where}`;
    case 'moderation':
      return html`A comment by <strong>${item.actorName}</strong> is waiting for review in ${where}`;
  }
}

function inboxItem(item: InboxItem): SafeHtml {
  const unread = !item.read;
  return html`<li class="notification${unread ? ' notification-unread' : ''}">
  <p class="notification-what">${unread ? html`<span class="unread-count">New</span> ` : ''}${what(item)}</p>
  <blockquote class="notification-excerpt">${item.excerpt}</blockquote>
  <p class="meta">${when(item.createdAt)}</p>
</li>`;
}

export function renderInbox(page: InboxPage, options: { csrfToken: string | null; olderThanFirstPage: boolean }): SafeHtml {
  const markAll =
    page.unreadCount > 0
      ? html`<form class="inbox-actions" method="post" action="/inbox/read">${csrfField(options.csrfToken)}<button type="submit">Mark all as read</button></form>`
      : '';
  const unreadLine =
    page.unreadCount === 0
      ? 'Nothing unread.'
      : page.unreadCount === 1
        ? '1 unread notification.'
        : `${page.unreadCount} unread notifications.`;
  return html`<section class="account-page inbox-page" aria-labelledby="inbox-heading">
  <h1 id="inbox-heading">Inbox</h1>
  <p>${unreadLine} <a href="/settings/notifications">Email settings</a></p>
  ${markAll}
  ${page.items.length === 0 ? html`<p class="empty">${options.olderThanFirstPage ? 'No older notifications.' : 'No notifications yet. Replies to your comments and mentions of you will show up here.'}</p>` : html`<ol class="notification-list">${page.items.map(inboxItem)}</ol>`}
  ${
    options.olderThanFirstPage || page.nextCursor
      ? html`<nav class="pagination" aria-label="Pages">
    ${options.olderThanFirstPage ? html`<a href="/inbox">← Newest</a>` : ''}
    ${page.nextCursor ? html`<a rel="next" href="/inbox?cursor=${encodeURIComponent(page.nextCursor)}">Older →</a>` : ''}
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
}): SafeHtml {
  const { preferences: p } = options;
  const fields: FormField[] = [
    { name: 'replies', label: 'Someone replies to one of my comments', type: 'checkbox', checked: p.replies },
    { name: 'mentions', label: 'Someone mentions me (@name) in a comment', type: 'checkbox', checked: p.mentions },
  ];
  if (options.moderator)
    fields.push({ name: 'moderation', label: 'Comments are waiting for review', type: 'checkbox', checked: p.moderation });
  return html`<section class="account-page" aria-labelledby="prefs-heading">
  <h1 id="prefs-heading">Email notifications</h1>
  ${options.saved ? html`<p class="form-done" role="status">Your email settings are saved.</p>` : ''}
  ${options.verified ? '' : html`<p class="form-error">Confirm your email address to receive these emails; until then they only appear in your <a href="/inbox">inbox</a>.</p>`}
  ${renderForm({
    id: 'email-preferences',
    action: '/settings/notifications',
    intro: trusted('Everything also appears in your <a href="/inbox">inbox</a>. Send me an email when:'),
    fields,
    submit: 'Save',
    csrfToken: options.csrfToken,
  })}
  <p class="hint">At most one email per discussion every 10 minutes; anything newer is gathered into the next one.</p>
</section>`;
}

export function renderUnsubscribeConfirm(options: { what: string; email: string; action: string }): SafeHtml {
  return html`<section class="account-page" aria-labelledby="unsubscribe-heading">
  <h1 id="unsubscribe-heading">Unsubscribe</h1>
  <p>Stop ${options.what} to ${options.email}?</p>
  <form method="post" action="${options.action}">
    <input type="hidden" name="List-Unsubscribe" value="One-Click">
    <p class="form-submit"><button type="submit">Unsubscribe</button></p>
  </form>
  <p>Notifications will still appear in your inbox. You can change this any time in your <a href="/settings/notifications">email settings</a>.</p>
</section>`;
}
