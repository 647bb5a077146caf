// /desk/reports: readers' open error reports, newest first, each with its article (a link to the
// editor), the report, when it came and the reader's address if they left one, and three ways to
// close it: Answer (mailed to the reader when they left an address), Make correction (the report
// already written in as an editable note: one click publishes it on the article) and Dismiss.
// Also /desk/posts/:id/corrections: an article's notes when a form from the editor's aside needs
// its message shown at the field.
import { html, trusted, type SafeHtml } from '../../../render/html.ts';
import type { ErrorReportView } from '../../../domain/posts/error-reports.ts';
import { MAX_ANSWER_NOTE } from '../../../domain/posts/error-reports.ts';
import { safeUrl } from '../../../render/safe-url.ts';
import { when } from '../components.ts';
import { csrfField } from '../forms.ts';
import { correctionsPart, type CorrectionsPart } from './desk-editor-aside.ts';

export const REPORT_DONE_MESSAGES = {
  answered: 'Answer recorded; the reader is mailed it if they left an address.',
  dismissed: 'Report dismissed.',
  corrected: 'Correction note added: it is on the article now.',
} as const;
export type ReportDone = keyof typeof REPORT_DONE_MESSAGES;

export interface ReportFailure {
  reportId: string;
  message: string;
  /** note (the answer), text or kind (the correction), or none: about the report itself. */
  field?: string;
  values: { note?: string; text?: string; kind?: string };
}

export interface ReportsPage {
  reports: ErrorReportView[];
  /** The article the list is narrowed to, from the editor's aside. */
  post: { id: string; title: string } | null;
  csrfToken: string | null;
  done?: ReportDone | null;
  failure?: ReportFailure | null;
}

function reportItem(p: ReportsPage, r: ErrorReportView): SafeHtml {
  const id = `report-${r.id}`;
  const action = (what: string) => `/desk/reports/${encodeURIComponent(r.id)}/${what}`;
  const failure = p.failure?.reportId === r.id ? p.failure : null;
  const fault = (field: string) => failure?.field === field;
  const errorAt = (field: string) => (fault(field) ? html`<p id="${id}-${field}-error" class="field-error">${failure!.message}</p>` : '');
  const described = (field: string, hint?: string) => {
    const ids = [hint ?? '', fault(field) ? `${id}-${field}-error` : ''].filter(Boolean).join(' ');
    return trusted(`${fault(field) ? ' aria-invalid="true"' : ''}${ids ? ` aria-describedby="${ids}"` : ''}`);
  };
  const filter = p.post ? html`<input type="hidden" name="post" value="${p.post.id}" />` : '';
  const kind = failure?.values.kind ?? 'correction';
  const mailto = r.email ? safeUrl(`mailto:${r.email}`) : '';
  return html`<li class="desk-report" aria-labelledby="${id}-heading">
    <h2 id="${id}-heading"><a href="/desk/posts/${encodeURIComponent(r.post_id)}/edit">${r.post_title}</a></h2>
    <p class="desk-report-meta">Reported ${when(r.created_at)} · ${r.email ? html`Reader's address: ${mailto ? html`<a href="${mailto}">${r.email}</a>` : r.email}` : 'No address left'}</p>
    <blockquote class="desk-report-text"><p>${r.text}</p></blockquote>
    ${failure && !failure.field ? html`<div class="form-error" role="alert"><p>${failure.message}</p></div>` : ''}
    <div class="desk-report-actions">
      <form method="post" action="${action('correction')}" class="desk-report-form">
        ${csrfField(p.csrfToken)}${filter}
        <div class="field">
          <label for="${id}-kind">Note kind</label>${errorAt('kind')}
          <select id="${id}-kind" name="kind"${described('kind')}>
            <option value="correction"${kind === 'correction' ? trusted(' selected') : ''}>Correction</option>
            <option value="update"${kind === 'update' ? trusted(' selected') : ''}>Update</option>
          </select>
        </div>
        <div class="field">
          <label for="${id}-text">Correction note</label>
          <p id="${id}-text-hint" class="hint">The reader's words, ready to edit: shown dated on the article.</p>
          ${errorAt('text')}
          <textarea id="${id}-text" name="text" rows="3" maxlength="2000"${described('text', `${id}-text-hint`)}>${failure?.values.text ?? r.text}</textarea>
        </div>
        <p><button type="submit" class="desk-primary">Make correction</button></p>
      </form>
      <form method="post" action="${action('answer')}" class="desk-report-form">
        ${csrfField(p.csrfToken)}${filter}
        <div class="field">
          <label for="${id}-note">Answer</label>
          <p id="${id}-note-hint" class="hint">${r.email ? 'Mailed to the reader.' : 'The reader left no address: the answer is kept with the report.'}</p>
          ${errorAt('note')}
          <textarea id="${id}-note" name="note" rows="3" maxlength="${String(MAX_ANSWER_NOTE)}"${described('note', `${id}-note-hint`)}>${failure?.values.note ?? ''}</textarea>
        </div>
        <p><button type="submit">Send answer</button></p>
      </form>
      <form method="post" action="${action('dismiss')}" class="desk-report-form desk-report-dismiss">
        ${csrfField(p.csrfToken)}${filter}
        <p><button type="submit">Dismiss</button></p>
        <p class="hint">Closes the report without a change or an answer.</p>
      </form>
    </div>
  </li>`;
}

export function renderDeskReports(p: ReportsPage): SafeHtml {
  const heading = p.post ? html`Error reports on “${p.post.title}”` : html`Readers' error reports`;
  return html`<section class="desk desk-reports" aria-labelledby="desk-reports-heading">
    <h1 id="desk-reports-heading">${heading}</h1>
    <p>Open reports from readers, newest first.${p.post ? html` <a href="/desk/reports">All articles' reports</a> · <a href="/desk/posts/${encodeURIComponent(p.post.id)}/edit">Back to the editor</a>` : ''}</p>
    ${p.done ? html`<p role="status" class="desk-saved">${REPORT_DONE_MESSAGES[p.done]}</p>` : ''}
    ${p.failure && !p.reports.some((r) => r.id === p.failure!.reportId) ? html`<div class="form-error" role="alert"><p>${p.failure.message}</p></div>` : ''}
    ${p.reports.length ? html`<ol class="desk-report-list">${p.reports.map((r) => reportItem(p, r))}</ol>` : html`<p>No open reports.</p>`}
  </section>`;
}

export function renderDeskCorrections(p: Omit<CorrectionsPart, 'headingLevel'> & { title: string }): SafeHtml {
  return html`<section class="desk desk-reports" aria-labelledby="desk-corrections-heading">
    <p><a href="/desk/posts/${encodeURIComponent(p.postId)}/edit">Back to the editor of “${p.title}”</a></p>
    ${correctionsPart({ ...p, headingLevel: 'h1' })}
  </section>`;
}
