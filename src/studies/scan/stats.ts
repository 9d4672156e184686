/**
 * Statistics over the random draws of one scan point, in Float64 on the host: mean and unbiased variance of the loss,
 * and of the gradient ∂_k L over draws — each component's variance Var_b[∂_k L], their mean (1/P)Σ_k Var_b[∂_k L]
 * (the usual "gradient variance" of barren-plateau plots, = torch's grad.var(0).mean()), the first component's
 * variance (McClean et al.'s Var[∂E/∂θ₁]) and the variance of the component mean Var_b[(1/P)Σ_k ∂_k L]. Confidence
 * intervals: percentile bootstrap over draws (Efron & Tibshirani 1993, §13), seeded, so shards reproduce them.
 */
import { createRng } from '../../rng';

/** A statistic with its bootstrap interval (null without resamples). */
export interface Estimate {
  value: number;
  lo: number | null;
  hi: number | null;
}

export interface GradStats {
  /** (1/P) Σ_k Var_b[∂_k L]: the mean of the component variances. */
  varMean: Estimate;
  /** Var_b[∂_0 L]: the first parameter's derivative. */
  varFirst: Estimate;
  /** Var_b[(1/P) Σ_k ∂_k L]: the variance of the component mean. */
  meanVar: Estimate;
  /** Var_b[∂_k L] for every component k. */
  componentVar: number[];
}

export interface DrawStats {
  lossMean: Estimate;
  lossVar: Estimate;
  grad: GradStats | null;
}

export interface BootstrapOptions {
  resamples: number;
  level: number;
  seed: number;
}

/** Type-7 quantile of sorted values. */
function quantile(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p, i = Math.floor(h);
  return i + 1 < sorted.length ? sorted[i] + (h - i) * (sorted[i + 1] - sorted[i]) : sorted[i];
}

function interval(samples: Float64Array, value: number, level: number): Estimate {
  if (samples.length === 0) return { value, lo: null, hi: null };
  const s = Float64Array.from(samples).sort();
  return { value, lo: quantile(s, (1 - level) / 2), hi: quantile(s, (1 + level) / 2) };
}

/**
 * Weighted mean and unbiased variance of x [D] (centred at c for accuracy) with draw multiplicities w (Σw = D).
 * With w ≡ 1 this is the ordinary sample mean and variance.
 */
function moments(x: ArrayLike<number>, c: number, w: Uint32Array | null, D: number): [number, number] {
  let s1 = 0, s2 = 0;
  for (let b = 0; b < D; b++) {
    const m = w ? w[b] : 1;
    if (m === 0) continue;
    const d = x[b] - c;
    s1 += m * d;
    s2 += m * d * d;
  }
  const mean = s1 / D;
  return [c + mean, (s2 - D * mean * mean) / (D - 1)];
}

/**
 * Loss values [D] and, optionally, gradients [D, P] (row-major) → point statistics with bootstrap intervals.
 * Draw count D ≥ 2.
 */
export function drawStats(values: ArrayLike<number>, grads: ArrayLike<number> | null, P: number, opts: BootstrapOptions): DrawStats {
  const D = values.length;
  const columns = grads ? Array.from({ length: P }, (_, k) => Float64Array.from({ length: D }, (_, b) => grads[b * P + k])) : [];
  const rowMean = grads ? Float64Array.from({ length: D }, (_, b) => columns.reduce((s, col) => s + col[b], 0) / P) : null;
  const centre = (x: ArrayLike<number>) => moments(x, 0, null, D)[0];
  const cv = centre(values), cc = columns.map(centre), cm = rowMean ? centre(rowMean) : 0;
  const full = (w: Uint32Array | null) => {
    const [mean, variance] = moments(values, cv, w, D);
    if (!grads) return { mean, variance, comp: [] as number[], varMean: 0, meanVar: 0 };
    const comp = columns.map((col, k) => moments(col, cc[k], w, D)[1]);
    return { mean, variance, comp, varMean: comp.reduce((a, b) => a + b, 0) / P, meanVar: moments(rowMean!, cm, w, D)[1] };
  };
  const point = full(null);
  const R = opts.resamples, boot = { mean: new Float64Array(R), variance: new Float64Array(R), varMean: new Float64Array(R), varFirst: new Float64Array(R), meanVar: new Float64Array(R) };
  const rng = createRng(opts.seed), w = new Uint32Array(D);
  for (let r = 0; r < R; r++) {
    w.fill(0);
    for (let b = 0; b < D; b++) w[rng.int(D)]++;
    const s = full(w);
    boot.mean[r] = s.mean;
    boot.variance[r] = s.variance;
    if (grads) {
      boot.varMean[r] = s.varMean;
      boot.varFirst[r] = s.comp[0];
      boot.meanVar[r] = s.meanVar;
    }
  }
  const L = opts.level;
  return {
    lossMean: interval(boot.mean, point.mean, L),
    lossVar: interval(boot.variance, point.variance, L),
    grad: grads
      ? { varMean: interval(boot.varMean, point.varMean, L), varFirst: interval(boot.varFirst, point.comp[0], L), meanVar: interval(boot.meanVar, point.meanVar, L), componentVar: point.comp }
      : null,
  };
}
