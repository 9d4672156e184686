/**
 * Losses from N shots of the model, seeded (rng.ts → state/sample.ts, identical on every backend), so studies can show
 * how explicit losses concentrate with finite shots ([R] §III: KL sits at Σ p̃ log(p̃/ε) when the model is
 * exponentially small on the data). Quantum losses are estimated the same way from shots of U(θ)†|φ⟩.
 * Gradients with shots ([R]'s training): parameter shift where ∂L/∂q is taken at the shot histogram of the unshifted
 * circuit and every shifted circuit's probabilities are estimated from its own N shots (`shotParamShiftGrad`).
 */
import * as tf from '@tensorflow/tfjs';
import { Circuit } from '../circuit/circuit';
import { EngineChoice } from '../engines/engine';
import { ConfigError } from '../errors';
import { paramShiftGrad } from '../gradients/paramShift';
import { Rng } from '../rng';
import { sampleBatch } from '../state/sample';
import { Distribution } from './mmdSamples';
import { cachedInverse, dataState } from './quantum';
import { ResolvedLoss } from './registry';

export interface ShotOptions {
  /** Shots per row (per circuit evaluation). */
  shots: number;
  /** The seeded stream the shots are drawn from; it advances. */
  rng: Rng;
  engine?: EngineChoice;
}

function checkShots(shots: number, where: string): void {
  if (!(Number.isInteger(shots) && shots >= 1))
    throw new ConfigError(`${where}: shots must be an integer ≥ 1, got ${shots}`);
}

/** counts/shots from `shots` samples of each row of probs [B, 2^n]: the empirical distribution, not differentiable. */
export function sampleDistribution(probs: tf.Tensor2D, shots: number, rng: Rng): Distribution {
  checkShots(shots, 'sampleDistribution');
  const [B, D] = probs.shape;
  const { counts } = sampleBatch(probs.dataSync() as Float32Array, D, shots, rng);
  const p = new Float32Array(B * D);
  for (let i = 0; i < p.length; i++) p[i] = counts[i] / shots;
  return { probs: tf.tensor2d(p, [B, D]), shots };
}

/** Data as a Distribution: a tensor is taken as exact; a Distribution keeps its sample count. */
function asDistribution(data: tf.Tensor2D | Distribution): Distribution {
  return data instanceof tf.Tensor ? { probs: data } : data;
}

/**
 * The loss estimated from `shots` shots per row of the circuit at θ [B, nParams] (of U(θ)†|φ⟩ for quantum losses):
 * [B], a value only (histograms carry no gradient; use shotParamShiftGrad). Exact when the loss reads no samples.
 */
export function shotLoss(
  loss: ResolvedLoss,
  circuit: Circuit,
  theta: tf.Tensor2D,
  data: tf.Tensor2D | Distribution,
  opts: ShotOptions,
): tf.Tensor1D {
  checkShots(opts.shots, 'shotLoss');
  const d = asDistribution(data);
  const exact = loss.readProbs(circuit, theta, d.probs, { engine: opts.engine });
  const est = sampleDistribution(exact, opts.shots, opts.rng);
  exact.dispose();
  const out = loss.ofDistributions(est, d);
  est.probs.dispose();
  return out;
}

/**
 * ∂L̂/∂θ [B, nParams] with shots, by parameter shift (SCIENCE.md §3.4, [R]): ∂L/∂q at the unshifted shot histogram,
 * contracted with shot histograms of the shifted circuits (each with `shots` shots), over all shift terms. Unbiased for
 * the chain-rule gradient at the estimated point; it converges to the exact gradient as shots grow. Costs
 * (1 + 2·#parameter occurrences, 4 for controlled rotations) × B circuit runs of `shots` samples.
 */
export function shotParamShiftGrad(
  loss: ResolvedLoss,
  circuit: Circuit,
  theta: tf.Tensor2D,
  data: tf.Tensor2D | Distribution,
  opts: ShotOptions,
): tf.Tensor2D {
  checkShots(opts.shots, 'shotParamShiftGrad');
  const d = asDistribution(data);
  const estimate = (p: tf.Tensor2D) => sampleDistribution(p, opts.shots, opts.rng).probs;
  const objective = (p: tf.Tensor2D) => loss.ofDistributions({ probs: p, shots: opts.shots }, d);
  if (loss.reads === 'model') return paramShiftGrad(circuit, theta, objective, { engine: opts.engine, estimate });
  const init = dataState(d.probs);
  try {
    return paramShiftGrad(cachedInverse(circuit), theta, objective, { engine: opts.engine, init, estimate });
  } finally {
    tf.dispose([init.re, init.im]);
  }
}

/** The exact-probability counterpart of shotParamShiftGrad (parameter shift, no shots), for checks and studies. */
export function exactParamShiftGrad(
  loss: ResolvedLoss,
  circuit: Circuit,
  theta: tf.Tensor2D,
  data: tf.Tensor2D,
  opts: { engine?: EngineChoice } = {},
): tf.Tensor2D {
  const objective = (p: tf.Tensor2D) => loss.ofProbs(p, data);
  if (loss.reads === 'model') return paramShiftGrad(circuit, theta, objective, opts);
  const init = dataState(data);
  try {
    return paramShiftGrad(cachedInverse(circuit), theta, objective, { ...opts, init });
  } finally {
    tf.dispose([init.re, init.im]);
  }
}
