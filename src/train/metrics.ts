/**
 * What a run reports at every evaluation, all exact (from the model distribution q, the visible marginal of |ψ|²):
 * TVD Σ|p−q| and KL(p‖q) (ε = 1e-6 as [R]) against the train and test data, MMD at the evaluation bandwidths, the
 * k-body correlator error Σ_{1≤|A|≤k} (⟨Z_A⟩_q − ⟨Z_A⟩_p)² ([R] Fig. 11) and the model mass on the training support
 * (for bars-and-stripes, the fraction of valid samples).
 */
import * as tf from '@tensorflow/tfjs';
import { popcount } from '../circuit/bits';
import { allCorrelators } from '../data/stats';
import { EngineChoice, probs as engineProbs } from '../engines/engine';
import { klLoss, tvdLoss } from '../losses/explicit';
import { resolveBandwidth } from '../losses/bandwidth';
import { mmdLoss } from '../losses/mmd';
import { marginalProbs } from '../state/born';
import { TrainingProblem } from './problem';

export interface EvalMetrics {
  tvd_train: number;
  tvd_test: number;
  kl_train: number;
  kl_test: number;
  /** MMD² at each evaluation bandwidth, keyed "σ=<bandwidth as written in the config>" (e.g. "σ=n/4"). */
  mmd: Record<string, number>;
  kbody_error: number;
  mass_on_train_support: number;
}

/** The model distribution q(θ) on the visible qubits, host Float64 [2^n_v]. */
export async function modelDistribution(problem: TrainingProblem, theta: Float64Array, engine: EngineChoice): Promise<Float64Array> {
  const t = tf.tidy(() => {
    const p = engineProbs(problem.circuit, tf.tensor2d(Float32Array.from(theta), [1, theta.length]), { engine });
    return problem.visibleQubits ? marginalProbs(p, problem.visibleQubits) : p;
  });
  const q = Float64Array.from((await t.data()) as Float32Array);
  t.dispose();
  return q;
}

/** Σ_{1≤|A|≤k} (⟨Z_A⟩_q − ⟨Z_A⟩_p)². */
export function kBodyError(q: ArrayLike<number>, p: ArrayLike<number>, k: number): number {
  const zq = allCorrelators(q), zp = allCorrelators(p);
  let s = 0;
  for (let a = 1; a < zq.length; a++) if (popcount(a) <= k) s += (zq[a] - zp[a]) ** 2;
  return s;
}

export async function evaluateModel(problem: TrainingProblem, q: Float64Array): Promise<EvalMetrics> {
  const { trainProbs, testProbs, nVisible, config } = problem;
  const D = q.length;
  const scalars = tf.tidy(() => {
    const qt = tf.tensor2d(Float32Array.from(q), [1, D]), tr = tf.tensor2d(Float32Array.from(trainProbs), [1, D]), te = tf.tensor2d(Float32Array.from(testProbs), [1, D]);
    const mmds = config.eval.sigmas.map((s) => mmdLoss(qt, tr, [resolveBandwidth(s, nVisible, 'eval.sigmas')]));
    return tf.concat([tvdLoss(qt, tr), tvdLoss(qt, te), klLoss(qt, tr), klLoss(qt, te), ...mmds]);
  });
  const v = (await scalars.data()) as Float32Array;
  scalars.dispose();
  let mass = 0;
  for (let x = 0; x < D; x++) if (trainProbs[x] > 0) mass += q[x];
  return {
    tvd_train: v[0], tvd_test: v[1], kl_train: v[2], kl_test: v[3],
    mmd: Object.fromEntries(config.eval.sigmas.map((s, i) => [`σ=${s}`, v[4 + i]])),
    kbody_error: kBodyError(q, trainProbs, config.eval.kBody),
    mass_on_train_support: mass,
  };
}
