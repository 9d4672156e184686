/**
 * Vega-Lite specs beyond plot.ts's lineChart: faceted histograms with a reference rule per panel, and grouped bars
 * (for success rates and final losses). Rendered by plot.ts's savePlot.
 */
import { VegaLiteSpec } from './plot';

/** One histogram panel per `panel` value, bars over [x0, x1), a vertical rule at each panel's `rule`. */
export function facetedHistogram(opts: {
  title: string; xLabel: string; panelLabel: string; ruleLabel: string;
  panels: { panel: string; rule: number; bins: { x0: number; x1: number; count: number }[] }[]; columns?: number;
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
        { mark: { type: 'rect', color: '#4c78a8' }, encoding: { x: { field: 'x0', type: 'quantitative', title: opts.xLabel }, x2: { field: 'x1' }, y: { field: 'count', type: 'quantitative', title: 'instances' } } },
        { mark: { type: 'rule', color: '#e45756', strokeWidth: 2 }, encoding: { x: { field: 'rule', type: 'quantitative', aggregate: 'max', title: opts.ruleLabel } } },
      ],
    },
  };
}

/** Grouped bars: one group per `group`, one bar per `series`, with optional error bars [lo, hi]. */
export function groupedBars(opts: {
  title: string; yLabel: string; groupLabel: string;
  rows: { group: string; series: string; y: number; lo?: number; hi?: number }[]; logY?: boolean;
}): VegaLiteSpec {
  const y = { field: 'y', type: 'quantitative', title: opts.yLabel, ...(opts.logY ? { scale: { type: 'log' } } : {}) };
  // a bar on a log axis cannot start at 0 (log 0 puts NaN into the SVG and draws nothing): it starts at the decade
  // strictly below the smallest value shown, so that the smallest bar has a height too
  const shown = opts.rows.flatMap((r) => [r.y, r.lo ?? r.y]).filter((v) => v > 0);
  const base = opts.logY ? { y2: { datum: 10 ** (Math.ceil(Math.log10(shown.length ? Math.min(...shown) : 1)) - 1) } } : {};
  return {
    title: opts.title,
    data: { values: opts.rows },
    facet: { column: { field: 'group', type: 'nominal', title: opts.groupLabel } },
    spec: {
      width: { step: 22 },
      height: 220,
      layer: [
        { mark: 'bar', encoding: { x: { field: 'series', type: 'nominal', title: null }, y, ...base, color: { field: 'series', type: 'nominal', title: null } } },
        ...(opts.rows.some((r) => r.lo !== undefined)
          ? [{ mark: { type: 'rule', color: 'black' }, encoding: { x: { field: 'series', type: 'nominal' }, y: { ...y, field: 'lo' }, y2: { field: 'hi' } } }]
          : []),
      ],
    },
  };
}
