/**
 * Vega-Lite specs of the comparison report (rendered by report/plot.ts): metric-vs-step curves with inter-quartile
 * bands, one panel per dataset/depth/shots as in [R]'s figure; final medians with IQR bars per panel; rows of the most
 * probable images (data, then each loss's median-seed model) (model-vs-data bars are report/charts.ts's).
 * Colours follow the spec's loss order in every chart. Pixel q = qubit q = bit q of the bitstring, row-major.
 */
import { VegaLiteSpec } from '../../report/plot';
import { LEGEND, PALETTE } from '../../report/charts';

export interface CurvePanel {
  title: string;
  series: { name: string; points: { x: number; y: number; lo: number; hi: number }[] }[];
}

/** One small chart per panel (wrapped in `columns`), shared colour legend in `order`. */
export function curvePanels(o: {
  title: string;
  yLabel: string;
  panels: CurvePanel[];
  order: string[];
  columns: number;
}): VegaLiteSpec {
  const color = {
    field: 'series',
    type: 'nominal',
    title: 'loss',
    scale: { domain: o.order, range: PALETTE },
    legend: LEGEND,
  };
  const x = { field: 'x', type: 'quantitative', title: 'step' };
  const y = { field: 'y', type: 'quantitative', title: o.yLabel, scale: { zero: false } };
  return {
    title: o.title,
    columns: o.columns,
    resolve: { scale: { color: 'shared' }, legend: { color: 'shared' } },
    concat: o.panels.map((p) => ({
      title: p.title,
      width: 260,
      height: 170,
      data: { values: p.series.flatMap((s) => s.points.map((pt) => ({ series: s.name, ...pt }))) },
      layer: [
        {
          mark: { type: 'area', opacity: 0.18 },
          encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color },
        },
        { mark: { type: 'line', strokeWidth: 1.8 }, encoding: { x, y, color } },
      ],
    })),
  };
}

/** Median final metric per loss with its inter-quartile bar, one facet per panel. */
export function finalBars(o: {
  title: string;
  yLabel: string;
  rows: { panel: string; series: string; y: number; lo: number; hi: number }[];
  order: string[];
  panels: string[];
  columns: number;
  legendTitle?: string;
}): VegaLiteSpec {
  const color = {
    field: 'series',
    type: 'nominal',
    title: o.legendTitle ?? 'loss',
    scale: { domain: o.order, range: PALETTE },
    legend: LEGEND,
  };
  const x = { field: 'series', type: 'nominal', title: null, sort: o.order, axis: { labels: false, ticks: false } };
  const y = { field: 'y', type: 'quantitative', title: o.yLabel };
  return {
    title: o.title,
    data: { values: o.rows },
    columns: o.columns,
    facet: { field: 'panel', type: 'nominal', title: null, sort: o.panels, header: { labelFontSize: 11 } },
    spec: {
      width: { step: 18 },
      height: 170,
      layer: [
        { mark: 'bar', encoding: { x, y, color } },
        { mark: { type: 'rule', color: 'black' }, encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' } } },
      ],
    },
  };
}

export interface ImageRow {
  title: string;
  /** Most probable first: basis index (n ≤ 30) or bitstring (qubit 0 first, any width) and probability. */
  entries: ({ index: number; p: number } | { bitstring: string; p: number })[];
}

/** One row of small images per entry of `rows`, each image labelled with its rank and probability. */
export function imageRows(o: { title: string; rows: ImageRow[]; gridRows: number; gridCols: number }): VegaLiteSpec {
  const n = o.gridRows * o.gridCols,
    cell = Math.max(6, Math.floor(48 / Math.max(o.gridRows, o.gridCols)));
  return {
    title: o.title,
    vconcat: o.rows.map((row) => ({
      title: { text: row.title, anchor: 'start', fontSize: 12 },
      data: {
        values: row.entries.flatMap((e, r) =>
          Array.from({ length: n }, (_, q) => ({
            label: `#${r + 1} · ${e.p.toFixed(3)}`,
            rank: r,
            row: Math.floor(q / o.gridCols),
            col: q % o.gridCols,
            on: ('bitstring' in e ? e.bitstring[q] === '1' : (e.index >>> (n - 1 - q)) & 1) ? 'on' : 'off',
          })),
        ),
      },
      columns: Math.max(1, row.entries.length),
      facet: {
        field: 'label',
        type: 'nominal',
        title: null,
        sort: { field: 'rank' },
        header: { labelFontSize: 9, labelPadding: 2 },
      },
      spec: {
        width: cell * o.gridCols,
        height: cell * o.gridRows,
        mark: { type: 'rect', stroke: '#999', strokeWidth: 0.5 },
        encoding: {
          x: { field: 'col', type: 'ordinal', axis: null },
          y: { field: 'row', type: 'ordinal', axis: null },
          color: {
            field: 'on',
            type: 'nominal',
            title: 'pixel',
            scale: { domain: ['off', 'on'], range: ['#f4f4f4', '#1f4e9c'] },
          },
        },
      },
    })),
  };
}
