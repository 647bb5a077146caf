// /admin/moderation: tabs for the queues, a filter form, bulk actions over ticked items, and the
// items themselves. Everything works as plain forms; moderation.js adds keys, fetch and live updates.
import { html, type SafeHtml } from '../../../render/html.ts';
import type { QueueName, QueuePage } from '../../../domain/moderation/queue.ts';
import type { QueueCounts } from '../../../domain/moderation/queue-counts.ts';
import { csrfField } from '../forms.ts';
import { renderQueueItem, type FormContext } from './moderation-item.ts';

export interface DeskFilters {
  post?: string;
  author?: string;
  reason?: string;
}

const TABS: { queue: QueueName; label: string }[] = [
  { queue: 'pending', label: 'Pending' },
  { queue: 'reported', label: 'Reported' },
  { queue: 'spam', label: 'Spam' },
  { queue: 'recent', label: 'All recent' },
];

/** Steps of the pipeline a moderator may filter by, in their words. */
const REASONS: [string, string][] = [
  ['', 'Any reason'],
  ['empty', 'Empty or near-empty'],
  ['links', 'Too many links'],
  ['blocked-domain', 'Blocked domain'],
  ['words', 'Word list'],
  ['repeated', 'Repeated text'],
  ['near-duplicate', 'Near-duplicates from others'],
  ['stranger-links', 'First comment with a link'],
  ['velocity', 'Posting burst'],
  ['policy', 'Review policy'],
  ['model', 'Learned filter'],
  ['akismet', 'Akismet'],
  ['sanction', 'Banned author'],
  ['reports', "Readers' reports"],
];

export function deskQuery(queue: QueueName, filters: DeskFilters, cursor?: string | null): string {
  const params = new URLSearchParams({ status: queue });
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  if (cursor) params.set('cursor', cursor);
  return `/admin/moderation?${params.toString()}`;
}

function filterForm(queue: QueueName, filters: DeskFilters): SafeHtml {
  return html`<form class="mod-filter" method="get" action="/admin/moderation" aria-label="Filter the queue">
  <input type="hidden" name="status" value="${queue}">
  <div class="mod-field"><label for="filter-post">Article (slug or thread id)</label><input id="filter-post" name="post" value="${filters.post ?? ''}" maxlength="200"></div>
  <div class="mod-field"><label for="filter-author">Author (profile name, id or guest email)</label><input id="filter-author" name="author" value="${filters.author ?? ''}" maxlength="320"></div>
  <div class="mod-field"><label for="filter-reason">Reason</label><select id="filter-reason" name="reason">${REASONS.map(([value, label]) => html`<option value="${value}"${value === (filters.reason ?? '') ? html` selected` : ''}>${label}</option>`)}</select></div>
  <div class="mod-field mod-field-buttons"><button type="submit">Filter</button> <a href="${deskQuery(queue, {})}">Clear</a></div>
</form>`;
}

export interface DeskOptions {
  page: QueuePage;
  filters: DeskFilters;
  cursor?: string;
  csrfToken: string | null;
  error?: string | null;
  /** How many wait in each queue (shown on the tabs); absent when they could not be counted. */
  counts?: QueueCounts;
}

function tabCount(queue: QueueName, counts: QueueCounts | undefined): SafeHtml | '' {
  if (!counts || queue === 'recent') return '';
  return html` <span class="mod-tab-count">${counts[queue]}</span>`;
}

export function renderDesk({ page, filters, cursor, csrfToken, error, counts }: DeskOptions): SafeHtml {
  const queue = page.queue;
  const back = deskQuery(queue, filters, cursor);
  const form: FormContext = { csrfToken, back };
  const tabs = TABS.map(
    (t) =>
      html`<li><a href="${deskQuery(t.queue, filters)}"${t.queue === queue ? html` aria-current="page"` : ''}>${t.label}${tabCount(t.queue, counts)}</a></li>`,
  );
  return html`<section class="admin-page mod-desk" aria-labelledby="desk-heading" data-mod-desk data-queue="${queue}">
  <h1 id="desk-heading">Moderation</h1>
  <p class="mod-links"><a href="/admin/moderation/log">Audit log</a></p>
  <nav class="mod-tabs" aria-label="Queues"><ul>${tabs}</ul></nav>
  ${filterForm(queue, filters)}
  ${error ? html`<div class="form-error" role="alert"><p>${error}</p></div>` : ''}
  <p class="mod-keys" id="mod-keys">Keys: <kbd>j</kbd>/<kbd>k</kbd> next and previous item, <kbd>a</kbd> approve, <kbd>r</kbd> reject, <kbd>s</kbd> spam, <kbd>x</kbd> select, <kbd>u</kbd> undo (for a few seconds after a decision). Keys rest while you type in a field.</p>
  <div class="mod-live" id="mod-live" role="status" aria-live="polite"></div>
  <div class="mod-toast" id="mod-undo" role="status" aria-live="polite"></div>
  <form id="bulk-form" class="mod-bulk" method="post" action="/admin/moderation/bulk" aria-label="Act on the selected comments">
    ${csrfField(csrfToken)}<input type="hidden" name="back" value="${back}">
    <label for="bulk-action">With the selected comments</label>
    <select id="bulk-action" name="action"><option value="approve">Approve</option><option value="spam">Mark as spam</option><option value="not-spam">Not spam</option><option value="reject">Reject</option></select>
    <label for="bulk-reason">Reason (needed to reject)</label><input id="bulk-reason" name="reason" maxlength="500">
    <button type="submit">Apply to selected</button>
  </form>
  ${page.items.length === 0 ? html`<p class="mod-empty" id="mod-empty">Nothing in this queue${filters.post || filters.author || filters.reason ? ' with these filters' : ''}.</p>` : ''}
  <ol class="mod-queue" id="mod-queue" aria-label="Queue items">${page.items.map((item) => renderQueueItem(item, form))}</ol>
  ${page.nextCursor ? html`<p class="mod-next"><a href="${deskQuery(queue, filters, page.nextCursor)}">Older items</a></p>` : ''}
</section>`;
}
