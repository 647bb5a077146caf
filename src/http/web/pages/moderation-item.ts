// One item of the moderation desk: the comment in its thread context, why it is there in plain
// words, its author's history, and each action as a small form that works without JavaScript
// (the desk's script sends the same actions through the API without a reload).
import { html, trusted, type SafeHtml } from '../../../render/html.ts';
import type { ContextComment, QueueItem } from '../../../domain/moderation/queue.ts';
import { csrfField } from '../forms.ts';
import { when } from '../components.ts';

export const STATUS_WORDS: Record<string, string> = {
  pending: 'Held for review',
  published: 'Published',
  spam: 'Spam',
  rejected: 'Rejected',
  shadow: 'Shadow (author only)',
  deleted: 'Deleted',
};

export interface FormContext {
  csrfToken: string | null;
  /** The desk URL to come back to after a no-JS action. */
  back: string;
}

function actionForm(
  form: FormContext,
  action: string,
  path: string,
  label: string,
  options: { extra?: SafeHtml; className?: string; describedBy?: string } = {},
): SafeHtml {
  return html`<form method="post" action="${path}" class="mod-action-form" data-action="${action}">${csrfField(form.csrfToken)}<input type="hidden" name="back" value="${form.back}">${options.extra ?? ''}<button type="submit" class="${options.className ?? 'button-secondary'}"${options.describedBy ? trusted(` aria-describedby="${options.describedBy}"`) : ''}>${label}</button></form>`;
}

function contextComment(c: ContextComment, label: string): SafeHtml {
  return html`<div class="mod-context-comment"><p class="mod-context-label">${label} <strong>${c.authorName}</strong>, ${when(c.createdAt)}</p><div class="comment-body">${trusted(c.bodyHtml)}</div></div>`;
}

function authorPanel(item: QueueItem, form: FormContext): SafeHtml {
  const a = item.author;
  const who =
    a.kind === 'account'
      ? html`${a.slug ? html`<a href="/people/${a.slug}">${a.name}</a>` : a.name}${a.role && a.role !== 'reader' ? html` (${a.role})` : ''}`
      : html`${a.name} <span class="mod-muted">(guest, ${a.email ?? 'no email'})</span>`;
  const age =
    a.accountAgeDays === null
      ? 'no account'
      : a.accountAgeDays === 0
        ? 'account made today'
        : `account ${a.accountAgeDays} day${a.accountAgeDays === 1 ? '' : 's'} old`;
  const h = a.history;
  return html`<div class="mod-author">
  <h3 class="mod-subheading">Author</h3>
  <p>${who} · ${age}</p>
  <p class="mod-history">${h.total} comment${h.total === 1 ? '' : 's'}: ${h.approved} published, ${h.pending} held, ${h.rejected} rejected, ${h.spam} spam · ${a.priorBans === 0 ? 'never banned' : `${a.priorBans} ban${a.priorBans === 1 ? '' : 's'} before`}</p>
  ${a.activeSanctions.map((s) => html`<div class="mod-sanction"><p><strong>${s.kind === 'ban' ? 'Banned' : 'Shadow-banned'}</strong> ${s.expiresAt ? html`until ${when(s.expiresAt)}` : 'permanently'}: ${s.reason}</p>${actionForm(form, 'lift', `/admin/moderation/bans/${s.id}/lift`, s.kind === 'ban' ? 'Lift ban' : 'Lift shadow ban')}</div>`)}
</div>`;
}

function actions(item: QueueItem, form: FormContext): SafeHtml {
  const base = `/admin/moderation/comments/${item.id}`;
  const labelled = `item-${item.id}-title`;
  const decisions = [
    item.status !== 'published'
      ? actionForm(form, 'approve', `${base}/approve`, 'Approve', { className: 'mod-approve', describedBy: labelled })
      : '',
    item.status === 'spam'
      ? actionForm(form, 'not-spam', `${base}/not-spam`, 'Not spam', { describedBy: labelled })
      : actionForm(form, 'spam', `${base}/spam`, 'Spam', { describedBy: labelled }),
    item.status === 'published'
      ? actionForm(
          form,
          item.featured ? 'unfeature' : 'feature',
          `${base}/${item.featured ? 'unfeature' : 'feature'}`,
          item.featured ? 'Unfeature' : 'Feature',
          { describedBy: labelled },
        )
      : '',
    item.status === 'published'
      ? actionForm(form, item.pinned ? 'unpin' : 'pin', `${base}/${item.pinned ? 'unpin' : 'pin'}`, item.pinned ? 'Unpin' : 'Pin', {
          describedBy: labelled,
        })
      : '',
  ];
  const reject =
    item.status === 'rejected'
      ? ''
      : html`<details class="mod-more"><summary>Reject…</summary>${actionForm(form, 'reject', `${base}/reject`, 'Reject', {
          extra: html`<label for="reject-${item.id}">Reason shown to the author</label><input id="reject-${item.id}" name="reason" required maxlength="500">`,
        })}</details>`;
  const ban = item.author.subject
    ? html`<details class="mod-more"><summary>Ban author…</summary>${actionForm(form, 'ban', '/admin/moderation/bans', 'Ban', {
        className: 'mod-ban',
        extra: html`<input type="hidden" name="commentId" value="${item.id}">
<label for="ban-kind-${item.id}">Kind</label><select id="ban-kind-${item.id}" name="kind"><option value="ban">Ban: cannot comment</option><option value="shadow">Shadow ban: only they see their comments</option></select>
<label for="ban-days-${item.id}">Days (empty: permanent)</label><input id="ban-days-${item.id}" name="days" type="number" min="1" max="3650" inputmode="numeric">
<label for="ban-reason-${item.id}">Reason (for the log)</label><input id="ban-reason-${item.id}" name="reason" required maxlength="500">`,
      })}</details>`
    : '';
  const threadPath = `/admin/moderation/threads/${item.thread.id}`;
  const thread = item.thread.closed
    ? actionForm(form, 'open-thread', `${threadPath}/open`, 'Reopen thread')
    : actionForm(form, 'close-thread', `${threadPath}/close`, 'Close thread');
  return html`<div class="mod-actions" role="group" aria-label="Actions">${decisions}${reject}${ban}${thread}</div>`;
}

export function renderQueueItem(item: QueueItem, form: FormContext): SafeHtml {
  const titleId = `item-${item.id}-title`;
  const score = item.spamScore === null ? '' : html` · spam score <strong>${Math.round(item.spamScore * 100)}%</strong>`;
  const neighbours = item.context.neighbours;
  return html`<li><article class="mod-item" id="item-${item.id}" data-id="${item.id}" data-status="${item.status}" data-author="${item.author.name}" tabindex="-1" aria-labelledby="${titleId}">
  <header class="mod-item-head">
    <input type="checkbox" class="mod-select" id="select-${item.id}" name="ids" value="${item.id}" form="bulk-form"><label for="select-${item.id}" class="visually-hidden">Select the comment by ${item.author.name}</label>
    <h2 class="mod-item-title" id="${titleId}">${item.author.name} on ${item.thread.url ? html`<a href="${item.thread.url}">${item.thread.title}</a>` : item.thread.title}</h2>
    <p class="mod-meta"><span class="mod-status mod-status-${item.status}">${STATUS_WORDS[item.status] ?? item.status}</span> · ${when(item.createdAt)}${score}${item.reportCount > 0 ? html` · ${item.reportCount} report${item.reportCount === 1 ? '' : 's'}` : ''}${item.featured ? ' · featured' : ''}${item.pinned ? ' · pinned' : ''}${item.thread.closed ? ' · thread closed' : ''}</p>
  </header>
  ${item.context.parent ? contextComment(item.context.parent, 'In reply to') : ''}
  <div class="mod-body comment-body">${trusted(item.bodyHtml)}</div>
  <div class="mod-reasons"><h3 class="mod-subheading">Why it is here</h3>${item.reasons.length === 0 ? html`<p class="mod-muted">Nothing flagged it; it is here because it is recent.</p>` : html`<ul>${item.reasons.map((r) => html`<li>${r.text}</li>`)}</ul>`}</div>
  ${authorPanel(item, form)}
  ${neighbours.length > 0 ? html`<details class="mod-neighbours"><summary>Around it in the thread (${neighbours.length})</summary>${neighbours.map((n) => contextComment(n, 'Nearby:'))}</details>` : ''}
  ${actions(item, form)}
</article></li>`;
}
