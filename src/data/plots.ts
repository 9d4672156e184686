/**
 * Dataset plots as Vega-Lite specs (rendered by report/plot.ts): heatmaps of images (average shower, pixel occupancy),
 * the top-k most probable bitstrings drawn as small images (pixel datasets) or bars, and per-feature histograms in
 * physical units (feature datasets, bin centres from the card's feature map). Pixel q = qubit q, row-major.
 */
import { savePlot, VegaLiteSpec } from '../report/plot';
import { toBitstring } from '../circuit/bits';
import { Dataset, empiricalDistribution } from './dataset';
import { decodeIndex } from './discretise';
import { topK } from './stats';
import { weighted } from './bitRows';
import { dataMoments, summariseRows } from './rowStats';
import type { WideDataset } from './wideData';
import * as path from 'path';

/** Heatmap of a rows × cols image given row-major. */
export function imageHeatmap(values: ArrayLike<number>, rows: number, cols: number, title: string, colorTitle: string, logColor = false): VegaLiteSpec {
  const data = Array.from({ length: rows * cols }, (_, q) => ({ row: Math.floor(q / cols), col: q % cols, v: values[q], q }));
  const cell = Math.max(12, Math.min(40, Math.floor(320 / Math.max(rows, cols))));
  return {
    title, width: cell * cols, height: cell * rows, data: { values: data }, mark: 'rect',
    encoding: {
      x: { field: 'col', type: 'ordinal', title: 'column (x)' },
      y: { field: 'row', type: 'ordinal', title: 'row (y)' },
      // 3 significant digits on the colour bar (vega would print the tick values' full float64 digits)
      color: { field: 'v', type: 'quantitative', title: colorTitle, scale: { scheme: 'viridis', ...(logColor && Array.from(values).every((v) => v > 0) ? { type: 'log' } : {}) }, legend: { format: '.3~g' } },
      tooltip: [{ field: 'q', title: 'qubit' }, { field: 'v', title: colorTitle }],
    },
  };
}

export { topK } from './stats';

/** The top-k bitstrings as a row of small rows × cols images, titled with rank, bitstring and probability. */
export function topKImages(p: ArrayLike<number>, rows: number, cols: number, k: number, title: string): VegaLiteSpec {
  return topImages(topK(p, k).map((e) => ({ bitstring: toBitstring(e.index, rows * cols), p: e.p })), rows, cols, title);
}

/** Given bitstrings (qubit 0 first; any width) with probabilities, most probable first, as a row of small images. */
export function topImages(top: readonly { bitstring: string; p: number }[], rows: number, cols: number, title: string): VegaLiteSpec {
  const n = rows * cols;
  const values = top.flatMap((e, r) => {
    // a 64-character bitstring would make every facet as wide as its title: past 30 pixels the image says it all
    const label = n > 30 ? `#${r + 1} (p = ${e.p.toFixed(3)})` : `#${r + 1} ${e.bitstring} (p = ${e.p.toFixed(3)})`;
    return Array.from({ length: n }, (_, q) => ({ label, rank: r, row: Math.floor(q / cols), col: q % cols, on: e.bitstring[q] === '1' ? 'on' : 'off' }));
  });
  const cell = Math.max(8, Math.floor(64 / Math.max(rows, cols)));
  return {
    title, data: { values }, columns: Math.min(top.length, 5),
    facet: { field: 'label', type: 'nominal', title: null, sort: { field: 'rank' } },
    spec: {
      width: cell * cols, height: cell * rows, mark: { type: 'rect', stroke: '#999', strokeWidth: 0.5 },
      encoding: {
        x: { field: 'col', type: 'ordinal', axis: null },
        y: { field: 'row', type: 'ordinal', axis: null },
        color: { field: 'on', type: 'nominal', title: 'pixel', scale: { domain: ['off', 'on'], range: ['#f4f4f4', '#1f4e9c'] } },
      },
    },
  };
}

/** The top-k bitstrings as horizontal bars. */
export function topKBars(p: ArrayLike<number>, n: number, k: number, title: string): VegaLiteSpec {
  return topBars(topK(p, k).map((e) => ({ bitstring: toBitstring(e.index, n), p: e.p })), title);
}

/** Given bitstrings (any width) with probabilities, most probable first, as horizontal bars. */
export function topBars(top: readonly { bitstring: string; p: number }[], title: string): VegaLiteSpec {
  const values = top.map((e, rank) => ({ bitstring: e.bitstring, p: e.p, rank }));
  return {
    title, width: 360, height: Math.max(60, 16 * values.length), data: { values }, mark: 'bar',
    encoding: {
      y: { field: 'bitstring', type: 'nominal', sort: { field: 'rank' }, title: 'bitstring (qubit 0 first)', axis: { labelFont: 'DejaVu Sans Mono, monospace' } },
      x: { field: 'p', type: 'quantitative', title: 'probability' },
    },
  };
}

/**
 * Histogram in physical units: probability density p/(hi − lo) drawn over each bin's interval, so that the area of a
 * bar is its probability. With quantile bins (equal probability, unequal widths) a bar's height per bin would be flat
 * whatever the shape; the density shows the peak (the Z mass, say) where it is.
 */
export function featureHistogram(bins: { lo: number; hi: number; p: number }[], xLabel: string, title: string, unit?: string): VegaLiteSpec {
  const values = bins.map((b) => ({ ...b, density: b.p / (b.hi - b.lo) }));
  return {
    title, width: 420, height: 240, data: { values }, mark: { type: 'rect', color: '#1f4e9c' },
    encoding: {
      x: { field: 'lo', type: 'quantitative', title: xLabel, scale: { zero: false } }, x2: { field: 'hi' },
      y: { field: 'density', type: 'quantitative', title: `probability density (per ${unit || 'unit'})` }, y2: { datum: 0 },
      tooltip: [{ field: 'lo' }, { field: 'hi' }, { field: 'p', title: 'probability' }],
    },
  };
}

/** Per-qubit occupancy P(bit q = 1), [n]. */
export function occupancy(p: ArrayLike<number>, n: number): Float64Array {
  const occ = new Float64Array(n);
  for (let x = 0; x < p.length; x++) if (p[x] > 0) for (let q = 0; q < n; q++) if ((x >>> (n - 1 - q)) & 1) occ[q] += p[x];
  return occ;
}

/**
 * Writes the standard plots of a dataset into `dir` (file stems relative to it are returned): for pixel datasets the
 * occupancy heatmap, the top-k images and, if given, the average (pooled, pre-binarisation) image; for feature
 * datasets one histogram per feature; always the top-k bars.
 */
export async function datasetPlots(ds: Dataset, dir: string, opts: { meanImage?: ArrayLike<number>; k?: number } = {}): Promise<string[]> {
  const n = ds.card.nQubits, p = empiricalDistribution(ds), k = opts.k ?? 10, name = ds.card.name, qm = ds.card.qubitMap;
  const specs: [string, VegaLiteSpec][] = [];
  if (qm.kind === 'pixels') {
    if (opts.meanImage) specs.push(['mean-image', imageHeatmap(opts.meanImage, qm.rows, qm.cols, `${name}: average deposit per pixel (log colour)`, 'GeV', true)]);
    specs.push(['occupancy', imageHeatmap(occupancy(p, n), qm.rows, qm.cols, `${name}: pixel occupancy P(pixel = 1)`, 'P(1)')]);
    specs.push(['top-k-images', topKImages(p, qm.rows, qm.cols, k, `${name}: the ${k} most probable images`)]);
  }
  if (qm.kind === 'features') {
    for (const f of qm.features) {
      const bins = f.edges.slice(0, -1).map((lo, b) => ({ lo, hi: f.edges[b + 1], p: 0 }));
      for (let x = 0; x < p.length; x++) if (p[x] > 0) bins[decodeIndex(qm.features, x).find((d) => d.name === f.name)!.bin].p += p[x];
      specs.push([`hist-${f.name}`, featureHistogram(bins, `${f.name}${f.unit ? ` (${f.unit})` : ''}`, `${name}: ${f.name} (bin intervals from the feature map)`, f.unit)]);
    }
  }
  specs.push(['top-k', topKBars(p, n, k, `${name}: the ${k} most probable bitstrings`)]);
  return saveAll(specs, dir);
}

/** The same plots for a dataset of bit rows (any width; no 2^n vector): occupancy, top-k images, average image, bars. */
export async function wideDatasetPlots(ds: WideDataset, dir: string, opts: { meanImage?: ArrayLike<number>; k?: number } = {}): Promise<string[]> {
  const k = opts.k ?? 10, name = ds.card.name, qm = ds.card.qubitMap, data = weighted(ds.rows, ds.weights), top = summariseRows(data, 0, k).top;
  const specs: [string, VegaLiteSpec][] = [];
  if (qm.kind === 'pixels') {
    if (opts.meanImage) specs.push(['mean-image', imageHeatmap(opts.meanImage, qm.rows, qm.cols, `${name}: average deposit per pixel (log colour)`, 'GeV', true)]);
    specs.push(['occupancy', imageHeatmap(dataMoments(data).mean, qm.rows, qm.cols, `${name}: pixel occupancy P(pixel = 1)`, 'P(1)')]);
    specs.push(['top-k-images', topImages(top, qm.rows, qm.cols, `${name}: the ${k} most probable images`)]);
  }
  specs.push(['top-k', topBars(top, `${name}: the ${k} most probable bitstrings`)]);
  return saveAll(specs, dir);
}

async function saveAll(specs: [string, VegaLiteSpec][], dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const [stem, spec] of specs) {
    await savePlot(spec, path.join(dir, stem));
    out.push(`${stem}.png`, `${stem}.svg`);
  }
  return out;
}
