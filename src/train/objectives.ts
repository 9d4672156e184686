/**
 * The Objective of one curriculum phase: θ (host Float64) → the loss of the model distribution against the training
 * data, with its gradient by the configured method —
 *  - exact + autodiff: one tf.valueAndGrad through the engine (the CPU engine's adjoint, or the tfjs tape);
 *  - exact + parameter-shift: shift rules, ∂L/∂q by autodiff of the classical loss (gradients/paramShift.ts);
 *  - N shots: the loss estimated from N samples, gradients by parameter shift with every shifted circuit estimated
 *    from its own N shots, as [R] trained (losses/shots.ts); the seeded stream advances, so checkpoints save it.
 * With hidden qubits the model is the visible marginal, so the loss sees marginalProbs(|ψ|², visible).
 */
import * as tf from '@tensorflow/tfjs';
import { EngineChoice, probs as engineProbs } from '../engines/engine';
import { paramShiftGrad } from '../gradients/paramShift';
import { Rng } from '../rng';
import { marginalProbs } from '../state/born';
import { exactParamShiftGrad, sampleDistribution, shotLoss, shotParamShiftGrad } from '../losses/shots';
import { Objective } from './objective';
import { ExactProblem } from './problem';

export interface ObjectiveOptions {
  engine: EngineChoice;
  /** The shot stream (used only when the config has finite shots). */
  rng: Rng;
  /** p̃ of the training data, [1, 2^n_v]; owned by the caller. */
  target: tf.Tensor2D;
}

const rowsTensor = (rows: Float64Array[]): tf.Tensor2D => {
  const P = rows[0].length,
    flat = new Float32Array(rows.length * P);
  rows.forEach((r, i) => flat.set(r, i * P));
  return tf.tensor2d(flat, [rows.length, P]);
};

async function readNumbers(t: tf.Tensor): Promise<Float32Array> {
  const v = (await t.data()) as Float32Array;
  t.dispose();
  return v;
}

export function phaseObjective(problem: ExactProblem, phase: number, o: ObjectiveOptions): Objective {
  const loss = problem.losses[phase],
    { circuit, visibleQubits } = problem,
    { shots, gradient } = problem.config;
  const engine = { engine: o.engine };
  const marginal = (p: tf.Tensor2D) => (visibleQubits ? marginalProbs(p, visibleQubits) : p);
  /** The distribution the loss reads, [B, 2^n_v], differentiable. */
  const read = (th: tf.Tensor2D) =>
    visibleQubits ? marginal(engineProbs(circuit, th, engine)) : loss.readProbs(circuit, th, o.target, engine);

  const values = (th: tf.Tensor2D): tf.Tensor1D => {
    if (shots === null) return loss.ofProbs(read(th), o.target);
    if (!visibleQubits) return shotLoss(loss, circuit, th, o.target, { shots, rng: o.rng, ...engine });
    return tf.tidy(() => loss.ofDistributions(sampleDistribution(read(th), shots, o.rng), { probs: o.target }));
  };

  const gradient_ = (th: tf.Tensor2D): tf.Tensor2D => {
    if (shots === null) {
      if (!visibleQubits) return exactParamShiftGrad(loss, circuit, th, o.target, engine);
      return paramShiftGrad(circuit, th, (p) => loss.ofProbs(marginal(p), o.target), engine);
    }
    if (!visibleQubits) return shotParamShiftGrad(loss, circuit, th, o.target, { shots, rng: o.rng, ...engine });
    const estimate = (p: tf.Tensor2D) => sampleDistribution(p, shots, o.rng).probs;
    return paramShiftGrad(
      circuit,
      th,
      (p) => loss.ofDistributions({ probs: marginal(p), shots }, { probs: o.target }),
      { ...engine, estimate },
    );
  };

  const objective: Objective = {
    async value(theta) {
      return (await objective.valueBatch!([theta]))[0];
    },
    async valueBatch(thetas) {
      const th = rowsTensor(thetas);
      const v = await readNumbers(tf.tidy(() => values(th)));
      th.dispose();
      return Array.from(v);
    },
  };
  if (gradient === 'autodiff')
    objective.valueAndGrad = async (theta) => {
      const th = rowsTensor([theta]);
      const { value, grad } = tf.tidy(() =>
        tf.valueAndGrad((t: tf.Tensor) => tf.sum(loss.ofProbs(read(t as tf.Tensor2D), o.target)))(th),
      );
      th.dispose();
      return { value: (await readNumbers(value))[0], grad: Float64Array.from(await readNumbers(grad)) };
    };
  else if (gradient === 'parameter-shift')
    objective.valueAndGrad = async (theta) => {
      const value = await objective.value(theta);
      const th = rowsTensor([theta]);
      const grad = await readNumbers(tf.tidy(() => gradient_(th)));
      th.dispose();
      return { value, grad: Float64Array.from(grad) };
    };
  return objective;
}
