/**
 * What a run reports at every evaluation, all exact (from the model distribution q, the visible marginal of |ψ|²):
 * TVD Σ|p−q| and KL(p‖q) (ε = 1e-6 as [R]) against the train and test data, MMD at the evaluation bandwidths, the
 * k-body correlator error Σ_{1≤|A|≤k} (⟨Z_A⟩_q − ⟨Z_A⟩_p)² ([R] Fig. 11) and the model mass on the training support
 * (for bars-and-stripes, the fraction of valid samples). Computed on the host in Float64 from one Walsh–Hadamard
 * transform of q − p (every MMD bandwidth and the correlator error read the same spectrum), so evaluating costs a
 * fraction of a training step; test/train/metrics.test.ts checks it against the tensor losses.
 */
import { popcount } from '../circuit/bits';
import { DEFAULT_EPSILON } from '../losses/explicit';
import { resolveBandwidth } from '../losses/bandwidth';
import { mmdOrderWeights } from '../losses/mmd';
import { walshHadamardInPlace } from '../losses/walsh';
import { ExactProblem } from './problem';

export interface EvalMetrics {
  /** Exact metrics from the model distribution (IQP runs past 20 qubits report iqpMetrics.ts's instead). */
  metrics: 'exact';
  tvd_train: number;
  tvd_test: number;
  kl_train: number;
  kl_test: number;
  /** MMD² at each evaluation bandwidth, keyed "σ=<bandwidth as written in the config>" (e.g. "σ=n/4"). */
  mmd: Record<string, number>;
  kbody_error: number;
  mass_on_train_support: number;
}

/** TVD Σ|p − q| (the paper's convention, range [0, 2]). */
function tvd(q: ArrayLike<number>, p: ArrayLike<number>): number {
  let s = 0;
  for (let x = 0; x < q.length; x++) s += Math.abs(p[x] - q[x]);
  return s;
}

/** KL(p‖q) = Σ p log(p / max(q, ε)), 0·log 0 = 0 (as losses/explicit.ts). */
function kl(q: ArrayLike<number>, p: ArrayLike<number>, eps = DEFAULT_EPSILON): number {
  let s = 0;
  for (let x = 0; x < q.length; x++) if (p[x] > 0) s += p[x] * Math.log(p[x] / Math.max(q[x], eps));
  return s;
}

export function evaluateModel(problem: ExactProblem, q: Float64Array): EvalMetrics {
  const { trainProbs, testProbs, nVisible: n, config } = problem;
  // d̂_A = ⟨Z_A⟩_q − ⟨Z_A⟩_p for every subset A
  const d = Float64Array.from(q, (v, x) => v - trainProbs[x]);
  walshHadamardInPlace(d, d.length);
  // power of the difference per body order: every metric below is a weighted sum over orders
  const power = new Float64Array(n + 1);
  for (let a = 0; a < d.length; a++) power[popcount(a)] += d[a] * d[a];
  const mmd: Record<string, number> = {};
  for (const s of config.eval.sigmas) {
    const w = mmdOrderWeights(n, [resolveBandwidth(s, n, 'eval.sigmas')]);
    mmd[`σ=${s}`] = w.reduce((acc, wl, l) => acc + wl * power[l], 0);
  }
  let kbody = 0,
    mass = 0;
  for (let l = 1; l <= Math.min(config.eval.kBody, n); l++) kbody += power[l];
  for (let x = 0; x < q.length; x++) if (trainProbs[x] > 0) mass += q[x];
  return {
    metrics: 'exact',
    tvd_train: tvd(q, trainProbs),
    tvd_test: tvd(q, testProbs),
    kl_train: kl(q, trainProbs),
    kl_test: kl(q, testProbs),
    mmd,
    kbody_error: kbody,
    mass_on_train_support: mass,
  };
}
