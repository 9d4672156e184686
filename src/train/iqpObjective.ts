/**
 * The Objective of an IQP curriculum phase: θ → a fresh Monte-Carlo estimate of MMD² against the training rows (masks
 * a and z samples drawn from the run's seeded stream, which checkpoints save), with the gradient of that estimate by
 * tfjs autodiff (models/iqp/mmd.ts). Each call draws anew, so successive steps see independent, unbiased estimates;
 * a batch of points (gradient-free optimisers) shares one draw, so their differences carry less noise.
 */
import * as tf from '@tensorflow/tfjs';
import { drawMmd, iqpMmd, MmdSampleCounts } from '../models/iqp/mmd';
import { DEFAULT_IQP_SAMPLES } from '../models/iqp/spec';
import { ZSumsPath } from '../models/iqp/zSums';
import { Rng } from '../rng';
import { Objective } from './objective';
import { IqpProblem } from './problem';

/** The sample counts of a phase's loss (defaults: 1000 masks, 1000 z). */
export function iqpSampleCounts(problem: IqpProblem, phase: number): MmdSampleCounts {
  const spec = problem.losses[phase].spec;
  return spec.loss === 'mmd' && spec.samples ? spec.samples : { ...DEFAULT_IQP_SAMPLES };
}

export function iqpObjective(problem: IqpProblem, phase: number, o: { rng: Rng; path?: ZSumsPath }): Objective {
  const loss = problem.losses[phase],
    sigmas = loss.sigmas!,
    counts = iqpSampleCounts(problem, phase),
    P = problem.generators.count;
  const draw = () => drawMmd(problem.generators, problem.trainRows, sigmas, counts, o.rng);
  const rows = (thetas: Float64Array[]) =>
    tf.tensor2d(Float32Array.from(thetas.flatMap((t) => Array.from(t))), [thetas.length, P]);
  const objective: Objective = {
    async value(theta) {
      return (await objective.valueBatch!([theta]))[0];
    },
    async valueBatch(thetas) {
      const d = draw(),
        th = rows(thetas),
        v = tf.tidy(() => iqpMmd(th, d, o.path));
      const out = Array.from((await v.data()) as Float32Array);
      tf.dispose([th, v]);
      return out;
    },
    async valueAndGrad(theta) {
      const d = draw(),
        th = rows([theta]);
      const { value, grad } = tf.tidy(() =>
        tf.valueAndGrad((t: tf.Tensor) => tf.sum(iqpMmd(t as tf.Tensor2D, d, o.path)))(th),
      );
      const v = (await value.data())[0],
        g = Float64Array.from((await grad.data()) as Float32Array);
      tf.dispose([th, value, grad]);
      return { value: v, grad: g };
    },
  };
  return objective;
}
