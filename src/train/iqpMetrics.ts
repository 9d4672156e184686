/**
 * What an IQP run reports when 2^n probabilities are out of reach (n > 20): TVD, KL and the mass on the support need
 * q(x) for every x and are skipped. Instead, against the training and the held-out rows:
 *  - MMD² at each evaluation bandwidth, the unbiased Monte-Carlo estimate from ONE fixed seeded draw of masks and z
 *    (the same for train and test and at every evaluation, so curves are comparable; counts as the phase-0 loss);
 *  - the l-body correlator errors Σ_{|A|=l} (⟨Z_A⟩_q − ⟨Z_A⟩_p)² for l = 1 … eval.kBody: exact model correlators
 *    (closed form) when every generator is ≤ 2-body, else unbiased Monte-Carlo estimates with the eval z draw. When
 *    C(n, l) exceeds 50 000 subsets, a seeded uniform sample of 50 000 is used and the sum scaled (unbiased).
 * Where n ≤ 20 the trainer reports the exact metrics of metrics.ts instead.
 */
import * as tf from '@tensorflow/tfjs';
import { BitRows, emptyRows, setBit, WeightedRows, zCorrelators } from '../data/bitRows';
import { resolveBandwidth } from '../losses/bandwidth';
import { exactCorrelators } from '../models/iqp/closedForm';
import { Generators } from '../models/iqp/generators';
import { dataMoments } from '../models/iqp/init';
import { drawMmd, iqpMmd, maskDraw, MmdDraw } from '../models/iqp/mmd';
import { createRng } from '../rng';
import { iqpSampleCounts } from './iqpObjective';
import { IqpProblem } from './problem';

export interface CorrelatorMetrics {
  metrics: 'correlators';
  /** MMD² estimates keyed "σ=<bandwidth as written>", train and test rows. */
  mmd_train: Record<string, number>;
  mmd_test: Record<string, number>;
  /** [l − 1] = Σ_{|A|=l} (⟨Z_A⟩_q − ⟨Z_A⟩_p)², l = 1 … kBody. */
  corr_train: number[];
  corr_test: number[];
  corr_method: 'closed-form' | 'monte-carlo';
}

const MAX_SUBSETS = 50_000;

function binomial(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c;
}

/** The |A| = l masks (all, or a seeded uniform sample of MAX_SUBSETS) and the factor that scales their sum to all. */
export function orderMasks(n: number, l: number, seed: string): { masks: BitRows; lists: number[][]; scale: number } {
  const total = binomial(n, l),
    lists: number[][] = [];
  if (total <= MAX_SUBSETS) {
    const idx = Array.from({ length: l }, (_, t) => t);
    for (;;) {
      lists.push([...idx]);
      let t = l - 1;
      while (t >= 0 && idx[t] === n - l + t) t--;
      if (t < 0) break;
      idx[t]++;
      for (let u = t + 1; u < l; u++) idx[u] = idx[u - 1] + 1;
    }
  } else {
    const rng = createRng(seed);
    while (lists.length < MAX_SUBSETS) {
      const s = new Set<number>();
      while (s.size < l) s.add(rng.int(n));
      lists.push([...s].sort((a, b) => a - b));
    }
  }
  const masks = emptyRows(n, lists.length);
  lists.forEach((qs, r) => qs.forEach((q) => setBit(masks, r, q)));
  return { masks, lists, scale: total / lists.length };
}

/** ⟨Z_A⟩_p of the masks: from first and second moments for |A| ≤ 2 (cheap at any n), else by parity sums. */
function dataSide(
  data: WeightedRows,
  masks: BitRows,
  lists: number[][],
  moments: ReturnType<typeof dataMoments> | null,
): Float64Array {
  if (!moments || lists.some((qs) => qs.length > 2)) return zCorrelators(data, masks);
  const { mean, second } = moments,
    n = mean.length;
  return Float64Array.from(lists, (qs) =>
    qs.length === 1 ? 1 - 2 * mean[qs[0]] : 1 - 2 * mean[qs[0]] - 2 * mean[qs[1]] + 4 * second[qs[0] * n + qs[1]],
  );
}

/** Builds the evaluator of a large-n IQP run (fixed draws made once). */
export function iqpEvaluator(problem: IqpProblem): (theta: Float64Array) => CorrelatorMetrics {
  const { config, generators: g } = problem,
    n = g.nQubits,
    seed = config.seed;
  const counts = iqpSampleCounts(problem, 0);
  const sigmaKeys = config.eval.sigmas.map((s) => `σ=${s}`),
    sigmas = config.eval.sigmas.map((s) => resolveBandwidth(s, n, 'eval.sigmas'));
  const mmdDraws = (rows: WeightedRows) =>
    sigmas.map((s, i) => drawMmd(g, rows, [s], counts, createRng(`iqp-eval/${seed}/${i}`)));
  const mmdTrain = mmdDraws(problem.trainRows),
    mmdTest = mmdDraws(problem.testRows);
  const closed = isTwoBody(g),
    kMax = Math.min(config.eval.kBody, n);
  const mTrain = kMax <= 2 ? dataMoments(problem.trainRows) : null,
    mTest = kMax <= 2 ? dataMoments(problem.testRows) : null;
  const orders = Array.from({ length: kMax }, (_, i) => {
    const { masks, lists, scale } = orderMasks(n, i + 1, `iqp-eval-masks/${seed}/${i + 1}`);
    const pTrain = dataSide(problem.trainRows, masks, lists, mTrain),
      pTest = dataSide(problem.testRows, masks, lists, mTest);
    const w = new Float64Array(masks.rows).fill(scale);
    const mc = closed
      ? null
      : [pTrain, pTest].map((p) => maskDraw(g, masks, p, w, counts.z, createRng(`iqp-eval-z/${seed}/${i + 1}`)));
    return { masks, pTrain, pTest, scale, mc };
  });
  const estimate = (theta: Float64Array, d: MmdDraw) =>
    tf.tidy(() => iqpMmd(tf.tensor2d(Float32Array.from(theta), [1, g.count]), d).dataSync()[0]);
  return (theta) => {
    const corr_train: number[] = [],
      corr_test: number[] = [];
    for (const o of orders) {
      if (o.mc) {
        corr_train.push(estimate(theta, o.mc[0]));
        corr_test.push(estimate(theta, o.mc[1]));
        continue;
      }
      const q = exactCorrelators(g, theta, o.masks).values;
      const err = (p: Float64Array) => o.scale * q.reduce((s, v, a) => s + (v - p[a]) ** 2, 0);
      corr_train.push(err(o.pTrain));
      corr_test.push(err(o.pTest));
    }
    return {
      metrics: 'correlators',
      mmd_train: Object.fromEntries(sigmaKeys.map((k, i) => [k, estimate(theta, mmdTrain[i])])),
      mmd_test: Object.fromEntries(sigmaKeys.map((k, i) => [k, estimate(theta, mmdTest[i])])),
      corr_train,
      corr_test,
      corr_method: closed ? 'closed-form' : 'monte-carlo',
    };
  };
}

function isTwoBody(g: Generators): boolean {
  for (let j = 0; j < g.count; j++) if (g.offsets[j + 1] - g.offsets[j] > 2) return false;
  return true;
}
