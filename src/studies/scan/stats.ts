/**
 * Statistics over the random draws of one scan point, in Float64 on the host: mean and unbiased variance of the loss,
 * and of the gradient ∂_k L over draws — each component's variance Var_b[∂_k L], their mean (1/P)Σ_k Var_b[∂_k L]
 * (the usual "gradient variance" of barren-plateau plots, = torch's grad.var(0).mean()), the first component's
 * variance (McClean et al.'s Var[∂E/∂θ₁]) and the variance of the component mean Var_b[(1/P)Σ_k ∂_k L]. Confidence
 * intervals: percentile bootstrap over draws (stats/bootstrap.ts), seeded, so shards reproduce them.
 */
import { Estimate, forEachResample, fullSample, percentileInterval as interval, Resample } from '../../stats/bootstrap';

export type { Estimate };

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

/** Weighted unbiased variance of centred x [D] (Σ_b w_b x_b etc. over the listed rows), and the weighted mean shift. */
function weighted(x: Float64Array, w: Resample, D: number): [number, number] {
  let s1 = 0,
    s2 = 0;
  for (let i = 0; i < w.rows.length; i++) {
    const v = x[w.rows[i]],
      m = w.mult[i];
    s1 += m * v;
    s2 += m * v * v;
  }
  const mean = s1 / D;
  return [mean, (s2 - D * mean * mean) / (D - 1)];
}

/** x − mean(x), in Float64, and the mean. Centring first keeps Σx² − D·mean² accurate when Var ≪ mean². */
function centred(x: ArrayLike<number>): [Float64Array, number] {
  const D = x.length;
  let m = 0;
  for (let b = 0; b < D; b++) m += x[b];
  m /= D;
  return [Float64Array.from(x, (v) => v - m), m];
}

/**
 * Loss values [D] and, optionally, gradients [D, P] (row-major) → point statistics with bootstrap intervals.
 * Draw count D ≥ 2. Per resample the gradient part costs one pass over the resampled rows: with centred gradients
 * d_bk, Σ_k Var_k = (Σ_b w_b Σ_k d_bk² − Σ_k (Σ_b w_b d_bk)²/D)/(D − 1).
 */
export function drawStats(
  values: ArrayLike<number>,
  grads: ArrayLike<number> | null,
  P: number,
  opts: BootstrapOptions,
): DrawStats {
  const D = values.length;
  const [vc, vMean] = centred(values);
  let dc: Float64Array | null = null,
    rowSq: Float64Array | null = null,
    first: Float64Array | null = null,
    rowMean: Float64Array | null = null;
  if (grads) {
    dc = new Float64Array(D * P);
    const colMean = new Float64Array(P);
    for (let b = 0; b < D; b++) for (let k = 0; k < P; k++) colMean[k] += grads[b * P + k] / D;
    rowSq = new Float64Array(D);
    const rm = new Float64Array(D);
    for (let b = 0; b < D; b++) {
      let sq = 0,
        sum = 0;
      for (let k = 0; k < P; k++) {
        const d = (dc[b * P + k] = grads[b * P + k] - colMean[k]);
        sq += d * d;
        sum += grads[b * P + k];
      }
      rowSq[b] = sq;
      rm[b] = sum / P;
    }
    first = Float64Array.from({ length: D }, (_, b) => dc![b * P]);
    rowMean = centred(rm)[0];
  }
  const s1 = new Float64Array(P);
  const stats = (w: Resample) => {
    const [shift, variance] = weighted(vc, w, D);
    if (!dc)
      return { mean: vMean + shift, variance, comp: null as Float64Array | null, varMean: 0, varFirst: 0, meanVar: 0 };
    s1.fill(0);
    let sumSq = 0;
    for (let i = 0; i < w.rows.length; i++) {
      const b = w.rows[i],
        m = w.mult[i],
        row = dc.subarray(b * P, b * P + P);
      sumSq += m * rowSq![b];
      let k = 0; // unrolled by 4: the bootstrap's hot loop (≈ 0.6·D·P multiply-adds per resample)
      for (; k + 3 < P; k += 4) {
        s1[k] += m * row[k];
        s1[k + 1] += m * row[k + 1];
        s1[k + 2] += m * row[k + 2];
        s1[k + 3] += m * row[k + 3];
      }
      for (; k < P; k++) s1[k] += m * row[k];
    }
    let cross = 0;
    for (let k = 0; k < P; k++) cross += s1[k] * s1[k];
    return {
      mean: vMean + shift,
      variance,
      comp: s1,
      varMean: (sumSq - cross / D) / (D - 1) / P,
      varFirst: weighted(first!, w, D)[1],
      meanVar: weighted(rowMean!, w, D)[1],
    };
  };
  const point = stats(fullSample(D));
  // per-component variances of the full sample, from the same sums
  const componentVar = grads
    ? Array.from({ length: P }, (_, k) => {
        let s = 0;
        for (let b = 0; b < D; b++) s += dc![b * P + k] ** 2;
        return (s - point.comp![k] ** 2 / D) / (D - 1);
      })
    : [];
  const R = opts.resamples,
    boot = {
      mean: new Float64Array(R),
      variance: new Float64Array(R),
      varMean: new Float64Array(R),
      varFirst: new Float64Array(R),
      meanVar: new Float64Array(R),
    };
  forEachResample(D, R, opts.seed, (w, r) => {
    const st = stats(w);
    boot.mean[r] = st.mean;
    boot.variance[r] = st.variance;
    boot.varMean[r] = st.varMean;
    boot.varFirst[r] = st.varFirst;
    boot.meanVar[r] = st.meanVar;
  });
  const L = opts.level;
  return {
    lossMean: interval(boot.mean, point.mean, L),
    lossVar: interval(boot.variance, point.variance, L),
    grad: grads
      ? {
          varMean: interval(boot.varMean, point.varMean, L),
          varFirst: interval(boot.varFirst, point.varFirst, L),
          meanVar: interval(boot.meanVar, point.meanVar, L),
          componentVar,
        }
      : null,
  };
}
