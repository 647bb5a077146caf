// The moderation pieces of the thread's markup: the "Report" control, the notes an author sees
// on their own held or rejected comments, the pinned / editor's pick marks and the editor's
// picks section. Pure like thread.ts (the browser client bundles both): no Node modules.
import { html, trusted, type SafeHtml } from './html.ts';
import { avatar } from './avatar.ts';
import type { CommentView } from '../domain/comments/types.ts';
import type { Locale } from '../i18n/locales.ts';
import { badgeText, rich, text } from './thread-text.ts';

/** English labels, for the staff's tools; readers see `discussion.report.reason.*` in their language. */
export const REPORT_CHOICES = [
  { value: 'spam', label: 'Spam' },
  { value: 'harassment', label: 'Harassment or abuse' },
  { value: 'off-topic', label: 'Off-topic' },
  { value: 'other', label: 'Something else' },
] as const;

export const REPORT_NOTE_MAX = 500;

/**
 * A disclosure with a small form: works as a plain form post without JavaScript (the CSRF input
 * comes from the caller); the client sends it as JSON instead. Labels wrap their controls, so
 * the same markup may repeat for every comment without clashing ids.
 */
export function reportControl(comment: CommentView, csrf: SafeHtml, locale?: Locale): SafeHtml {
  return html`<details class="report">
            <summary>${text(locale, 'report.summary')}<span class="visually-hidden">${text(locale, 'report.summaryHidden', { name: comment.author.name })}</span></summary>
            <form class="report-form" method="post" action="/comments/${encodeURIComponent(comment.id)}/report">
              ${csrf}
              <fieldset>
                <legend>${text(locale, 'report.legend')}</legend>
                ${REPORT_CHOICES.map((reason, i) => html`<label><input type="radio" name="reason" value="${reason.value}"${i === 0 ? trusted(' required') : ''}> ${text(locale, `report.reason.${reason.value}`)}</label>`)}
              </fieldset>
              <label class="report-note">${text(locale, 'report.note')}<textarea name="note" rows="2" maxlength="${REPORT_NOTE_MAX}"></textarea></label>
              <button type="submit">${text(locale, 'report.send')}</button>
            </form>
          </details>`;
}

/** What the author alone reads under their own comment that others cannot see. */
export function ownStatusNote(comment: CommentView, locale?: Locale): SafeHtml | '' {
  if (comment.status === 'pending') return html`<p class="comment-status-note comment-pending-note">${text(locale, 'status.pending')}</p>`;
  if (comment.status === 'rejected') {
    const reason = comment.rejectionReason?.trim();
    return html`<p class="comment-status-note comment-rejected-note">${reason ? text(locale, 'status.rejectedBecause', { reason }) : text(locale, 'status.rejected')}</p>`;
  }
  return '';
}

/** Held or rejected: shown to its author only, and nothing can be done to it yet (no votes, replies, reports). */
export function isOwnHiddenView(comment: CommentView): boolean {
  return comment.status === 'pending' || comment.status === 'rejected';
}

/** Marks beside the author's name. */
export function commentMarks(comment: CommentView, locale?: Locale): SafeHtml {
  return html`${comment.pinned ? html`<span class="comment-mark comment-pinned">${text(locale, 'status.pinned')}</span>` : ''}${comment.featured ? html`<span class="comment-mark comment-pick">${rich(locale, 'status.pick')}</span>` : ''}`;
}

/**
 * The editor's picks above the thread. Each pick links to its permalink (the comment may sit on
 * another page) and carries no ids, since the same comment is also in the list below.
 */
export function featuredSection(featured: readonly CommentView[] | undefined, locale?: Locale): SafeHtml | '' {
  if (!featured?.length) return '';
  return html`<section class="featured-comments" aria-labelledby="featured-heading">
    <h3 id="featured-heading">${rich(locale, 'status.picks')}</h3>
    <ol>${featured.map(
      (comment) => html`<li class="featured-comment" data-featured-id="${comment.id}">
      ${avatar(comment.author.name, 'small', comment.author.avatarUrl)}
      <div class="featured-main">
        <p class="featured-author">${comment.author.name}${comment.author.badge ? html` <span class="badge">${badgeText(locale, comment.author.badge)}</span>` : ''}</p>
        <div class="comment-body">${trusted(comment.bodyHtml)}</div>
        <p class="featured-link"><a href="/comments/${encodeURIComponent(comment.id)}">${text(locale, 'status.readPick')}<span class="visually-hidden">${text(locale, 'status.readPickHidden', { name: comment.author.name })}</span></a></p>
      </div>
    </li>`,
    )}</ol>
  </section>`;
}

/** A line at the top of the thread after a no-JavaScript action (e.g. a report was sent). */
export function threadNotice(notice: string | null | undefined): SafeHtml | '' {
  return notice ? html`<p class="thread-notice" role="status">${notice}</p>` : '';
}
