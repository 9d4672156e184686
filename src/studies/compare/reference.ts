/**
 * A paper's numbers next to plateau's in a comparison report. A reference names, per panel (n, layers, shots) or for
 * every panel, each loss's value as read off the paper: a point ("≈ 0.28"), a range ("0.03–0.06") or a bound
 * ("< 1e-3"). The report shows it beside each cell's median and says whether the median is within a factor of the
 * reference (default 2: values read off a paper's plots can claim a magnitude, not a digit).
 */
import { z } from 'zod';
import { layersSchema } from '../../models/ansatzSpec';
import { resolveLayerCount } from '../../circuit/ansatz/depth';
import { PanelKey } from './aggregate';

/** One read-off value: a number, [lo, hi], or { below: x } for "< x". */
const valueSchema = z.union([
  z.number().nonnegative(),
  z.tuple([z.number().nonnegative(), z.number().nonnegative()]),
  z.strictObject({ below: z.number().positive() }),
]);
export type ReferenceValue = z.infer<typeof valueSchema>;

export const referenceSchema = z.strictObject({
  /** Whose numbers, e.g. "[R] Fig. 9 (read off, approximate)". */
  label: z.string(),
  /** Loss id → value, for every panel (e.g. a comparison of one panel). */
  values: z.record(z.string(), valueSchema).optional(),
  /** Values for particular panels; a panel field left out matches every panel. */
  panels: z
    .array(
      z.strictObject({
        n: z.number().int().optional(),
        layers: layersSchema.optional(),
        shots: z.number().int().positive().nullable().optional(),
        values: z.record(z.string(), valueSchema),
      }),
    )
    .optional(),
  /** A median is "within" when it lies within this factor of the value (of the range's ends; below a bound). @default 2 */
  factor: z.number().min(1).default(2),
});
export type Reference = z.infer<typeof referenceSchema>;

/** The reference value of `loss` in `panel` (the most specific entry wins: panels before the global values). */
export function referenceValue(ref: Reference | undefined, panel: PanelKey, loss: string): ReferenceValue | undefined {
  if (!ref) return undefined;
  const matches = (ref.panels ?? []).filter(
    (e) =>
      (e.n === undefined || e.n === panel.nQubits) &&
      (e.shots === undefined || e.shots === panel.shots) &&
      (e.layers === undefined || resolveLayerCount(e.layers, panel.nQubits) === panel.layers),
  );
  for (const e of matches.reverse()) if (e.values[loss] !== undefined) return e.values[loss];
  return ref.values?.[loss];
}

/** "0.28", "0.03–0.06", "< 0.001". */
export function formatReference(v: ReferenceValue): string {
  const f = (x: number) =>
    x !== 0 && (Math.abs(x) < 1e-2 || Math.abs(x) >= 1e3) ? x.toExponential(1) : String(Number(x.toPrecision(3)));
  if (typeof v === 'number') return f(v);
  if (Array.isArray(v)) return `${f(v[0])}–${f(v[1])}`;
  return `< ${f(v.below)}`;
}

/**
 * How the median compares: 'within' (inside [lo/factor, hi·factor]; below the bound·factor), else 'above'/'below'
 * with the ratio to the nearer end.
 */
export function compareToReference(
  median: number,
  v: ReferenceValue,
  factor: number,
): { verdict: 'within' | 'above' | 'below'; ratio: number } {
  const [lo, hi] = typeof v === 'number' ? [v, v] : Array.isArray(v) ? v : [0, v.below];
  if (median > hi * factor) return { verdict: 'above', ratio: median / hi };
  if (lo > 0 && median < lo / factor) return { verdict: 'below', ratio: median / lo };
  return { verdict: 'within', ratio: median / (lo > 0 ? Math.sqrt(lo * hi) : hi) };
}
