// RTO over past drills as inline SVG: one bar per drill (oldest left; green pass / red fail plus a ✓/✗ mark, never
// colour alone), a dashed line at the target RTO, and a text alternative listing every drill for screen readers.
import { el } from '../app/dom';
import { formatUtc } from '../app/format';
import { formatDuration } from './DrillFormat';

export interface ChartDrill {
  id: number;
  passed: boolean;
  startedAt: number;
  rtoMs: number;
  rtoTargetMs: number;
  runbook: string;
}

const SVG = 'http://www.w3.org/2000/svg';
const W = 640;
const H = 220;
const PAD = { left: 70, right: 16, top: 16, bottom: 36 };

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

export function drillChart(drills: readonly ChartDrill[]): HTMLElement {
  const ordered = [...drills].sort((a, b) => a.startedAt - b.startedAt || a.id - b.id);
  const target = Math.max(...ordered.map((d) => d.rtoTargetMs), 1);
  const max = Math.max(target * 1.15, ...ordered.map((d) => d.rtoMs * 1.1), 1);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const y = (ms: number) => PAD.top + plotH - (ms / max) * plotH;
  const slot = plotW / Math.max(ordered.length, 1);
  const barW = Math.min(48, slot * 0.6);
  const summary = `RTO of ${ordered.length} drill${ordered.length === 1 ? '' : 's'} against the target of ${formatDuration(target)}.`;

  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': 'drill-chart-title', class: 'drill-chart-svg', 'data-testid': 'drill-chart-svg' });
  chart.append(svg('title', { id: 'drill-chart-title' }, summary));
  chart.append(svg('line', { x1: PAD.left, y1: PAD.top + plotH, x2: W - PAD.right, y2: PAD.top + plotH, class: 'drill-chart-axis' }));
  chart.append(svg('line', { x1: PAD.left, y1: PAD.top, x2: PAD.left, y2: PAD.top + plotH, class: 'drill-chart-axis' }));
  chart.append(svg('text', { x: PAD.left - 6, y: PAD.top + plotH, class: 'drill-chart-label', 'text-anchor': 'end' }, '0'));
  ordered.forEach((drill, index) => {
    const cx = PAD.left + slot * index + slot / 2;
    // A drill measured at 0 ms still gets a sliver, so every drill is visible.
    const top = Math.min(y(drill.rtoMs), PAD.top + plotH - 2);
    const bar = svg('rect', {
      x: cx - barW / 2,
      y: top,
      width: barW,
      height: PAD.top + plotH - top,
      class: `drill-chart-bar ${drill.passed ? 'drill-chart-pass' : 'drill-chart-fail'}`,
      'data-testid': 'drill-chart-bar',
      'data-id': drill.id,
      'data-passed': String(drill.passed),
      'data-rto-ms': drill.rtoMs,
    });
    bar.append(svg('title', {}, `Drill ${drill.id}: ${drill.passed ? 'passed' : 'failed'}, RTO ${formatDuration(drill.rtoMs)}`));
    chart.append(bar);
    chart.append(svg('text', { x: cx, y: top - 4, class: 'drill-chart-label', 'text-anchor': 'middle' }, drill.passed ? '✓' : '✗'));
    chart.append(svg('text', { x: cx, y: H - PAD.bottom + 16, class: 'drill-chart-label', 'text-anchor': 'middle' }, `#${drill.id}`));
  });
  const ty = y(target);
  chart.append(svg('line', { x1: PAD.left, y1: ty, x2: W - PAD.right, y2: ty, class: 'drill-chart-target', 'data-testid': 'drill-chart-target' }));
  chart.append(svg('text', { x: PAD.left - 6, y: ty + 4, class: 'drill-chart-label', 'text-anchor': 'end' }, formatDuration(target)));
  chart.append(svg('text', { x: W - PAD.right, y: ty - 4, class: 'drill-chart-label', 'text-anchor': 'end' }, 'target RTO'));

  const alternative = el('table', { className: 'data-table drill-chart-table', testid: 'drill-chart-table' }, [
    el('caption', {}, [summary]),
    el('thead', {}, [el('tr', {}, ['Drill', 'Date', 'Runbook', 'Result', 'RTO', 'Target'].map((h) => el('th', { attrs: { scope: 'col' } }, [h])))]),
    el(
      'tbody',
      {},
      ordered.map((d) =>
        el('tr', {}, [
          el('td', {}, [`#${d.id}`]),
          el('td', {}, [formatUtc(d.startedAt)]),
          el('td', {}, [d.runbook]),
          el('td', {}, [d.passed ? '✓ passed' : '✗ failed']),
          el('td', { className: 'num' }, [formatDuration(d.rtoMs)]),
          el('td', { className: 'num' }, [formatDuration(d.rtoTargetMs)]),
        ]),
      ),
    ),
  ]);
  const details = el('details', { className: 'drill-chart-details' }, [el('summary', {}, ['The chart as a table']), alternative]);
  const figure = el('figure', { className: 'drill-chart', testid: 'drill-chart', attrs: { 'data-count': String(ordered.length) } }, [el('figcaption', { className: 'muted' }, [summary])]);
  figure.prepend(chart);
  figure.append(details);
  return figure;
}
