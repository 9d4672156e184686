/**
 * MMD from samples, computed from histograms (never from pairs of samples, never a 4^n matrix): with empirical
 * distributions q̃ (N shots) and p̃ (M samples), the V-statistic (all pairs, including i = j) is exactly the MMD of the
 * histograms, (q̃ − p̃)ᵀK̄(q̃ − p̃). The unbiased U-statistic drops the i = j pairs; K̄(x, x) = 1 for every bandwidth, so
 *   E_qq = (N·q̃ᵀK̄q̃ − 1)/(N − 1),  E_pp = (M·p̃ᵀK̄p̃ − 1)/(M − 1),  E_qp = q̃ᵀK̄p̃  (Gretton et al. 2012, Eq. 3).
 * Either side may be exact (no shot count): its term is then exact. Shapes: model [B, 2^n], data [B or 1, 2^n] → [B].
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError, ShapeError } from '../errors';
import { mmdOrderWeights, walshWeights, weightedDot } from './mmd';
import { walshHadamard } from './walsh';

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
    if (!(Number.isInteger(x) && x >= 0 && x < dim)) throw new ShapeError(`histogram: sample ${i} is ${x}, not an index in 0..${dim - 1}`);
    p[x] += 1;
  }
  for (let x = 0; x < dim; x++) p[x] /= indices.length;
  return { probs: tf.tensor2d(p, [1, dim]), shots: indices.length };
}

/** Mean of K̄ over pairs of one side: its V form pᵀK̄p, or the U form that excludes self-pairs. */
function selfTerm(quad: tf.Tensor1D, side: Distribution, estimator: MmdEstimator, which: string): tf.Tensor1D {
  if (estimator === 'v' || side.shots === undefined) return quad;
  const n = side.shots;
  if (!(Number.isInteger(n) && n >= 2)) throw new ConfigError(`mmdFromSamples: the U-statistic needs ≥ 2 ${which} samples, got ${n}`);
  return tf.div(tf.sub(tf.mul(quad, n), 1), n - 1) as tf.Tensor1D;
}

/**
 * Sample MMD² per row between a model and data, each exact or empirical, averaged over the bandwidths.
 * estimator 'v' (default): plug-in, biased upwards by O(1/N + 1/M), ≥ 0; 'u': unbiased, may be negative.
 * Differentiable in both probability tensors (the shot counts are constants).
 */
export function mmdFromSamples(model: Distribution, data: Distribution, sigmas: readonly number[], opts: { estimator?: MmdEstimator } = {}): tf.Tensor1D {
  const estimator = opts.estimator ?? 'v';
  if (estimator !== 'v' && estimator !== 'u') throw new ConfigError(`mmdFromSamples: estimator must be "v" or "u", got "${estimator}"`);
  const dim = model.probs.shape[1];
  if (data.probs.shape[1] !== dim) throw new ShapeError(`mmdFromSamples: model has ${dim} outcomes, data ${data.probs.shape[1]}`);
  return tf.tidy(() => {
    const w = walshWeights(mmdOrderWeights(Math.log2(dim), sigmas));
    const a = walshHadamard(model.probs), b = walshHadamard(data.probs);
    const form = (x: tf.Tensor2D, y: tf.Tensor2D) => weightedDot(x, y, w);
    const qq = selfTerm(form(a, a), model, estimator, 'model');
    const pp = selfTerm(form(b, b), data, estimator, 'data');
    return tf.add(tf.sub(qq, tf.mul(form(a, b), 2)), pp) as tf.Tensor1D;
  });
}
