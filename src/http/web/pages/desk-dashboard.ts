// The newsroom dashboard on /desk: the period (a GET form and plain links, no JavaScript), the
// key figures, three charts (each an accessible SVG with its numbers in a table), the most
// discussed articles, and how each figure is counted.
import { html, trusted, type SafeHtml } from '../../../render/html.ts';
import { safeUrl } from '../../../render/safe-url.ts';
import { renderChart } from '../../../render/svg-chart.ts';
import { formatDuration } from '../../../domain/newsroom/duration.ts';
import { dayLabel, longLabel, PERIOD_LABELS, PERIODS, shortLabel, type BucketUnit, type Period } from '../../../domain/newsroom/period.ts';
import { TOP_ARTICLES, type NewsroomStats } from '../../../domain/newsroom/stats.ts';
import { when } from '../components.ts';

const UNIT_NAMES: Record<BucketUnit, string> = { day: 'day', week: 'week', month: 'month', year: 'year' };
const POINT_NAMES: Record<BucketUnit, string> = { day: 'Day', week: 'Week', month: 'Month', year: 'Year' };

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function periodForm(current: Period, error?: { message: string } | null): SafeHtml {
  return html`<form class="desk-period" method="get" action="/desk" aria-label="Dashboard period">
      <div class="desk-field">
        <label for="desk-period">Period</label>
        ${error ? html`<p id="desk-period-error" class="field-error">Period: ${error.message}</p>` : ''}
        <select id="desk-period" name="period"${error ? trusted(' aria-invalid="true" aria-describedby="desk-period-error"') : ''}>
          ${PERIODS.map((p) => html`<option value="${p}"${p === current ? trusted(' selected') : ''}>${PERIOD_LABELS[p]}</option>`)}
        </select>
      </div>
      <div class="desk-field desk-field-buttons"><button type="submit">Show</button></div>
    </form>
    <ul class="desk-period-links" aria-label="Periods">
      ${PERIODS.map(
        (p) =>
          html`<li><a href="/desk?period=${p}"${p === current && !error ? trusted(' aria-current="page"') : ''}>${PERIOD_LABELS[p]}</a></li>`,
      )}
    </ul>`;
}

/** What the charts describe in words, for screen readers and the <desc>. */
function peakSentence(buckets: { start: string; count: number }[], unit: BucketUnit, what: string): string {
  const total = buckets.reduce((sum, b) => sum + b.count, 0);
  if (total === 0) return `No ${what} in this period.`;
  const peak = buckets.reduce((best, b) => (b.count > best.count ? b : best));
  return `${plural(total, what.replace(/s$/, ''), what)} in all; the most, ${peak.count}, in the ${UNIT_NAMES[unit]} starting ${dayLabel(peak.start)}.`;
}

function commentsChart(s: NewsroomStats): SafeHtml {
  const { unit, buckets } = s.comments;
  return renderChart({
    id: 'chart-comments',
    title: `Comments per ${UNIT_NAMES[unit]}`,
    description: peakSentence(buckets, unit, 'comments'),
    kind: unit === 'day' ? 'line' : 'bar',
    labels: buckets.map((b) => shortLabel(b.start, unit)),
    longLabels: buckets.map((b) => longLabel(b.start, unit)),
    pointName: POINT_NAMES[unit],
    series: [{ name: 'Comments', className: 'chart-series-comments', values: buckets.map((b) => b.count) }],
  });
}

function commentersChart(s: NewsroomStats): SafeHtml {
  const { unit, buckets } = s.commenters;
  const newTotal = buckets.reduce((sum, b) => sum + b.newCount, 0);
  const returningTotal = buckets.reduce((sum, b) => sum + b.returning, 0);
  return renderChart({
    id: 'chart-commenters',
    title: `New and returning commenters per ${UNIT_NAMES[unit]}`,
    description: `Each ${UNIT_NAMES[unit]}: people commenting for the first time, and people who had commented before it. Added up over the ${UNIT_NAMES[unit]}s: ${newTotal} new, ${returningTotal} returning.`,
    kind: 'bar',
    stacked: true,
    labels: buckets.map((b) => shortLabel(b.start, unit)),
    longLabels: buckets.map((b) => longLabel(b.start, unit)),
    pointName: POINT_NAMES[unit],
    series: [
      { name: 'New', className: 'chart-series-new', values: buckets.map((b) => b.newCount) },
      { name: 'Returning', className: 'chart-series-returning', values: buckets.map((b) => b.returning) },
    ],
  });
}

function postsChart(s: NewsroomStats): SafeHtml {
  const { unit, buckets } = s.posts;
  return renderChart({
    id: 'chart-posts',
    title: `Articles published per ${UNIT_NAMES[unit]}`,
    description: peakSentence(buckets, unit, 'articles'),
    kind: 'bar',
    labels: buckets.map((b) => shortLabel(b.start, unit)),
    longLabels: buckets.map((b) => longLabel(b.start, unit)),
    pointName: POINT_NAMES[unit],
    series: [{ name: 'Articles', className: 'chart-series-posts', values: buckets.map((b) => b.count) }],
  });
}

function figures(s: NewsroomStats, mayModerate: boolean): SafeHtml {
  const queue = s.queue.pending;
  const queueText = html`${queue}${queue > 0 && s.queue.oldestAt ? html` <span class="desk-figure-note">(oldest since ${when(s.queue.oldestAt)})</span>` : ''}`;
  return html`<dl class="desk-figures">
    <div><dt>Comments received</dt><dd id="desk-figure-comments">${s.comments.total}</dd></div>
    <div>
      <dt>Commenters</dt>
      <dd id="desk-figure-commenters">${s.commenters.newCount} new, ${s.commenters.returning} returning</dd>
    </div>
    <div>
      <dt>Waiting for moderation now</dt>
      <dd id="desk-figure-queue">${mayModerate ? html`<a href="/admin/moderation">${queueText}</a>` : queueText}</dd>
    </div>
    <div>
      <dt>Median time to a decision</dt>
      <dd id="desk-figure-median">
        ${
          s.decisions.medianSeconds === null
            ? html`—<span class="desk-figure-note">(no comment from this period decided yet)</span>`
            : html`${formatDuration(s.decisions.medianSeconds)}
              <span class="desk-figure-note">(${plural(s.decisions.decided, 'comment')} decided)</span>`
        }
      </dd>
    </div>
    <div><dt>Articles published</dt><dd id="desk-figure-posts">${s.posts.total}</dd></div>
  </dl>`;
}

function topArticles(s: NewsroomStats): SafeHtml {
  if (s.topArticles.length === 0) return html`<p>No article had comments in this period.</p>`;
  return html`<table class="desk-table desk-top-articles">
    <caption class="visually-hidden">The ${s.topArticles.length} articles with the most comments in this period</caption>
    <thead>
      <tr><th scope="col" class="desk-number">Rank</th><th scope="col">Article</th><th scope="col" class="desk-number">Comments</th><th scope="col">Desk</th></tr>
    </thead>
    <tbody>
      ${s.topArticles.map(
        (a, i) => html`<tr>
          <td class="desk-number">${i + 1}</td>
          <td>${a.live ? html`<a href="${safeUrl(`/articles/${a.slug}`)}">${a.title}</a>` : html`${a.title} <span class="desk-kind">(not published)</span>`}</td>
          <td class="desk-number">${a.comments}</td>
          <td>${a.mayEdit ? html`<a href="${safeUrl(`/desk/posts/${encodeURIComponent(a.id)}/edit`)}">Edit<span class="visually-hidden"> ${a.title}</span></a>` : ''}</td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}

function range(s: NewsroomStats): string {
  if (s.period === 'all') {
    return s.empty
      ? 'Nothing has happened yet: no comments and no published articles.'
      : `All time: from the first activity, ${dayLabel(s.firstDay)}, to the latest, ${dayLabel(s.lastDay)} (UTC days).`;
  }
  return `${PERIOD_LABELS[s.period]}: ${dayLabel(s.firstDay)} to ${dayLabel(s.lastDay)}, today included (UTC days).`;
}

export function renderDashboard(s: NewsroomStats, mayModerate: boolean): SafeHtml {
  return html`<p class="desk-period-range">${range(s)}</p>
    ${figures(s, mayModerate)}
    <div class="desk-charts">
      <section aria-labelledby="chart-comments-heading">
        <h3 id="chart-comments-heading">Comments</h3>
        ${commentsChart(s)}
      </section>
      <section aria-labelledby="chart-commenters-heading">
        <h3 id="chart-commenters-heading">New and returning commenters</h3>
        ${commentersChart(s)}
      </section>
      <section aria-labelledby="chart-posts-heading">
        <h3 id="chart-posts-heading">Articles published</h3>
        ${postsChart(s)}
      </section>
    </div>
    <section aria-labelledby="desk-top-heading">
      <h3 id="desk-top-heading">Most discussed</h3>
      ${topArticles(s)}
    </section>
    <section aria-labelledby="desk-counting-heading" class="desk-counting">
      <h3 id="desk-counting-heading">How these are counted</h3>
      <ul>
        <li>Comments: every comment received in the period, whatever became of it, except those marked spam.</li>
        <li>
          A new commenter’s first comment ever falls in the period (in the chart: in that ${UNIT_NAMES[s.commenters.unit]}); a returning
          commenter had commented before it began. A commenter is an account, or a guest’s e-mail address.
        </li>
        <li>Waiting for moderation: comments held for a moderator right now, whatever the period.</li>
        <li>
          Time to a decision: for comments that arrived in the period and have been approved, rejected or marked spam (or not spam), the
          median time from arrival to the first such decision.
        </li>
        <li>Articles published: posts (not pages) that went live in the period. Weeks start on Monday.</li>
        <li>Most discussed: the ${TOP_ARTICLES} articles with the most comments received in the period.</li>
      </ul>
    </section>`;
}
