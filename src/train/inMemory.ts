/**
 * Training without a run folder: an optimiser of train/optimizers on an Objective for a fixed number of steps at a
 * fixed learning rate, θ in memory. For the studies that train many small models ([O]: remedies, gradient-free, QBM);
 * the update is train()'s (Optimizer.step, then the same finiteness check), without schedule, metrics or checkpoints.
 * `tensorObjective` turns a differentiable tfjs loss of θ [1, P] into an Objective (one tf.valueAndGrad per step).
 */
import * as tf from '@tensorflow/tfjs';
import { NumericalError } from '../errors';
import { Objective, Optimizer, stepFault } from './objective';

export interface InMemoryOptions {
  optimizer: Optimizer;
  steps: number;
  lr: number;
}

export interface InMemoryResult {
  /** θ after the last step (the array passed in, updated in place). */
  theta: Float64Array;
  /** The loss each step was computed from. */
  losses: number[];
  /** Objective evaluations, as the optimiser counts them. */
  evaluations: number;
}

/**
 * Adam's ε in the [O] studies: tf.train.adam's default (the backend's epsilon, 1e-7 in float32), which they used
 * before they trained through train/; kept so that their optimiser is the same algorithm (train()'s default is 1e-8).
 */
export const STUDY_ADAM = { epsilon: 1e-7 } as const;

/** `opts.steps` updates of θ (in place); a non-finite loss, gradient or θ stops with a NumericalError naming the step. */
export async function trainInMemory(
  objective: Objective,
  theta: Float64Array,
  opts: InMemoryOptions,
): Promise<InMemoryResult> {
  const losses: number[] = [];
  let evaluations = 0;
  for (let s = 0; s < opts.steps; s++) {
    const info = await opts.optimizer.step(theta, objective, opts.lr);
    const fault = stepFault(info, theta);
    if (fault) throw new NumericalError(`step ${s + 1}: ${fault}`);
    losses.push(info.loss);
    evaluations += info.evaluations;
  }
  return { theta, losses, evaluations };
}

/** The Objective of a differentiable loss of θ [1, nParams] (float32 on the backend, as the engines compute). */
export function tensorObjective(loss: (theta: tf.Tensor2D) => tf.Scalar, nParams: number): Objective {
  const row = (theta: Float64Array) => tf.tensor2d(Float32Array.from(theta), [1, nParams]);
  return {
    async value(theta) {
      const v = tf.tidy(() => loss(row(theta)));
      const out = (await v.data())[0];
      v.dispose();
      return out;
    },
    async valueAndGrad(theta) {
      const { value, grad } = tf.tidy(() => tf.valueAndGrad((t: tf.Tensor) => loss(t as tf.Tensor2D))(row(theta)));
      const out = { value: (await value.data())[0], grad: Float64Array.from(await grad.data()) };
      tf.dispose([value, grad]);
      return out;
    },
  };
}
