/**
 * Order statistics over seeds, pure and host-only: the quantile is the linear interpolation between order statistics
 * of Hyndman & Fan (1996) "type 7" (R's default, numpy's "linear"): with the sorted values x₀ ≤ … ≤ x_{m−1} and
 * h = (m − 1)·p, Q(p) = x_⌊h⌋ + (h − ⌊h⌋)(x_⌊h⌋+1 − x_⌊h⌋). The median is Q(½) (the mean of the two middle values when
 * m is even) and the inter-quartile band is [Q(¼), Q(¾)]. Non-finite values are refused rather than silently dropped.
 */
import { ConfigError } from '../../errors';

/** Type-7 quantile of `values` at p ∈ [0, 1]; NaN for an empty list. */
export function quantile(values: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 1)) throw new ConfigError(`quantile: p must lie in [0, 1], got ${p}`);
  if (values.length === 0) return NaN;
  if (!values.every(Number.isFinite)) throw new ConfigError(`quantile: non-finite value among ${JSON.stringify(values)}`);
  const x = [...values].sort((a, b) => a - b);
  const h = (x.length - 1) * p, lo = Math.floor(h), hi = Math.min(lo + 1, x.length - 1);
  return x[lo] + (h - lo) * (x[hi] - x[lo]);
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** Median, quartiles (type 7), extremes and count of one group of values. */
export interface Spread {
  median: number;
  q1: number;
  q3: number;
  min: number;
  max: number;
  count: number;
}

export function spread(values: readonly number[]): Spread {
  return {
    median: median(values), q1: quantile(values, 0.25), q3: quantile(values, 0.75),
    min: values.length ? Math.min(...values) : NaN, max: values.length ? Math.max(...values) : NaN, count: values.length,
  };
}

/**
 * The position (into `values`) of the median member: the lower middle element when the count is even, so the member is
 * an actual run (its model can be drawn) whose value is the median or just below it. Ties keep the earlier position.
 */
export function medianMember(values: readonly number[]): number {
  if (values.length === 0) return -1;
  const order = values.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v || a.i - b.i);
  return order[Math.floor((values.length - 1) / 2)].i;
}
