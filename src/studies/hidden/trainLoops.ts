/**
 * The hidden-unit studies' runs, trained through train/: Adam or plain gradient descent (train/optimizers) by
 * trainInMemory on a visible task — exact autodiff or shot-based parameter shift — optionally after a pretraining
 * objective; and the gradient-free optimisers through ask/tell with batched loss evaluation. Both return the final
 * point and its exact KL and TVD. Every tensor of a step is disposed in that step.
 */
import * as tf from '@tensorflow/tfjs';
import { HiddenUnitModel, visibleProbs, visibleState } from '../../models/hiddenUnit';
import { Rng } from '../../rng';
import { quantumRelativeEntropy } from '../../state/relativeEntropy';
import { STUDY_ADAM, trainInMemory, tensorObjective } from '../../train/inMemory';
import { Objective } from '../../train/objective';
import { Adam } from '../../train/optimizers/adam';
import { AskTellOptimizer, runAskTell } from '../../train/optimizers/askTell';
import { Sgd } from '../../train/optimizers/sgd';
import { Spsa } from '../../train/optimizers/spsa';
import { exactScores, klTensor, shotGradient, taskLosses, VisibleTask } from './visibleTask';
import { probs } from '../../engines/engine';

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

function pretrainLoss(
  kind: Exclude<Pretrain, 'none'>,
  model: HiddenUnitModel,
  task: VisibleTask,
  theta: tf.Tensor2D,
): tf.Scalar {
  if (kind === 'local') {
    // 1 − (1/n) Σ_j p_j(0) (Cerezo et al. 2021): drives every qubit, hidden ones included, towards |0⟩
    const n = model.circuit.nQubits,
      dim = 2 ** n;
    const w = Float32Array.from({ length: dim }, (_, x) => {
      let zeros = 0;
      for (let q = 0; q < n; q++) if (!((x >> (n - 1 - q)) & 1)) zeros++;
      return zeros / n;
    });
    return tf.sub(1, tf.sum(tf.mul(probs(model.circuit, theta), tf.tensor2d(w, [1, dim])))) as tf.Scalar;
  }
  const d = task.target.length;
  const sigma = {
    re: tf.reshape(tf.mul(tf.eye(d), tf.tensor1d(Float32Array.from(task.target))), [1, d, d]) as tf.Tensor3D,
    im: tf.zeros([1, d, d]) as tf.Tensor3D,
  };
  return tf.sum(quantumRelativeEntropy(sigma, visibleState(model, theta))) as tf.Scalar;
}

/**
 * Adam (or plain gradient descent, `optimizer: 'sgd'`, whose step scales with the gradient and so feels a plateau
 * fully) on KL(p*‖q) for `steps` steps (after `pretrainSteps` steps on the pretraining objective, exact). Shot mode
 * uses shotGradient; exact mode autodiff. An "evaluation" is counted per circuit run (2P + 1 per shot-gradient step).
 */
export async function adamRun(
  model: HiddenUnitModel,
  task: VisibleTask,
  theta0: ArrayLike<number>,
  rng: Rng,
  opts: {
    steps: number;
    lr: number;
    pretrain?: Pretrain;
    pretrainSteps?: number;
    onTaskStart?: (exactKl: number) => void;
    optimizer?: 'adam' | 'sgd';
  },
): Promise<RunResult> {
  const P = model.circuit.nParams;
  const make = () => (opts.optimizer === 'sgd' ? new Sgd(P) : new Adam(P, STUDY_ADAM));
  const theta = Float64Array.from(theta0);
  let evaluations = 0;
  const pre = opts.pretrain ?? 'none';
  if (pre !== 'none' && (opts.pretrainSteps ?? 0) > 0)
    evaluations += (
      await trainInMemory(
        tensorObjective((t) => pretrainLoss(pre, model, task, t), P),
        theta,
        { optimizer: make(), steps: opts.pretrainSteps!, lr: opts.lr },
      )
    ).evaluations;
  opts.onTaskStart?.(exactScores(model, task, theta).kl);
  let history: number[] = [];
  if (task.shots > 0) {
    // the step follows the shot-based parameter-shift gradient (2P + 1 circuit runs); the loss it reports is the
    // exact KL at θ (not a shot estimate, which would draw from the shot stream), and history stays empty as before
    const shots: Objective = {
      value: async (th) => exactScores(model, task, th).kl,
      valueAndGrad: async (th) => ({
        value: exactScores(model, task, th).kl,
        grad: Float64Array.from(shotGradient(model, task, th, rng)),
      }),
    };
    await trainInMemory(shots, theta, { optimizer: make(), steps: opts.steps, lr: opts.lr });
    evaluations += opts.steps * (2 * P + 1);
  } else {
    const run = await trainInMemory(
      tensorObjective((t) => tf.sum(klTensor(visibleProbs(model, t), task)) as tf.Scalar, P),
      theta,
      { optimizer: make(), steps: opts.steps, lr: opts.lr },
    );
    history = run.losses;
    evaluations += run.evaluations;
  }
  const sc = exactScores(model, task, theta);
  return { ...sc, success: sc.tvd < task.successTvd, evaluations, history, theta };
}

/** A gradient-free optimiser on the task's (possibly shot-sampled) loss, batched per ask(). */
export function askTellRun(
  model: HiddenUnitModel,
  task: VisibleTask,
  opt: AskTellOptimizer,
  rng: Rng,
  maxEvaluations: number,
): RunResult {
  const run = runAskTell(opt, (xs) => taskLosses(model, task, xs, rng), { maxEvaluations });
  // SPSA's evaluated points sit c_k away from its iterate; take whichever of the two scores better exactly
  let theta = run.best.x,
    sc = exactScores(model, task, theta);
  if (opt instanceof Spsa) {
    const cur = opt.current(),
      sc2 = exactScores(model, task, cur);
    if (sc2.kl < sc.kl) [theta, sc] = [cur, sc2];
  }
  return { ...sc, success: sc.tvd < task.successTvd, evaluations: run.evaluations, history: run.history, theta };
}
