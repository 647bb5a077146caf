// /admin/moderation/log: every moderation action, newest first, filterable by who, what, which
// comment and when.
import { html, type SafeHtml } from '../../../render/html.ts';
import type { LogEntryView, LogQuery } from '../../../domain/moderation/audit-log.ts';
import { when } from '../components.ts';

const ACTIONS = [
  'approve',
  'reject',
  'spam',
  'not-spam',
  'feature',
  'unfeature',
  'pin',
  'unpin',
  'ban',
  'unban',
  'shadow-ban',
  'lift-shadow-ban',
  'close-thread',
  'open-thread',
  'thread-policy',
  'settings',
  'undo',
];

export function logQueryString(query: LogQuery, cursor?: string | null): string {
  const params = new URLSearchParams();
  for (const key of ['actor', 'action', 'comment', 'from', 'to'] as const) if (query[key]) params.set(key, query[key]!);
  if (cursor) params.set('cursor', cursor);
  const text = params.toString();
  return `/admin/moderation/log${text ? `?${text}` : ''}`;
}

function details(entry: LogEntryView): string {
  const d = entry.details;
  if (typeof d.from === 'string' && typeof d.to === 'string')
    return `${d.from} → ${d.to}${typeof d.undid === 'string' ? ` (undoes ${d.undid})` : ''}`;
  if ('days' in d) return d.days === null ? 'permanent' : `${String(d.days)} days`;
  if ('policy' in d) return `policy: ${d.policy === null ? 'site default' : String(d.policy)}`;
  return '';
}

/** The comment by its first words (a link to its own history in the log); its id only when it is gone. */
function commentCell(id: string, excerpt: string | null): SafeHtml {
  const label = excerpt === null ? html`comment ${id} (removed)` : excerpt === '' ? html`(an empty comment)` : html`“${excerpt}”`;
  return html`<a class="mod-log-comment" href="${logQueryString({ comment: id })}" title="All actions on this comment">${label}</a>`;
}

export function renderLog(
  entries: LogEntryView[],
  query: LogQuery,
  nextCursor: string | null,
  error?: string | null,
  /** The screening figures (moderation-figures.ts), on the log's first page. */
  figures?: SafeHtml,
): SafeHtml {
  const field = (name: keyof LogQuery, label: string, type = 'text') =>
    html`<div class="mod-field"><label for="log-${name}">${label}</label><input id="log-${name}" name="${name}" type="${type}" value="${query[name] ?? ''}" maxlength="120"></div>`;
  const rows = entries.map(
    (e) => html`<tr>
  <td data-label="When">${when(e.createdAt)}</td>
  <td data-label="Who">${e.actor?.name ?? '—'}</td>
  <td data-label="Action">${e.action}</td>
  <td data-label="Comment">${e.commentId ? commentCell(e.commentId, e.commentExcerpt) : e.threadId ? `thread ${e.threadId}` : ''}</td>
  <td data-label="Person">${e.subject ?? ''}</td>
  <td data-label="Why">${e.reason}</td>
  <td data-label="Details">${details(e)}</td>
</tr>`,
  );
  return html`<section class="admin-page mod-log" aria-labelledby="log-heading">
  <p><a href="/admin/moderation">← Moderation desk</a></p>
  <h1 id="log-heading">Moderation log</h1>
  ${figures ?? ''}
  <form class="mod-filter" method="get" action="/admin/moderation/log" aria-label="Filter the log">
    ${field('actor', 'Moderator (profile name or id)')}
    <div class="mod-field"><label for="log-action">Action</label><select id="log-action" name="action"><option value="">Any action</option>${ACTIONS.map((a) => html`<option value="${a}"${a === query.action ? html` selected` : ''}>${a}</option>`)}</select></div>
    ${field('comment', 'Comment id')}
    ${field('from', 'From', 'date')}
    ${field('to', 'To', 'date')}
    <div class="mod-field mod-field-buttons"><button type="submit">Filter</button> <a href="/admin/moderation/log">Clear</a></div>
  </form>
  ${error ? html`<div class="form-error" role="alert"><p>${error}</p></div>` : ''}
  ${
    entries.length === 0
      ? html`<p class="mod-empty">No actions match.</p>`
      : html`<div class="table-scroll"><table class="mod-log-table">
  <caption class="visually-hidden">Moderation actions, newest first</caption>
  <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">Comment or thread</th><th scope="col">Person</th><th scope="col">Why</th><th scope="col">Details</th></tr></thead>
  <tbody>${rows}</tbody>
</table></div>`
  }
  ${nextCursor ? html`<p class="mod-next"><a href="${logQueryString(query, nextCursor)}">Older entries</a></p>` : ''}
</section>`;
}
