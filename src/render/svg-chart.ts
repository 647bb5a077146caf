// Small bar and line charts drawn on the server as inline SVG: an image with a name and a
// description for screen readers (role="img", <title>, <desc>, aria-labelledby), the same
// numbers in a table beside it, colours from CSS classes (the CSP allows no style=""), and a
// viewBox so it scales with its container. Pure: no Node imports.
import { html, type SafeHtml } from './html.ts';

export interface ChartSeries {
  /** Shown in the legend and the table's column heading. */
  name: string;
  /** A CSS class giving the series its colour (fill for bars, stroke for lines). */
  className: string;
  values: number[];
}

export interface ChartInput {
  /** Unique on the page: prefixes the ids of the title and description. */
  id: string;
  title: string;
  /** One or two sentences saying what the chart shows (totals, the highest point). */
  description: string;
  kind: 'bar' | 'line';
  /** Bars only: series stacked on one another rather than side by side. */
  stacked?: boolean;
  /** One short label per point, for the axis. */
  labels: string[];
  /** One full label per point, for the table's row headings. */
  longLabels: string[];
  /** The table's first column heading ("Day", "Week"). */
  pointName: string;
  series: ChartSeries[];
}

const WIDTH = 480;
const HEIGHT = 220;
const MARGIN = { top: 12, right: 8, bottom: 30, left: 40 };
const MAX_AXIS_LABELS = 6;
const PLOT_W = WIDTH - MARGIN.left - MARGIN.right;
const PLOT_H = HEIGHT - MARGIN.top - MARGIN.bottom;

const round = (n: number) => Math.round(n * 10) / 10;

/** A whole-number tick step of 1, 2 or 5 × 10^k giving about four steps up to max. */
export function axisScale(max: number): { top: number; step: number } {
  if (max <= 0) return { top: 1, step: 1 };
  const rough = Math.max(1, max / 4);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough)!;
  return { top: Math.ceil(max / step) * step, step };
}

function totals(input: ChartInput): number[] {
  return input.labels.map((_, i) => input.series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
}

function grid(top: number, step: number): SafeHtml[] {
  const lines: SafeHtml[] = [];
  for (let value = 0; value <= top; value += step) {
    const y = round(MARGIN.top + PLOT_H - (value / top) * PLOT_H);
    lines.push(html`<line class="chart-gridline" x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y}" y2="${y}" />
      <text class="chart-axis" x="${MARGIN.left - 6}" y="${round(y + 4)}" text-anchor="end" font-size="13">${value}</text>`);
  }
  return lines;
}

function axisLabels(labels: string[], band: number): SafeHtml[] {
  const every = Math.ceil(labels.length / MAX_AXIS_LABELS);
  return labels.flatMap((label, i) =>
    i % every === 0
      ? [
          html`<text class="chart-axis" x="${round(MARGIN.left + band * (i + 0.5))}" y="${HEIGHT - 8}" text-anchor="middle" font-size="13">${label}</text>`,
        ]
      : [],
  );
}

function bars(input: ChartInput, top: number, band: number): SafeHtml[] {
  const scale = (v: number) => (v / top) * PLOT_H;
  const shapes: SafeHtml[] = [];
  input.labels.forEach((label, i) => {
    let stackedBase = 0;
    input.series.forEach((series, s) => {
      const value = series.values[i] ?? 0;
      const slot = input.stacked || input.series.length === 1 ? band : band / input.series.length;
      const width = Math.max(1, slot * 0.7);
      const x = MARGIN.left + band * i + (input.stacked ? 0 : slot * s) + (slot - width) / 2;
      const base = input.stacked ? stackedBase : 0;
      stackedBase += value;
      if (value <= 0) return;
      const y = MARGIN.top + PLOT_H - scale(base + value);
      shapes.push(
        html`<rect class="chart-bar ${series.className}" x="${round(x)}" y="${round(y)}" width="${round(width)}" height="${round(scale(value))}"><title>${label}: ${value} ${series.name.toLowerCase()}</title></rect>`,
      );
    });
  });
  return shapes;
}

function lines(input: ChartInput, top: number, band: number): SafeHtml[] {
  return input.series.map((series) => {
    const points = series.values.map((value, i) => ({
      x: round(MARGIN.left + band * (i + 0.5)),
      y: round(MARGIN.top + PLOT_H - (value / top) * PLOT_H),
      value,
      label: input.labels[i],
    }));
    return html`<polyline class="chart-line ${series.className}" fill="none" stroke-width="2" points="${points.map((p) => `${p.x},${p.y}`).join(' ')}" />
      ${points.map((p) => html`<circle class="chart-point ${series.className}" cx="${p.x}" cy="${p.y}" r="3"><title>${p.label}: ${p.value} ${series.name.toLowerCase()}</title></circle>`)}`;
  });
}

function table(input: ChartInput): SafeHtml {
  const sums = totals(input);
  const showTotal = input.series.length > 1;
  return html`<details class="chart-data">
    <summary>${input.title}: the numbers</summary>
    <table class="desk-table chart-table">
      <caption>${input.title}</caption>
      <thead>
        <tr><th scope="col">${input.pointName}</th>${input.series.map((s) => html`<th scope="col" class="desk-number">${s.name}</th>`)}${showTotal ? html`<th scope="col" class="desk-number">Total</th>` : ''}</tr>
      </thead>
      <tbody>
        ${input.longLabels.map(
          (label, i) =>
            html`<tr><th scope="row">${label}</th>${input.series.map((s) => html`<td class="desk-number">${s.values[i] ?? 0}</td>`)}${showTotal ? html`<td class="desk-number">${sums[i]}</td>` : ''}</tr>`,
        )}
      </tbody>
    </table>
  </details>`;
}

function legend(input: ChartInput): SafeHtml | '' {
  if (input.series.length < 2) return '';
  return html`<ul class="chart-legend">
    ${input.series.map((s) => html`<li><span class="chart-swatch ${s.className}" aria-hidden="true"></span>${s.name}</li>`)}
  </ul>`;
}

export function renderChart(input: ChartInput): SafeHtml {
  const points = input.labels.length;
  const peak =
    input.kind === 'bar' && input.stacked ? Math.max(0, ...totals(input)) : Math.max(0, ...input.series.flatMap((s) => s.values));
  const { top, step } = axisScale(peak);
  const band = PLOT_W / Math.max(1, points);
  const titleId = `${input.id}-title`;
  const descId = `${input.id}-desc`;
  return html`<figure class="chart chart-${input.kind}">
    <svg class="chart-svg" role="img" aria-labelledby="${titleId} ${descId}" viewBox="0 0 ${WIDTH} ${HEIGHT}" preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg">
      <title id="${titleId}">${input.title}</title>
      <desc id="${descId}">${input.description}</desc>
      <g class="chart-grid">${grid(top, step)}</g>
      <g class="chart-marks">${input.kind === 'bar' ? bars(input, top, band) : lines(input, top, band)}</g>
      <line class="chart-baseline" x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${MARGIN.top + PLOT_H}" y2="${MARGIN.top + PLOT_H}" />
      <g class="chart-labels">${axisLabels(input.labels, band)}</g>
    </svg>
    ${legend(input)} ${table(input)}
  </figure>`;
}
