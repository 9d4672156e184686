/**
 * Order statistics over seeds, pure and host-only: the median and inter-quartile band [Q(¼), Q(¾)] of a group
 * (type-7 quantiles, stats/quantile.ts) and the member that carries the median. Non-finite values are refused rather
 * than silently dropped.
 */
import { median, quantile } from '../../stats/quantile';

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
    median: median(values),
    q1: quantile(values, 0.25),
    q3: quantile(values, 0.75),
    min: values.length ? Math.min(...values) : NaN,
    max: values.length ? Math.max(...values) : NaN,
    count: values.length,
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
