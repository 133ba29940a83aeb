/**
 * Stacked bar charts as SVG, each with the same numbers as a table beside it (screen readers and
 * print read the table; the chart is decoration, aria-hidden). Colours are told apart by pattern
 * of the legend order and by text, not by colour alone.
 */
import { h, svg, table } from './dom.ts';

export interface Series {
  readonly label: string;
  readonly values: Readonly<Record<string, number>>;
}

const COLOURS = ['#1d6b3a', '#2f5fa8', '#8a4b00', '#a11d2b', '#5b4a8a', '#39606b'];

export function stackedBars(title: string, series: readonly Series[], keys: readonly string[]): HTMLElement {
  const width = 600;
  const height = 160;
  const max = Math.max(1, ...series.map((s) => keys.reduce((sum, key) => sum + (s.values[key] ?? 0), 0)));
  const barWidth = series.length === 0 ? 0 : width / series.length;
  const bars = series.flatMap((s, i) => {
    let y = height;
    return keys.map((key, k) => {
      const barHeight = ((s.values[key] ?? 0) / max) * (height - 10);
      y -= barHeight;
      return svg('rect', {
        x: i * barWidth + 1,
        y,
        width: Math.max(1, barWidth - 2),
        height: barHeight,
        fill: COLOURS[k % COLOURS.length]!,
      });
    });
  });
  const legend = h(
    'ul',
    { class: 'legend' },
    ...keys.map((key, k) => h('li', { 'data-colour': String(k % COLOURS.length) }, key)),
  );
  const chart = svg(
    'svg',
    { viewBox: `0 0 ${width} ${height}`, class: 'chart', 'aria-hidden': 'true', focusable: 'false' },
    ...bars,
  );
  const rows = series.map((s) => [s.label, ...keys.map((key) => String(s.values[key] ?? 0))]);
  return h(
    'figure',
    { class: 'chart-figure' },
    h('figcaption', {}, title),
    chart,
    legend,
    h('details', {}, h('summary', {}, `${title}: the numbers`), table(['', ...keys], rows, title)),
  );
}
