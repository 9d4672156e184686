/**
 * MMD from samples, computed from histograms (never from pairs of samples, never a 4^n matrix): with empirical
 * distributions q̃ (N shots) and p̃ (M samples), the V-statistic (all pairs, including i = j) is exactly the MMD of the
 * histograms, (q̃ − p̃)ᵀK̄(q̃ − p̃). The unbiased U-statistic drops the i = j pairs; K̄(x, x) = 1 for every bandwidth, so
 *   E_qq = (N·q̃ᵀK̄q̃ − 1)/(N − 1),  E_pp = (M·p̃ᵀK̄p̃ − 1)/(M − 1),  E_qp = q̃ᵀK̄p̃  (Gretton et al. 2012, Eq. 3).
 * Either side may be exact (no shot count): its term is then exact. Shapes: model [B, 2^n], data [B or 1, 2^n] → [B].
 * With exact probabilities on both sides this is the exact MMD (mmdLoss).
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError, ShapeError } from '../errors';
import { mmdOrderWeights, spectralForm } from './mmd';

/** A distribution over 2^n outcomes, [rows, 2^n]: exact when `shots` is absent, else counts/shots of that many samples. */
export interface Distribution {
  probs: tf.Tensor2D;
  /** Number of samples the empirical distribution was built from (per row); absent for exact probabilities. */
  shots?: number;
}

export type MmdEstimator = 'v' | 'u';

/** The empirical distribution of samples given as basis indices, [1, dim], with its sample count. */
export function histogram(indices: ArrayLike<number>, dim: number): Distribution {
  if (indices.length === 0) throw new ShapeError('histogram: no samples');
  const p = new Float32Array(dim);
  for (let i = 0; i < indices.length; i++) {
    const x = indices[i];
    if (!(Number.isInteger(x) && x >= 0 && x < dim))
      throw new ShapeError(`histogram: sample ${i} is ${x}, not an index in 0..${dim - 1}`);
    p[x] += 1;
  }
  for (let x = 0; x < dim; x++) p[x] /= indices.length;
  return { probs: tf.tensor2d(p, [1, dim]), shots: indices.length };
}

/**
 * Sample MMD² per row between a model and data, each exact or empirical, averaged over the bandwidths.
 * estimator 'v' (default): plug-in, biased upwards by O(1/N + 1/M), ≥ 0; 'u': unbiased, may be negative.
 * Differentiable in both probability tensors (the shot counts are constants). Computed as V + Σ_sides (x̃ᵀK̄x̃ − 1)/(N − 1)
 * (U − V for that side), with V in the difference form (q̃ − p̃)ᵀK̄(q̃ − p̃): no cancellation when q̃ ≈ p̃.
 */
export function mmdFromSamples(
  model: Distribution,
  data: Distribution,
  sigmas: readonly number[],
  opts: { estimator?: MmdEstimator } = {},
): tf.Tensor1D {
  const estimator = opts.estimator ?? 'v';
  if (estimator !== 'v' && estimator !== 'u')
    throw new ConfigError(`mmdFromSamples: estimator must be "v" or "u", got "${estimator}"`);
  const dim = model.probs.shape[1];
  if (data.probs.shape[1] !== dim)
    throw new ShapeError(`mmdFromSamples: model has ${dim} outcomes, data ${data.probs.shape[1]}`);
  const byOrder = mmdOrderWeights(Math.log2(dim), sigmas);
  return tf.tidy(() => {
    let out: tf.Tensor = spectralForm(tf.sub(model.probs, data.probs) as tf.Tensor2D, null, byOrder);
    if (estimator === 'u')
      for (const [side, which] of [
        [model, 'model'],
        [data, 'data'],
      ] as const) {
        const N = side.shots;
        if (N === undefined) continue;
        if (!(Number.isInteger(N) && N >= 2))
          throw new ConfigError(`mmdFromSamples: the U-statistic needs ≥ 2 ${which} samples, got ${N}`);
        out = tf.add(out, tf.div(tf.sub(spectralForm(side.probs, null, byOrder), 1), N - 1));
      }
    return out as tf.Tensor1D;
  });
}
