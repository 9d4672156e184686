/**
 * QBM studies ([O] §4.4). Gradient scaling: for random θ (uniform in [−w, w]) and the visible objective ⟨Z_0⟩ of the
 * visible marginal, per-term gradient variances over the draws (one tf.grad over θ [B, K]), averaged separately over
 * terms that touch a hidden qubit and purely visible terms, vs n_h, with exponential fits. Training: KL(p*‖q) on the
 * visible distribution, or the quantum relative entropy S(σ‖ρ_v) against σ = diag(p*), with Adam (train/'s, trainInMemory).
 */
import * as tf from '@tensorflow/tfjs';
import { qbmModel, qbmVisibleProbs, qbmVisibleState, QbmModel } from '../../models/qbm';
import { createRng, deriveSeed } from '../../rng';
import { zExpectations } from '../../state/born';
import { quantumRelativeEntropy } from '../../state/relativeEntropy';
import { STUDY_ADAM, trainInMemory, tensorObjective } from '../../train/inMemory';
import { Adam } from '../../train/optimizers/adam';
import { exponentialFit, ExponentialFit } from '../fits';
import { ghzTarget, klHost, tvdHost } from '../hidden/visibleTask';
import { QbmStudyOptions } from './spec';

export interface QbmGradientRow {
  nHidden: number;
  terms: number;
  hiddenTerms: number;
  visibleTerms: number;
  meanVarHidden: number;
  meanVarVisible: number;
  maxAbsGradHidden: number;
  maxAbsGradVisible: number;
}

function randomTheta(m: QbmModel, draws: number, width: number, seed: number): tf.Tensor2D {
  const rng = createRng(seed),
    K = m.terms.length;
  return tf.tensor2d(
    Float32Array.from({ length: draws * K }, () => width * (2 * rng.uniform() - 1)),
    [draws, K],
  );
}

export function qbmGradientScan(o: {
  nVisible: number;
  nHidden: number[];
  draws: number;
  width: number;
  seed: number;
}): { rows: QbmGradientRow[]; fits: { hidden: ExponentialFit; visible: ExponentialFit } | null } {
  const rows = o.nHidden.map((nh) => {
    const m = qbmModel({ nVisible: o.nVisible, nHidden: nh }),
      K = m.terms.length,
      B = o.draws;
    const g = tf.tidy(() => {
      const f = (t: tf.Tensor) => tf.sum(zExpectations(qbmVisibleProbs(m, t as tf.Tensor2D), [[0]])) as tf.Scalar;
      return tf
        .grad(f)(randomTheta(m, B, o.width, deriveSeed(o.seed, 'qbm', nh)))
        .dataSync();
    });
    const varOf = (k: number) => {
      let s = 0,
        s2 = 0;
      for (let b = 0; b < B; b++) {
        s += g[b * K + k];
        s2 += g[b * K + k] ** 2;
      }
      return (s2 - (s * s) / B) / (B - 1);
    };
    const maxAbs = (k: number) => Math.max(...Array.from({ length: B }, (_, b) => Math.abs(g[b * K + k])));
    const hid = [...Array(K).keys()].filter((k) => m.hiddenCoupled[k]),
      vis = [...Array(K).keys()].filter((k) => !m.hiddenCoupled[k]);
    const mean = (ks: number[], fn: (k: number) => number) =>
      ks.length ? ks.reduce((a, k) => a + fn(k), 0) / ks.length : NaN;
    return {
      nHidden: nh,
      terms: K,
      hiddenTerms: hid.length,
      visibleTerms: vis.length,
      meanVarHidden: mean(hid, varOf),
      meanVarVisible: mean(vis, varOf),
      maxAbsGradHidden: hid.length ? Math.max(...hid.map(maxAbs)) : NaN,
      maxAbsGradVisible: Math.max(...vis.map(maxAbs)),
    };
  });
  const withHidden = rows.filter((r) => r.nHidden > 0);
  const fits =
    withHidden.length >= 3
      ? {
          hidden: exponentialFit(
            withHidden.map((r) => r.nHidden),
            withHidden.map((r) => r.meanVarHidden),
          ),
          visible: exponentialFit(
            withHidden.map((r) => r.nHidden),
            withHidden.map((r) => r.meanVarVisible),
          ),
        }
      : null;
  return { rows, fits };
}

export interface QbmTrainRow {
  nHidden: number;
  objective: 'kl' | 'qre';
  seed: number;
  kl: number;
  tvd: number;
  history: number[];
}

/** Adam (train/, trainInMemory) on KL(p*‖q) or S(diag p* ‖ ρ_v) for a QBM; p* = ½ on 0…0 and 1…1 of the visible bits. */
export async function qbmTrain(o: {
  nVisible: number;
  nHidden: number;
  objective: 'kl' | 'qre';
  steps: number;
  lr: number;
  width: number;
  seed: number;
}): Promise<QbmTrainRow> {
  const m = qbmModel({ nVisible: o.nVisible, nHidden: o.nHidden }),
    p = ghzTarget(o.nVisible),
    d = p.length,
    K = m.terms.length;
  const init = randomTheta(m, 1, o.width, deriveSeed(o.seed, 'qbm-train', o.nHidden));
  const theta = Float64Array.from(init.dataSync());
  init.dispose();
  const target = tf.tensor2d(Float32Array.from(p), [1, d]);
  const sigma = {
    re: tf.reshape(tf.mul(tf.eye(d), tf.tensor1d(Float32Array.from(p))), [1, d, d]) as tf.Tensor3D,
    im: tf.zeros([1, d, d]) as tf.Tensor3D,
  };
  const loss = (t: tf.Tensor2D) =>
    o.objective === 'kl'
      ? (tf.sum(
          tf.mul(target, tf.sub(tf.log(tf.maximum(target, 1e-30)), tf.log(tf.maximum(qbmVisibleProbs(m, t), 1e-6)))),
        ) as tf.Scalar)
      : (tf.sum(quantumRelativeEntropy(sigma, qbmVisibleState(m, t))) as tf.Scalar);
  try {
    const { losses: history } = await trainInMemory(tensorObjective(loss, K), theta, {
      optimizer: new Adam(K, STUDY_ADAM),
      steps: o.steps,
      lr: o.lr,
    });
    const q = tf.tidy(() => qbmVisibleProbs(m, tf.tensor2d(Float32Array.from(theta), [1, K])).dataSync());
    return {
      nHidden: o.nHidden,
      objective: o.objective,
      seed: o.seed,
      kl: klHost(p, q, 1e-6),
      tvd: tvdHost(p, q),
      history,
    };
  } finally {
    tf.dispose([target, sigma.re, sigma.im]);
  }
}

export interface QbmResults {
  scan: ReturnType<typeof qbmGradientScan>;
  train: QbmTrainRow[];
}

/** Rough relative costs: e^{−H} of a 2^n × 2^n Hamiltonian per draw or step (8^n), for progress lines and their ETA. */
function workOf(o: QbmStudyOptions) {
  const dense = (n: number) => 8 ** n;
  return {
    scan: o.draws * o.nHidden.reduce((s, nh) => s + dense(o.nVisible + nh), 0),
    run: (nh: number) => o.steps * dense(o.trainVisible + nh),
  };
}

/** The study's total work, in the units its tick reports. */
export function qbmWork(o: QbmStudyOptions): number {
  const work = workOf(o);
  return work.scan + 2 * o.seeds * o.trainHidden.reduce((s, nh) => s + work.run(nh), 0);
}

/** The gradient scan, then KL and QRE training for each n_h of trainHidden over `seeds` seeds. */
export async function qbmStudy(o: QbmStudyOptions, tick?: (units: number, label: string) => void): Promise<QbmResults> {
  const work = workOf(o);
  const scan = qbmGradientScan({
    nVisible: o.nVisible,
    nHidden: o.nHidden,
    draws: o.draws,
    width: o.width,
    seed: o.seed,
  });
  tick?.(work.scan, 'gradient variances');
  const train: QbmTrainRow[] = [];
  for (const nh of o.trainHidden)
    for (const objective of ['kl', 'qre'] as const)
      for (let s = 0; s < o.seeds; s++) {
        train.push(
          await qbmTrain({
            nVisible: o.trainVisible,
            nHidden: nh,
            objective,
            steps: o.steps,
            lr: o.lr,
            width: o.width,
            seed: o.seed + s,
          }),
        );
        tick?.(work.run(nh), `training n_h = ${nh}, ${objective}, seed ${s + 1}/${o.seeds}`);
      }
  return { scan, train };
}
