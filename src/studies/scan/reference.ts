/**
 * Analytic references of a scan and what a preset adds to its report. A reference names what it assumes (which loss
 * as computed, which states, which limit) and is drawn with the uncertainty band of the data it is compared with:
 * y·[lo/v, hi/v] of the measured point at the same n — where the data would scatter if the reference were true. A
 * reference with a known large-n law is also read by the same verdict at the data's σ (referenceCheck.ts).
 */
import { Quantity, quantityOf, Series } from './series';

export interface ReferencePoint {
  x: number;
  y: number;
  lo?: number | null;
  hi?: number | null;
}

export interface Reference {
  /** Which chart it belongs on: gradient variance, loss variance, or loss mean vs shots. */
  chart: 'gradient' | 'loss' | 'shots';
  /** The legend: formula and assumptions, e.g. "(π²/6)Σp² − ψ₁(2^n): unclipped KL, Haar states, exact". */
  name: string;
  points: ReferencePoint[];
  /** The measured series (key) and quantity it is compared with; its band comes from them. */
  compares?: { series: string; quantity: Quantity };
  /** The reference's own large-n law, when known: then its verdict over the measured range is checked. */
  law?: 'exponential' | 'power law' | 'constant';
}

/** A note attached to one fit's verdict (e.g. "the range is pre-asymptotic"); `inconclusive` turns a decided verdict into "inconclusive". */
export interface VerdictCaveat {
  series: string;
  quantity: Quantity;
  text: string;
  inconclusive: boolean;
}

export interface PresetOutcome {
  references: Reference[];
  rules: { chart: 'shots'; x: number; name: string }[];
  /** Lines for the table, comparing measured numbers with the references. */
  keyNumbers: string[];
  /** The same numbers by name, for tests and scripts. */
  values: Record<string, number>;
  caveats: VerdictCaveat[];
}

export const emptyOutcome = (): PresetOutcome => ({
  references: [],
  rules: [],
  keyNumbers: [],
  values: {},
  caveats: [],
});

/** Two outcomes as one (lists concatenated, values merged). */
export function mergeOutcomes(a: PresetOutcome, b: PresetOutcome): PresetOutcome {
  return {
    references: [...a.references, ...b.references],
    rules: [...a.rules, ...b.rules],
    keyNumbers: [...a.keyNumbers, ...b.keyNumbers],
    values: { ...a.values, ...b.values },
    caveats: [...a.caveats, ...b.caveats],
  };
}

/** A reference over the rows of `s` (y(n) per row), banded like the measured `quantity` of `s`. */
export function referenceFor(
  s: Series,
  quantity: Quantity,
  chart: Reference['chart'],
  name: string,
  y: (n: number, row: Series['rows'][number]) => number | null,
  law?: Reference['law'],
): Reference {
  const points = s.rows.flatMap((r) => {
    const v = y(r.n, r);
    if (v === null || !Number.isFinite(v)) return [];
    const e = quantityOf(r.entry, quantity);
    const band =
      e && e.value > 0 && e.lo !== null && e.hi !== null ? { lo: (v * e.lo) / e.value, hi: (v * e.hi) / e.value } : {};
    return [{ x: r.n, y: v, ...band }];
  });
  return { chart, name, points, compares: { series: s.key, quantity }, ...(law ? { law } : {}) };
}

export const pct = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(100 * x).toFixed(1)}%`;
export const g3 = (x: number) => (Math.abs(x) < 1e-3 || Math.abs(x) >= 1e4 ? x.toExponential(2) : x.toPrecision(3));
