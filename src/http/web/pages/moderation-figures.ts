// The moderation log's account of the spam defence: of the comments moderators decided lately,
// how the pipeline had screened them (the figures `gazette spam evaluate` prints for an export).
import { html, type SafeHtml } from '../../../render/html.ts';
import type { RecentEvaluation } from '../../../domain/moderation/evaluation.ts';
import { logQueryString } from './moderation-log.ts';

const percent = (share: number | null) => (share === null ? 'n/a' : `${(share * 100).toFixed(1)}%`);
const count = (n: number) => n.toLocaleString('en');

export function renderFigures(figures: RecentEvaluation): SafeHtml {
  const { truePositive: tp, falsePositive: fp, trueNegative: tn, falseNegative: fn } = figures.confusion;
  const intro = html`<h2 id="figures-heading">How screening did: the last ${figures.days} days</h2>`;
  if (figures.total === 0)
    return html`<section class="mod-figures" aria-labelledby="figures-heading">
  ${intro}
  <p>No comment was marked spam, approved or marked not spam in the last ${figures.days} days: nothing to measure against yet.</p>
</section>`;
  const mistakes = figures.mistakes.map(
    (m) => html`<li><a href="${logQueryString({ comment: m.id })}">${m.excerpt === '' ? '(an empty comment)' : `“${m.excerpt}”`}</a>:
    ${m.label === 'spam' ? 'spam the pipeline published' : `an ordinary comment it ${m.outcome === 'spam' ? 'marked spam' : 'held'}`}
    (sure to ${m.confidence.toFixed(2)})
    <ul>${m.reasons.map((r) => html`<li>${r}</li>`)}</ul></li>`,
  );
  return html`<section class="mod-figures" aria-labelledby="figures-heading">
  ${intro}
  <p>Of the ${count(figures.total)} comments moderators marked spam, approved or marked not spam, how the pipeline had screened them when they came in (caught: held or marked spam).</p>
  <dl class="mod-figures-rates">
    <dt>Precision</dt><dd>${percent(figures.precision)}: of ${count(tp + fp)} caught, ${count(tp)} were spam</dd>
    <dt>Recall</dt><dd>${percent(figures.recall)}: of ${count(tp + fn)} spam, ${count(tp)} caught</dd>
    <dt>Ordinary comments caught</dt><dd>${percent(figures.falsePositiveRate)} (${count(fp)} of ${count(fp + tn)})</dd>
  </dl>
  <div class="table-scroll"><table class="mod-figures-matrix">
  <caption>Moderators’ decisions against the pipeline’s screening</caption>
  <thead><tr><td></td><th scope="col">Caught</th><th scope="col">Published</th></tr></thead>
  <tbody>
    <tr><th scope="row">Spam</th><td>${count(tp)}</td><td>${count(fn)}</td></tr>
    <tr><th scope="row">Ordinary</th><td>${count(fp)}</td><td>${count(tn)}</td></tr>
  </tbody>
</table></div>
  ${
    mistakes.length > 0
      ? html`<h3>The most confident mistakes</h3>
  <ol class="mod-figures-mistakes">${mistakes}</ol>`
      : ''
  }
</section>`;
}
