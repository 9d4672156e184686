/**
 * Vega-Lite specs beyond plot.ts's lineChart: faceted histograms with a reference rule per panel, and grouped bars
 * (for success rates and final losses), model-vs-data bars at the data's most probable strings (a run's and a
 * comparison's). Rendered by plot.ts's savePlot.
 */
import { VegaLiteSpec } from './plot';

/** One histogram panel per `panel` value, bars over [x0, x1), a vertical rule at each panel's `rule`. */
export function facetedHistogram(opts: {
  title: string;
  xLabel: string;
  panelLabel: string;
  ruleLabel: string;
  panels: { panel: string; rule: number; bins: { x0: number; x1: number; count: number }[] }[];
  columns?: number;
}): VegaLiteSpec {
  const values = opts.panels.flatMap((p) => p.bins.map((b) => ({ panel: p.panel, ...b, rule: p.rule })));
  return {
    title: opts.title,
    data: { values },
    facet: { field: 'panel', type: 'ordinal', title: opts.panelLabel, sort: opts.panels.map((p) => p.panel) },
    columns: opts.columns ?? 3,
    spec: {
      width: 200,
      height: 130,
      layer: [
        {
          mark: { type: 'rect', color: '#4c78a8' },
          encoding: {
            x: { field: 'x0', type: 'quantitative', title: opts.xLabel },
            x2: { field: 'x1' },
            y: { field: 'count', type: 'quantitative', title: 'instances' },
          },
        },
        {
          mark: { type: 'rule', color: '#e45756', strokeWidth: 2 },
          encoding: { x: { field: 'rule', type: 'quantitative', aggregate: 'max', title: opts.ruleLabel } },
        },
      ],
    },
  };
}

/** Grouped bars: one group per `group`, one bar per `series`, with optional error bars [lo, hi]. */
export function groupedBars(opts: {
  title: string;
  yLabel: string;
  groupLabel: string;
  rows: { group: string; series: string; y: number; lo?: number; hi?: number }[];
  logY?: boolean;
}): VegaLiteSpec {
  const y = { field: 'y', type: 'quantitative', title: opts.yLabel, ...(opts.logY ? { scale: { type: 'log' } } : {}) };
  // a bar on a log axis cannot start at 0 (log 0 puts NaN into the SVG and draws nothing): it starts at the decade
  // strictly below the smallest value shown, so that the smallest bar has a height too
  const shown = opts.rows.flatMap((r) => [r.y, r.lo ?? r.y]).filter((v) => v > 0);
  const base = opts.logY
    ? { y2: { datum: 10 ** (Math.ceil(Math.log10(shown.length ? Math.min(...shown) : 1)) - 1) } }
    : {};
  return {
    title: opts.title,
    data: { values: opts.rows },
    facet: { column: { field: 'group', type: 'nominal', title: opts.groupLabel } },
    spec: {
      width: { step: 22 },
      height: 220,
      layer: [
        {
          mark: 'bar',
          encoding: {
            x: { field: 'series', type: 'nominal', title: null },
            y,
            ...base,
            color: { field: 'series', type: 'nominal', title: null },
          },
        },
        ...(opts.rows.some((r) => r.lo !== undefined)
          ? [
              {
                mark: { type: 'rule', color: 'black' },
                encoding: { x: { field: 'series', type: 'nominal' }, y: { ...y, field: 'lo' }, y2: { field: 'hi' } },
              },
            ]
          : []),
      ],
    },
  };
}

/** Colours of a legend in series order (the comparison's losses), and its label width. */
export const LEGEND = { labelLimit: 420 };
export const PALETTE = [
  '#4c78a8',
  '#f58518',
  '#54a24b',
  '#e45756',
  '#72b7b2',
  '#b279a2',
  '#eeca3b',
  '#9d755d',
  '#ff9da6',
  '#79706e',
  '#bab0ac',
];

/** Data p̃ and each loss's model q at the data's most probable bitstrings (groups in data order). */
export function modelVsDataBars(o: {
  title: string;
  groups: string[];
  rows: { group: string; series: string; y: number }[];
  order: string[];
}): VegaLiteSpec {
  const order = ['data', ...o.order];
  return {
    title: o.title,
    data: { values: o.rows },
    facet: {
      column: {
        field: 'group',
        type: 'nominal',
        title: 'data rank · bitstring (qubit 0 first)',
        sort: o.groups,
        header: { labelAngle: -60, labelAlign: 'right', labelFontSize: 9 },
      },
    },
    spec: {
      width: { step: 7 },
      height: 200,
      mark: 'bar',
      encoding: {
        x: { field: 'series', type: 'nominal', title: null, sort: order, axis: { labels: false, ticks: false } },
        y: { field: 'y', type: 'quantitative', title: 'probability' },
        color: {
          field: 'series',
          type: 'nominal',
          title: null,
          scale: { domain: order, range: ['#222222', ...PALETTE] },
          legend: LEGEND,
        },
      },
    },
    config: { facet: { spacing: 4 } },
  };
}
