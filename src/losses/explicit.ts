/**
 * Explicit losses of quantum generative modelling: functions of the data distribution p (p̃, "target") and the model
 * distribution q (exact Born probabilities or a shot histogram), SCIENCE.md §2 and [R] arXiv:2305.02881 §II.
 * Shapes: model [batch, 2^n], data [batch or 1, 2^n] → [batch]. Natural logs. KL(p‖q) has p = data, q = model.
 * ε clipping: every model probability inside a logarithm (and every data probability for reverse KL/Rényi) is
 * max(·, ε), default ε = 1e-6 as [R] used for training; ε = 0 disables it. 0·log(anything) = 0, with the derivative
 * of the masked branch (as torch.special.xlogy): no NaN values or gradients at exact zeros when ε > 0.
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '../errors';
import { rowSum } from './reduce';

/** ε of [R] (zero model estimates are clipped here before taking logs). */
export const DEFAULT_EPSILON = 1e-6;

export interface EpsilonOption {
  /** Floor for probabilities inside logarithms. @default 1e-6 */
  epsilon?: number;
}

export type TvdConvention = 'sum' | 'half';

function checkEpsilon(eps: number, where: string): number {
  if (!(Number.isFinite(eps) && eps >= 0))
    throw new ConfigError(`${where}: epsilon must be a finite number ≥ 0, got ${eps}`);
  return eps;
}

/** Broadcasts a and b to their common shape (data rows may be shared by all model rows). */
function common(a: tf.Tensor, b: tf.Tensor): [tf.Tensor, tf.Tensor] {
  const shape = tf.broadcast_util.assertAndGetBroadcastShape(a.shape, b.shape);
  return [tf.broadcastTo(a, shape), tf.broadcastTo(b, shape)];
}

/**
 * x > 0 as a bool mask that the tape can pass through: Greater has no gradient in tfjs, Step has a zero one, so a mask
 * of a differentiable tensor is built as cast(step(x)).
 */
export function positive(x: tf.Tensor): tf.Tensor {
  return tf.cast(tf.step(x), 'bool');
}

/** x·log(max(y, ε)) elementwise with 0·log(·) = 0; both branches stay finite, so tf.where passes no NaN back. */
function xlogy(x: tf.Tensor, y: tf.Tensor, eps: number): tf.Tensor {
  const [xb, yb] = common(x, y);
  const pos = positive(xb);
  const ySafe = tf.where(pos, eps > 0 ? tf.maximum(yb, eps) : yb, tf.onesLike(yb));
  return tf.where(pos, tf.mul(xb, tf.log(ySafe)), tf.zerosLike(xb));
}

/** KL(p‖q) = Σ_x p log(p / max(q, ε)) per row; the fixed point with unseen data strings is Σ p log(p/ε). */
export function klLoss(model: tf.Tensor2D, data: tf.Tensor2D, opts: EpsilonOption = {}): tf.Tensor1D {
  const eps = checkEpsilon(opts.epsilon ?? DEFAULT_EPSILON, 'klLoss');
  return tf.tidy(() => rowSum(tf.sub(xlogy(data, data, 0), xlogy(data, model, eps))));
}

/** Reverse KL(q‖p) = Σ_x q log(max(q, ε) / max(p, ε)): data zeros are clipped too, else it is infinite off-support. */
export function reverseKlLoss(model: tf.Tensor2D, data: tf.Tensor2D, opts: EpsilonOption = {}): tf.Tensor1D {
  const eps = checkEpsilon(opts.epsilon ?? DEFAULT_EPSILON, 'reverseKlLoss');
  return tf.tidy(() => rowSum(tf.sub(xlogy(model, model, eps), xlogy(model, data, eps))));
}

/** Jensen–Shannon divergence ½KL(p‖m) + ½KL(q‖m), m = (p + q)/2; in [0, ln 2], needs no clipping. */
export function jensenShannonLoss(model: tf.Tensor2D, data: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const m = tf.mul(tf.add(model, data), 0.5);
    const kl = (a: tf.Tensor) => tf.sub(xlogy(a, a, 0), xlogy(a, m, 0));
    return tf.mul(rowSum(tf.add(kl(data), kl(model))), 0.5) as tf.Tensor1D;
  });
}

/**
 * Total variation distance. 'sum' (default, the convention of [R] and of every TVD plateau reports): Σ|p − q| ∈ [0, 2];
 * 'half': ½Σ|p − q| ∈ [0, 1].
 */
export function tvdLoss(model: tf.Tensor2D, data: tf.Tensor2D, opts: { convention?: TvdConvention } = {}): tf.Tensor1D {
  const c = opts.convention ?? 'sum';
  if (c !== 'sum' && c !== 'half') throw new ConfigError(`tvdLoss: convention must be "sum" or "half", got "${c}"`);
  return tf.tidy(() => {
    const s = rowSum(tf.abs(tf.sub(model, data)));
    return (c === 'half' ? tf.mul(s, 0.5) : s) as tf.Tensor1D;
  });
}

/** Classical fidelity loss 1 − Σ_x √(p q); at p·q = 0 the term and its derivative are taken as 0 (no NaN). */
export function fidelityLoss(model: tf.Tensor2D, data: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const pq = tf.mul(model, data);
    const pos = positive(pq);
    const root = tf.where(pos, tf.sqrt(tf.where(pos, pq, tf.onesLike(pq))), tf.zerosLike(pq));
    return tf.sub(1, rowSum(root)) as tf.Tensor1D;
  });
}

/**
 * Rényi-α divergence D_α(p‖q) = log(Σ_x p^α max(q, ε)^{1−α}) / (α − 1), α > 0; α = 1 is KL(p‖q).
 * α = ½ gives −2 log Σ√(pq) (ε aside), α → ∞ the max-divergence.
 */
export function renyiLoss(model: tf.Tensor2D, data: tf.Tensor2D, opts: EpsilonOption & { alpha: number }): tf.Tensor1D {
  const { alpha } = opts;
  if (!(Number.isFinite(alpha) && alpha > 0))
    throw new ConfigError(`renyiLoss: alpha must be a finite number > 0, got ${alpha}`);
  if (alpha === 1) return klLoss(model, data, opts);
  const eps = checkEpsilon(opts.epsilon ?? DEFAULT_EPSILON, 'renyiLoss');
  return tf.tidy(() => {
    const [p, q] = common(data, model);
    const pos = positive(p);
    const qc = eps > 0 ? tf.maximum(q, eps) : q;
    // p^α q^{1−α} as exp(α log p + (1 − α) log q), masked where p = 0 (p^α → 0 there for α > 0)
    const logTerm = tf.add(
      tf.mul(alpha, tf.log(tf.where(pos, p, tf.onesLike(p)))),
      tf.mul(1 - alpha, tf.log(tf.where(pos, qc, tf.onesLike(qc)))),
    );
    const s = rowSum(tf.where(pos, tf.exp(logTerm), tf.zerosLike(p)));
    return tf.div(tf.log(s), alpha - 1) as tf.Tensor1D;
  });
}
