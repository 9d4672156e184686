/**
 * Series of a scan — one per (loss, dataset, depth, shots), running over n — and their fits: ln Var against n with an
 * exponential model (ln Var = a + b·n) and a power law (ln Var = a + b·ln n), compared by ΔBIC (fits.ts
 * decayVerdict). Fitted quantities: the gradient variance (mean over components, or the first component for McClean's
 * statement) and the loss variance (the only one Haar states have). Least squares on ln Var weighted by each point's
 * bootstrap interval (σ(ln Var) = ln(hi/lo)/(2·z)); without intervals (bootstrap 0) the noise is estimated from the
 * scatter (decay.ts).
 */
import { decayVerdict, DecayVerdict, sigmaLnFromInterval } from '../fits';
import { EntryResult, PointResult } from './compute';
import { scanLossKey, scanLossLabel } from './losses';
import { ScanSpec } from './spec';
import { Estimate } from './stats';

export type Quantity = 'gradVarMean' | 'gradVarFirst' | 'gradMeanVar' | 'lossVar' | 'lossMean';

export const QUANTITY_LABEL: Record<Quantity, string> = {
  gradVarMean: 'mean_k Var[∂_k L]',
  gradVarFirst: 'Var[∂_0 L]',
  gradMeanVar: 'Var[mean_k ∂_k L]',
  lossVar: 'Var[L]',
  lossMean: 'E[L]',
};

export interface SeriesRow {
  n: number;
  point: PointResult;
  entry: EntryResult;
}

export interface Series {
  /** Stable identity: loss|dataset|depth|shots. */
  key: string;
  /** Legend label naming only what varies in the scan. */
  label: string;
  /** The label without the shot budget (for plots over shots). */
  baseLabel: string;
  loss: string;
  dataset: string | null;
  depth: number | string;
  shots: number | null;
  rows: SeriesRow[];
}

export function quantityOf(e: EntryResult, q: Quantity): Estimate | null {
  switch (q) {
    case 'gradVarMean':
      return e.grad?.varMean ?? null;
    case 'gradVarFirst':
      return e.grad?.varFirst ?? null;
    case 'gradMeanVar':
      return e.grad?.meanVar ?? null;
    case 'lossVar':
      return e.lossVar;
    case 'lossMean':
      return e.lossMean;
  }
}

const depthText = (d: number | string) => (d === 'haar' ? 'L=∞ (Haar)' : `L=${d}`);

/** Groups the entries of all points into series, in first-appearance order. */
export function scanSeries(spec: ScanSpec, points: PointResult[]): Series[] {
  const byKey = new Map<string, Series>();
  for (const p of points)
    for (const e of p.entries) {
      const key = [e.loss, e.dataset ?? '-', p.depth, e.shots ?? 'exact'].join('|');
      let s = byKey.get(key);
      if (!s) {
        const spec0 = spec.losses.find((l) => scanLossKey(l) === e.loss);
        const parts = [spec0 ? scanLossLabel(spec0) : e.loss];
        if (spec.datasets.length > 1 && e.dataset) parts.push(e.dataset);
        if (spec.depths.length > 1) parts.push(spec.ansatz === 'iqp' ? `init ${p.depth}` : depthText(p.depth));
        const baseLabel = parts.join(', ');
        if (spec.shots.length > 1) parts.push(e.shots === null ? 'exact' : `N=${e.shots}`);
        s = {
          key,
          label: parts.join(', '),
          baseLabel,
          loss: e.loss,
          dataset: e.dataset,
          depth: p.depth,
          shots: e.shots,
          rows: [],
        };
        byKey.set(key, s);
      }
      s.rows.push({ n: p.n, point: p, entry: e });
    }
  return [...byKey.values()];
}

export interface SeriesFit {
  series: string;
  label: string;
  quantity: Quantity;
  points: number;
  /** The qubit counts fitted, ascending (the order of verdict.sigmaLn). */
  ns: number[];
  verdict: DecayVerdict | null;
  /** Why there is no verdict. */
  note?: string;
}

/** The points (n, value, σ of ln value) of `quantity` in a series with value > 0; σ null without a usable interval. */
export function seriesPoints(
  s: Series,
  quantity: Quantity,
  level: number,
): { n: number; v: number; sigmaLn: number | null }[] {
  return s.rows.flatMap((r) => {
    const e = quantityOf(r.entry, quantity);
    return e && e.value > 0 ? [{ n: r.n, v: e.value, sigmaLn: sigmaLnFromInterval(e.lo, e.hi, level) }] : [];
  });
}

/** Decay fits of `quantity` for a series (null verdict with a note when < 3 positive points), weighted by the bootstrap intervals when every point has one. */
export function fitSeries(s: Series, quantity: Quantity, level: number): SeriesFit {
  const measured = s.rows.some((r) => quantityOf(r.entry, quantity));
  const pos = seriesPoints(s, quantity, level);
  const base = {
    series: s.key,
    label: s.label,
    quantity,
    points: pos.length,
    ns: pos.map((p) => p.n).sort((a, b) => a - b),
  };
  if (!measured) return { ...base, verdict: null, note: 'not measured' };
  if (new Set(pos.map((p) => p.n)).size < 3)
    return {
      ...base,
      verdict: null,
      note: `needs ≥ 3 qubit counts with ${QUANTITY_LABEL[quantity]} > 0 (has ${pos.length})`,
    };
  const sigma = pos.every((p) => p.sigmaLn !== null) ? pos.map((p) => p.sigmaLn!) : undefined;
  return {
    ...base,
    verdict: decayVerdict(
      pos.map((p) => p.n),
      pos.map((p) => p.v),
      level,
      'Var',
      sigma,
    ),
  };
}
