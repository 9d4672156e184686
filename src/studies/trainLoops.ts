/**
 * Small training loops for the hidden-unit studies (the full trainer is issue 5): Adam (tf.train.adam) on a visible
 * task, exact autodiff or shot-based parameter shift, optionally with a pretraining objective first; and the
 * gradient-free optimisers through ask/tell with batched loss evaluation. Both return the final point and its exact
 * KL and TVD. Every tensor of a step is disposed in that step.
 */
import * as tf from '@tensorflow/tfjs';
import { HiddenUnitModel, visibleProbs, visibleState } from '../models/hiddenUnit';
import { Rng } from '../rng';
import { quantumRelativeEntropy } from '../state/relativeEntropy';
import { AskTellOptimizer, runAskTell } from '../train/optimizers/askTell';
import { Spsa } from '../train/optimizers/spsa';
import { exactScores, klTensor, shotGradient, taskLosses, VisibleTask } from './visibleTask';
import { probs } from '../engines/engine';

export interface RunResult {
  kl: number;
  tvd: number;
  success: boolean;
  evaluations: number;
  history: number[];
  theta: Float64Array;
}

/** Pretraining objectives ([O] §4.5): a local cost on all qubits, or S(σ‖ρ_v) with σ = diag(p*). */
export type Pretrain = 'none' | 'local' | 'qre';

function pretrainLoss(kind: Exclude<Pretrain, 'none'>, model: HiddenUnitModel, task: VisibleTask, theta: tf.Tensor2D): tf.Scalar {
  if (kind === 'local') {
    // 1 − (1/n) Σ_j p_j(0) (Cerezo et al. 2021): drives every qubit, hidden ones included, towards |0⟩
    const n = model.circuit.nQubits, dim = 2 ** n;
    const w = Float32Array.from({ length: dim }, (_, x) => {
      let zeros = 0;
      for (let q = 0; q < n; q++) if (!((x >> (n - 1 - q)) & 1)) zeros++;
      return zeros / n;
    });
    return tf.sub(1, tf.sum(tf.mul(probs(model.circuit, theta), tf.tensor2d(w, [1, dim])))) as tf.Scalar;
  }
  const d = task.target.length;
  const sigma = { re: tf.reshape(tf.mul(tf.eye(d), tf.tensor1d(Float32Array.from(task.target))), [1, d, d]) as tf.Tensor3D, im: tf.zeros([1, d, d]) as tf.Tensor3D };
  return tf.sum(quantumRelativeEntropy(sigma, visibleState(model, theta))) as tf.Scalar;
}

/**
 * Adam (or plain gradient descent, `optimizer: 'sgd'`, whose step scales with the gradient and so feels a plateau
 * fully) on KL(p*‖q) for `steps` steps (after `pretrainSteps` steps on the pretraining objective, exact). Shot mode
 * uses shotGradient; exact mode autodiff. An "evaluation" is counted per circuit run (2P + 1 per shot-gradient step).
 */
export function adamRun(
  model: HiddenUnitModel, task: VisibleTask, theta0: ArrayLike<number>, rng: Rng,
  opts: { steps: number; lr: number; pretrain?: Pretrain; pretrainSteps?: number; onTaskStart?: (exactKl: number) => void; optimizer?: 'adam' | 'sgd' },
): RunResult {
  const make = () => (opts.optimizer === 'sgd' ? tf.train.sgd(opts.lr) : tf.train.adam(opts.lr));
  const P = model.circuit.nParams;
  const init = tf.tensor2d(Float32Array.from(theta0), [1, P]);
  const theta = tf.variable(init); // a copy: the initial tensor is freed below
  init.dispose();
  const history: number[] = [];
  let evaluations = 0;
  const pre = opts.pretrain ?? 'none';
  if (pre !== 'none' && (opts.pretrainSteps ?? 0) > 0) {
    const opt0 = make();
    for (let s = 0; s < opts.pretrainSteps!; s++) {
      tf.tidy(() => void opt0.minimize(() => pretrainLoss(pre, model, task, theta as unknown as tf.Tensor2D)));
      evaluations++;
    }
    opt0.dispose();
  }
  opts.onTaskStart?.(exactScores(model, task, theta.dataSync()).kl);
  const opt = make();
  for (let s = 0; s < opts.steps; s++) {
    if (task.shots > 0) {
      const g = shotGradient(model, task, Float64Array.from(theta.dataSync()), rng);
      tf.tidy(() => opt.applyGradients([{ name: theta.name, tensor: tf.tensor2d(Float32Array.from(g), [1, P]) }]));
      evaluations += 2 * P + 1;
    } else {
      const loss = tf.tidy(() => opt.minimize(() => tf.sum(klTensor(visibleProbs(model, theta as unknown as tf.Tensor2D), task)) as tf.Scalar, true)!.dataSync()[0]);
      history.push(loss);
      evaluations++;
    }
  }
  const final = Float64Array.from(theta.dataSync());
  theta.dispose();
  opt.dispose();
  const sc = exactScores(model, task, final);
  return { ...sc, success: sc.tvd < task.successTvd, evaluations, history, theta: final };
}

/** A gradient-free optimiser on the task's (possibly shot-sampled) loss, batched per ask(). */
export function askTellRun(model: HiddenUnitModel, task: VisibleTask, opt: AskTellOptimizer, rng: Rng, maxEvaluations: number): RunResult {
  const run = runAskTell(opt, (xs) => taskLosses(model, task, xs, rng), { maxEvaluations });
  // SPSA's evaluated points sit c_k away from its iterate; take whichever of the two scores better exactly
  let theta = run.best.x, sc = exactScores(model, task, theta);
  if (opt instanceof Spsa) {
    const cur = opt.current(), sc2 = exactScores(model, task, cur);
    if (sc2.kl < sc.kl) [theta, sc] = [cur, sc2];
  }
  return { ...sc, success: sc.tvd < task.successTvd, evaluations: run.evaluations, history: run.history, theta };
}
