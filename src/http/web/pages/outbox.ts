// /admin/outbox: every message the site has queued, newest first, and one message in full. The
// HTML part is shown inside a sandboxed iframe (no scripts, no same-origin), never inline.
import { html, type SafeHtml } from '../../../render/html.ts';
import type { OutboxMessage } from '../../../domain/records.ts';
import { pagination } from '../components.ts';

const WHEN = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZone: 'UTC',
});
const when = (iso: string | null) =>
  iso ? html`<time datetime="${new Date(iso).toISOString()}">${WHEN.format(new Date(iso))}</time>` : '';

function state(message: OutboxMessage): string {
  if (message.sent_at) return 'sent';
  return message.attempts > 0 ? 'failing' : 'waiting';
}

export function renderOutboxList(
  messages: OutboxMessage[],
  options: { page: number; pageCount: number; total: number; smtpConfigured: boolean },
): SafeHtml {
  const rows = messages.map(
    (m) => html`<tr>
  <td>${m.to_address}</td>
  <td><a href="/admin/outbox/${m.id}">${m.subject}</a></td>
  <td>${when(m.created_at)}</td>
  <td>${state(m)}${m.sent_at ? html` (${when(m.sent_at)})` : ''}</td>
  <td>${m.attempts}</td>
  <td>${m.last_error ?? ''}</td>
</tr>`,
  );
  return html`<section class="admin-page outbox-page" aria-labelledby="outbox-heading">
  <h1 id="outbox-heading">Outbox</h1>
  <p>${options.total === 1 ? '1 message' : `${options.total} messages`}. ${options.smtpConfigured ? 'Mail is sent through SMTP; what is not sent yet is retried.' : 'No SMTP_URL is set, so mail stays here and is not sent.'}</p>
  ${
    messages.length === 0
      ? html`<p class="empty">No mail yet.</p>`
      : html`<div class="table-scroll"><table class="outbox-table">
  <thead><tr><th scope="col">To</th><th scope="col">Subject</th><th scope="col">Created</th><th scope="col">State</th><th scope="col">Attempts</th><th scope="col">Last error</th></tr></thead>
  <tbody>${rows}</tbody>
</table></div>`
  }
  ${pagination('/admin/outbox', options.page, options.pageCount)}
</section>`;
}

export function renderOutboxMessage(message: OutboxMessage): SafeHtml {
  const headers = Object.entries(JSON.parse(message.headers) as Record<string, string>);
  return html`<section class="admin-page outbox-message" aria-labelledby="message-heading">
  <p><a href="/admin/outbox">← Outbox</a></p>
  <h1 id="message-heading">${message.subject}</h1>
  <dl class="outbox-meta">
    <dt>To</dt><dd>${message.to_address}</dd>
    <dt>Created</dt><dd>${when(message.created_at)}</dd>
    <dt>State</dt><dd>${state(message)}${message.sent_at ? html` (${when(message.sent_at)})` : ''}</dd>
    <dt>Attempts</dt><dd>${message.attempts}</dd>
    ${message.last_error ? html`<dt>Last error</dt><dd>${message.last_error}</dd>` : ''}
    ${headers.map(([name, value]) => html`<dt>${name}</dt><dd>${value}</dd>`)}
  </dl>
  <h2>Text part</h2>
  <pre class="outbox-text">${message.text_body}</pre>
  <h2>HTML part</h2>
  <iframe class="outbox-html" title="HTML part of the message" sandbox="" referrerpolicy="no-referrer" srcdoc="${message.html_body}"></iframe>
</section>`;
}
