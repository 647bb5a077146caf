// The editor's part for beside the form: this post's latest revisions (and the way to all of
// them), its correction and update notes (editors add them to published articles and remove them)
// and the readers' error reports still open on it (editors). Plain forms; no script needed.
import { html, trusted, type SafeHtml } from '../../../render/html.ts';
import type { ErrorReportView } from '../../../domain/posts/error-reports.ts';
import type { RevisionSummary } from '../../../domain/posts/revisions.ts';
import type { PostCorrection } from '../../../domain/records.ts';
import { when } from '../components.ts';
import { csrfField } from '../forms.ts';
import type { EditorPage } from './desk-editor.ts';
import { KIND_LABELS } from './desk-revisions.ts';

export interface EditorAsideData {
  /** The newest revisions (a page of them) for the summary. */
  revisions: RevisionSummary[];
  /** Null for a page: correction notes go on articles. */
  corrections: PostCorrection[] | null;
  /** Editors on a published article may add a note. */
  mayAddCorrection: boolean;
  /** Editors may remove notes. */
  mayRemoveCorrection: boolean;
  /** The article is live (a scheduled one whose time has come counts). */
  published: boolean;
  /** Open reports on this post; null for those who do not handle reports (authors). */
  reports: ErrorReportView[] | null;
}

export const CORRECTION_KIND_LABELS: Record<string, string> = { correction: 'Correction', update: 'Update' };

export interface CorrectionsPart {
  postId: string;
  corrections: PostCorrection[];
  mayAdd: boolean;
  mayRemove: boolean;
  csrfToken: string | null;
  /** A refused add: the message at its field, the values kept. */
  error?: { message: string; field?: string } | null;
  values?: { kind: string; text: string };
  /** Published or not: says why there is no add form for an editor. */
  published: boolean;
  headingLevel: 'h1' | 'h2';
}

/** The notes with Remove, and the add form: in the editor's aside and on /desk/posts/:id/corrections. */
export function correctionsPart(p: CorrectionsPart): SafeHtml {
  const base = `/desk/posts/${encodeURIComponent(p.postId)}/corrections`;
  const kind = p.values?.kind ?? 'correction';
  const fault = (field: string) => p.error?.field === field;
  const faultAttrs = (field: string) =>
    fault(field) ? trusted(` aria-invalid="true" aria-describedby="desk-correction-${field}-error"`) : '';
  const fieldError = (field: string) =>
    fault(field) ? html`<p id="desk-correction-${field}-error" class="field-error">${p.error!.message}</p>` : '';
  return html`<section class="desk-aside-part desk-corrections" aria-labelledby="desk-corrections-heading">
    ${trusted(`<${p.headingLevel} id="desk-corrections-heading">`)}Corrections and updates${trusted(`</${p.headingLevel}>`)}
    ${
      p.corrections.length
        ? html`<ol class="desk-correction-list">
      ${p.corrections.map(
        (c) => html`<li>
        <p><strong>${CORRECTION_KIND_LABELS[c.kind] ?? c.kind}</strong>, ${when(c.created_at)}: ${c.text}</p>
        ${
          p.mayRemove
            ? html`<form method="post" action="${base}/${encodeURIComponent(c.id)}/remove">
          ${csrfField(p.csrfToken)}<button type="submit">Remove<span class="visually-hidden"> the ${(CORRECTION_KIND_LABELS[c.kind] ?? c.kind).toLowerCase()} note of ${c.created_at.slice(0, 16).replace('T', ' ')} UTC</span></button>
        </form>`
            : ''
        }
      </li>`,
      )}
    </ol>`
        : html`<p>No correction or update notes.</p>`
    }
    ${p.error && !p.error.field ? html`<div class="form-error" role="alert"><p>${p.error.message}</p></div>` : ''}
    ${
      p.mayAdd
        ? html`<form method="post" action="${base}" class="desk-correction-form">
      ${csrfField(p.csrfToken)}
      <fieldset>
        <legend>Add correction or update note</legend>
        <div class="field">
          <label for="desk-correction-kind">Kind</label>${fieldError('kind')}
          <select id="desk-correction-kind" name="kind"${faultAttrs('kind')}>
            <option value="correction"${kind === 'correction' ? trusted(' selected') : ''}>Correction: something was wrong</option>
            <option value="update"${kind === 'update' ? trusted(' selected') : ''}>Update: something new happened</option>
          </select>
        </div>
        <div class="field">
          <label for="desk-correction-text">Note</label>
          <p id="desk-correction-text-hint" class="hint">Shown, dated, on the article; it also updates its feed entry.</p>
          ${fieldError('text')}
          <textarea id="desk-correction-text" name="text" rows="3" maxlength="2000" required${fault('text') ? trusted(' aria-invalid="true" aria-describedby="desk-correction-text-hint desk-correction-text-error"') : trusted(' aria-describedby="desk-correction-text-hint"')}>${p.values?.text ?? ''}</textarea>
        </div>
        <p><button type="submit">Add note</button></p>
      </fieldset>
    </form>`
        : p.mayRemove && !p.published
          ? html`<p class="hint">Correction notes go on published articles: publish it first.</p>`
          : ''
    }
  </section>`;
}

function revisionsPart(postId: string, revisions: RevisionSummary[]): SafeHtml {
  const all = `/desk/posts/${encodeURIComponent(postId)}/revisions`;
  const count = revisions.length >= 50 ? '50+' : String(revisions.length);
  return html`<section class="desk-aside-part" aria-labelledby="desk-aside-revisions-heading">
    <h2 id="desk-aside-revisions-heading">Revisions</h2>
    <ul class="desk-aside-list">
      ${revisions
        .slice(0, 3)
        .map(
          (r) =>
            html`<li>${KIND_LABELS[r.kind]} by ${r.author?.name || 'someone unknown'}, ${when(r.createdAt)}${r.live ? '' : ' (kept beside)'}</li>`,
        )}
    </ul>
    <p><a href="${all}">All revisions (${count})</a>: compare any two, restore one.</p>
  </section>`;
}

function reportsPart(postId: string, reports: ErrorReportView[]): SafeHtml {
  return html`<section class="desk-aside-part" aria-labelledby="desk-aside-reports-heading">
    <h2 id="desk-aside-reports-heading">Readers' error reports</h2>
    ${
      reports.length
        ? html`<ul class="desk-aside-list">
      ${reports.slice(0, 5).map((r) => html`<li>${when(r.created_at)}: “${r.text.length > 160 ? `${r.text.slice(0, 160)}…` : r.text}”</li>`)}
    </ul>
    <p><a href="/desk/reports?post=${encodeURIComponent(postId)}">Answer, dismiss or make a correction (${String(reports.length)} open)</a></p>`
        : html`<p>No open reports.</p>`
    }
  </section>`;
}

export function editorAside(p: EditorPage): SafeHtml | '' {
  const data = p.aside;
  if (!p.post || !data) return '';
  return html`<aside class="desk-aside" aria-label="Revisions, corrections and reports">
    ${revisionsPart(p.post.id, data.revisions)}
    ${
      data.corrections
        ? correctionsPart({
            postId: p.post.id,
            corrections: data.corrections,
            mayAdd: data.mayAddCorrection,
            mayRemove: data.mayRemoveCorrection,
            csrfToken: p.csrfToken,
            published: data.published,
            headingLevel: 'h2',
          })
        : ''
    }
    ${data.reports ? reportsPart(p.post.id, data.reports) : ''}
  </aside>`;
}
