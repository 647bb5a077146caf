import { describe, expect, it } from 'vitest';
import { axisScale, renderChart } from './svg-chart.ts';

const chart = (kind: 'bar' | 'line', stacked = false) =>
  renderChart({
    id: 'c',
    title: 'Comments <per> day',
    description: 'Nine in all.',
    kind,
    stacked,
    labels: ['1 Mar', '2 Mar', '3 Mar'],
    longLabels: ['Sun 1 Mar 2026', 'Mon 2 Mar 2026', 'Tue 3 Mar 2026'],
    pointName: 'Day',
    series: [
      { name: 'New', className: 'chart-series-new', values: [1, 0, 4] },
      { name: 'Returning', className: 'chart-series-returning', values: [2, 0, 2] },
    ],
  }).value;

describe('server-drawn charts', () => {
  it('is an image named by its title and description, escaped, without style attributes', () => {
    const svg = chart('bar');
    expect(svg).toContain('<svg class="chart-svg" role="img" aria-labelledby="c-title c-desc" viewBox="0 0 480 220"');
    expect(svg).toContain('<title id="c-title">Comments &lt;per&gt; day</title>');
    expect(svg).toContain('<desc id="c-desc">Nine in all.</desc>');
    expect(svg).not.toContain('style=');
  });

  it('draws a bar per non-zero value and puts every value in the table', () => {
    const svg = chart('bar', true);
    expect(svg.match(/<rect class="chart-bar /g)).toHaveLength(4);
    // Stacked: the axis reaches the tallest total (6), in whole steps.
    expect(svg).toContain('>6</text>');
    expect(svg).toContain(
      '<tr><th scope="row">Mon 2 Mar 2026</th><td class="desk-number">0</td><td class="desk-number">0</td><td class="desk-number">0</td></tr>',
    );
    expect(svg).toContain('<li><span class="chart-swatch chart-series-new" aria-hidden="true"></span>New</li>');
  });

  it('draws lines through every point', () => {
    const svg = chart('line');
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    expect(svg.match(/<circle /g)).toHaveLength(6);
  });

  it('chooses whole-number axis steps', () => {
    expect([0, 1, 3, 7, 9, 42, 180].map(axisScale)).toEqual([
      { top: 1, step: 1 },
      { top: 1, step: 1 },
      { top: 3, step: 1 },
      { top: 8, step: 2 },
      { top: 10, step: 5 },
      { top: 60, step: 20 },
      { top: 200, step: 50 },
    ]);
  });
});
