/**
 * The models a study judges, behind one view: per mask a, an unbiased estimate of (⟨Z_a⟩_p − ⟨Z_a⟩_q)² against given
 * data correlators p_a (the MMD and the correlator errors are averages of these), the distribution q [2^n] where one
 * exists, and a sampler where a classical one exists. Exact for the classical baselines, the training events and the
 * state-vector QCBM; for the IQP model exact by the closed form (≤ 2-body generators, masks of weight ≤ W) and else
 * the Monte-Carlo z route with the unbiased square (U-statistic over z, as models/iqp/mmd.ts). Samples of an IQP
 * model past 20 qubits would need a quantum computer: none are drawn.
 */
import * as tf from '@tensorflow/tfjs';
import { BitRows, fromIndices, getBit, indexOf, WeightedRows, zCorrelators } from '../../data/bitRows';
import { allCorrelators } from '../../data/stats';
import { ClassicalModel } from '../../models/classical/model';
import { exactCorrelators } from '../../models/iqp/closedForm';
import { Generators } from '../../models/iqp/generators';
import { maskDraw } from '../../models/iqp/mmd';
import { selectRows } from '../../models/iqp/tables';
import { zCosineSums } from '../../models/iqp/zSums';
import { Rng } from '../../rng';
import { sampleIndices } from '../../state/sample';

export interface Candidate {
  id: string;
  label: string;
  /** Free parameters (null for the training events themselves). */
  nParams: number | null;
  /** How ⟨Z_a⟩_q is obtained, for the report. */
  method: string;
  /** Unbiased estimates of (p_a − ⟨Z_a⟩_q)², [masks.rows]. */
  squaredErrors(masks: BitRows, p: Float64Array, rng: Rng): Float64Array;
  distribution: Float64Array | null;
  sample: ((count: number, rng: Rng) => BitRows) | null;
  /** Why there are no samples, when there are none. */
  noSamples?: string;
}

const squared = (p: Float64Array, q: Float64Array) => Float64Array.from(p, (v, a) => (v - q[a]) ** 2);

/** Seeded samples of a distribution q [2^n] as bit rows. */
const denseSampler = (q: Float64Array, n: number) => (count: number, rng: Rng) =>
  fromIndices(sampleIndices(q, count, rng), n);

/** A classical baseline (exact correlators at any n). */
export function classicalCandidate(id: string, m: ClassicalModel): Candidate {
  return {
    id,
    label: m.label,
    nParams: m.nParams,
    method: 'exact',
    distribution: m.distribution(),
    squaredErrors: (masks, p) => squared(p, m.correlators(masks)),
    sample: (count, rng) => m.sample(count, rng),
  };
}

/** The training events as a model: the floor set by finite data (its held-out error is sampling noise only). */
export function trainingEventsCandidate(train: WeightedRows): Candidate {
  const n = train.rows.nQubits,
    cum = new Float64Array(train.weights.length);
  train.weights.reduce((s, w, i) => (cum[i] = s + w), 0);
  let dist: Float64Array | null = null;
  if (n <= 20) {
    dist = new Float64Array(2 ** n);
    for (let r = 0; r < train.rows.rows; r++) dist[indexOf(train.rows, r)] += train.weights[r];
  }
  return {
    id: 'train-events',
    label: 'training events (empirical)',
    nParams: null,
    method: 'exact',
    distribution: dist,
    squaredErrors: (masks, p) => squared(p, zCorrelators(train, masks)),
    sample: (count, rng) => {
      const pick = Uint32Array.from({ length: count }, () => {
        const u = rng.uniform() * cum[cum.length - 1];
        let lo = 0,
          hi = cum.length - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (cum[mid] > u) hi = mid;
          else lo = mid + 1;
        }
        return lo;
      });
      return selectRows(train.rows, pick);
    },
  };
}

/** A state-vector model with its exact distribution q [2^n] (the QCBM): correlators by one Walsh–Hadamard transform. */
export function distributionCandidate(id: string, label: string, nParams: number, q: Float64Array): Candidate {
  const n = Math.log2(q.length),
    z = allCorrelators(q);
  return {
    id,
    label,
    nParams,
    method: 'exact (state vector)',
    distribution: q,
    sample: denseSampler(q, n),
    // mask a → basis index of a (qubit 0 = most significant bit) → z_A
    squaredErrors: (masks, p) => Float64Array.from(p, (v, r) => (v - z[indexOf(masks, r)]) ** 2),
  };
}

/** The IQP model: closed form where it applies, unbiased Monte-Carlo in z beyond; q and samples only for n ≤ 20. */
export function iqpCandidate(
  label: string,
  g: Generators,
  theta: Float64Array,
  q: Float64Array | null,
  o: { exactMaskWeight: number; zSamples: number },
): Candidate {
  let twoBody = true;
  for (let j = 0; j < g.count; j++) if (g.offsets[j + 1] - g.offsets[j] > 2) twoBody = false;
  return {
    id: 'iqp',
    label,
    nParams: g.count,
    distribution: q,
    method: twoBody
      ? `closed form for masks of weight ≤ ${o.exactMaskWeight}, Monte-Carlo (${o.zSamples} z, unbiased square) above`
      : `Monte-Carlo (${o.zSamples} z, unbiased square)`,
    squaredErrors(masks, p, rng) {
      const out = new Float64Array(masks.rows),
        light: number[] = [],
        heavy: number[] = [];
      for (let r = 0; r < masks.rows; r++) {
        let w = 0;
        for (let k = 0; k < masks.nQubits; k++) w += getBit(masks, r, k);
        (w === 0 || (twoBody && w <= o.exactMaskWeight) ? light : heavy).push(r);
      }
      if (light.length) {
        const qz = exactCorrelators(g, theta, selectRows(masks, light)).values;
        light.forEach((r, i) => (out[r] = (p[r] - qz[i]) ** 2));
      }
      if (heavy.length) {
        const ph = Float64Array.from(heavy, (r) => p[r]),
          N = o.zSamples;
        const d = maskDraw(g, selectRows(masks, heavy), ph, new Float64Array(heavy.length).fill(1), N, rng);
        const sums = tf.tidy(() => zCosineSums(tf.tensor2d(Float32Array.from(theta), [1, g.count]), d.tables, 'cpu'));
        const s = sums.dataSync();
        sums.dispose();
        heavy.forEach((r, i) => {
          const c1 = s[i],
            c2 = s[heavy.length + i];
          // d̄² − s²/N: the mean over pairs of distinct z of products of single-z errors, unbiased for (p − q)²
          out[r] = (ph[i] - c1 / N) ** 2 - (c2 - (c1 * c1) / N) / (N * (N - 1));
        });
      }
      return out;
    },
    sample: q ? denseSampler(q, g.nQubits) : null,
    ...(q
      ? {}
      : {
          noSamples: `sampling a ${g.nQubits}-qubit IQP circuit is believed classically hard (Bremner, Montanaro, Shepherd 2016); it needs a quantum computer, or n ≤ 20 here`,
        }),
  };
}
