// /desk/front-page: editors choose the home page's lead story and up to six featured stories,
// the rest following by date. A plain form of seven selects, so it works without JavaScript and
// by keyboard; the order of the featured slots is the order on the page.
import { html, trusted, type SafeHtml } from '../../../render/html.ts';
import type { HomeArrangement, HomeCandidate } from '../../../domain/posts/home.ts';
import { MAX_FEATURED } from '../../../domain/posts/home.ts';
import { csrfField } from '../forms.ts';

export interface FrontPageForm {
  arrangement: HomeArrangement;
  candidates: HomeCandidate[];
  csrfToken: string | null;
  saved: boolean;
  /** `field` is the form's: 'lead' or 'featured-N' (1–6). */
  error?: { message: string; field?: string } | null;
}

function options(candidates: HomeCandidate[], chosen: string | null | undefined, none: string): SafeHtml[] {
  return [
    html`<option value="">${none}</option>`,
    ...candidates.map(
      (c) =>
        html`<option value="${c.id}"${c.id === chosen ? trusted(' selected') : ''}>${c.title}${c.scheduled ? ' (scheduled)' : ''}</option>`,
    ),
  ];
}

function slot(o: FrontPageForm, name: string, label: string, chosen: string | null | undefined, none: string): SafeHtml {
  const id = `desk-home-${name}`;
  const fault = o.error?.field === name;
  return html`<div class="field">
    <label for="${id}">${label}</label>${fault ? html`<p id="${id}-error" class="field-error">${o.error!.message}</p>` : ''}
    <select id="${id}" name="${name}"${fault ? trusted(` aria-invalid="true" aria-describedby="${id}-error"`) : ''}>
      ${options(o.candidates, chosen, none)}
    </select>
  </div>`;
}

export function renderDeskFrontPage(o: FrontPageForm): SafeHtml {
  const featured = Array.from({ length: MAX_FEATURED }, (_, i) => o.arrangement.featured[i]);
  return html`<section class="desk" aria-labelledby="desk-front-heading">
    <h1 id="desk-front-heading">Home page</h1>
    <p>
      Choose the lead story and up to six featured stories; every other article follows by date. A scheduled article may be
      chosen ahead of its time: it appears when it is published.
    </p>
    ${o.saved ? html`<p role="status" class="desk-saved">Home page saved.</p>` : ''}
    ${o.error ? html`<div class="form-error" role="alert"><p>${o.error.message}</p></div>` : ''}
    <form method="post" action="/desk/front-page" class="desk-front-page">
      ${csrfField(o.csrfToken)} ${slot(o, 'lead', 'Lead story', o.arrangement.lead, 'None: the newest article leads')}
      <fieldset>
        <legend>Featured stories, in order</legend>
        ${featured.map((id, i) => slot(o, `featured-${i + 1}`, `Featured ${i + 1}`, id, 'None'))}
      </fieldset>
      <p><button type="submit" class="desk-primary">Save home page</button></p>
    </form>
  </section>`;
}
