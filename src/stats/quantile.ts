/**
 * Quantiles by linear interpolation between order statistics, Hyndman & Fan (1996) "type 7" (R's default, numpy's
 * "linear"): with the sorted values x₀ ≤ … ≤ x_{m−1} and h = (m − 1)·p, Q(p) = x_⌊h⌋ + (h − ⌊h⌋)(x_⌊h⌋+1 − x_⌊h⌋).
 * The median is Q(½) (the mean of the two middle values when m is even). One implementation for bootstrap intervals,
 * quantile binning of features and order statistics over seeds.
 */
import { ConfigError } from '../errors';

/** Type-7 quantile at p ∈ [0, 1] of values already sorted ascending (no checks: the hot path of the bootstrap). */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const h = (sorted.length - 1) * p,
    i = Math.floor(h);
  return i + 1 < sorted.length ? sorted[i] + (h - i) * (sorted[i + 1] - sorted[i]) : sorted[i];
}

/** Type-7 quantile of `values` (any order) at p ∈ [0, 1]; NaN for an empty list. Non-finite values are refused. */
export function quantile(values: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 1)) throw new ConfigError(`quantile: p must lie in [0, 1], got ${p}`);
  if (values.length === 0) return NaN;
  if (!values.every(Number.isFinite))
    throw new ConfigError(`quantile: non-finite value among ${JSON.stringify(values)}`);
  return quantileSorted(
    [...values].sort((a, b) => a - b),
    p,
  );
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}
