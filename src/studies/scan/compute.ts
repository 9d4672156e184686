/**
 * One scan point: the circuit at (n, layers), θ [draws, P] drawn once, then for every loss × dataset × shot budget the
 * per-draw loss values and gradients. Exact: ONE tf.grad of Σ_b L(θ_b) over the whole batch gives every row's
 * gradient in one backward pass (rows do not interact; the CPU engine spreads them over threads). With shots: loss
 * values from N-shot histograms, gradients by parameter shift with each circuit estimated from its own N shots
 * (losses/shots.ts: heavy, 2·#angles circuits per draw). Haar states: loss values only. All randomness is derived
 * from (seed, n, layers, dataset, loss, shots), never from the shard. Tensors are disposed before returning. Per point
 * also the collision probability Σ_x q_θ(x)² of the model's Born distribution U(θ)|0⟩ (anticoncentration: explicit
 * losses from polynomially many shots concentrate when it is exponentially small), averaged over the draws.
 */
import * as tf from '@tensorflow/tfjs';
import { Circuit } from '../../circuit/circuit';
import { paramShiftGrad } from '../../gradients/paramShift';
import { probs as engineProbs } from '../../engines/engine';
import { cachedInverse, dataState } from '../../losses/quantum';
import { sampleDistribution } from '../../losses/shots';
import { createRng, deriveSeed, Rng } from '../../rng';
import { haarProbs, scanCircuit } from './ansatz';
import { scanDistribution } from './datasets';
import { resolveScanLoss, ScanLoss } from './losses';
import { ScanPoint } from './points';
import { ScanSpec } from './spec';
import { computeIqpPoint } from './iqp';
import { drawStats, Estimate, GradStats } from './stats';

export interface EntryResult {
  /** Dataset name; null for the data-free costs. */
  dataset: string | null;
  /** Canonical loss shorthand (losses.ts scanLossKey). */
  loss: string;
  /** Shots per evaluation; null = exact probabilities. */
  shots: number | null;
  lossMean: Estimate;
  lossVar: Estimate;
  grad: GradStats | null;
  /** With shots and data: fraction of draws whose histogram has no shot on the data's support (explicit losses then sit at their fixed point: KL at Σp̃ log(p̃/ε), TVD at 2). */
  missFraction?: number;
}

export interface PointResult {
  index: number;
  n: number;
  depth: number | string;
  layers: number | null;
  /** Circuit name, or "haar". */
  circuit: string;
  nParams: number;
  draws: number;
  entries: EntryResult[];
  /** E_θ Σ_x q_θ(x)² of the model distribution U(θ)|0⟩ (of the Haar states at depth "haar"); absent in older shard files. */
  collision?: Estimate;
}

export interface PointHooks {
  /** Called after each loss evaluation with the draws it covered. */
  onEvaluation?: (draws: number) => void;
  /** Batch limit in amplitudes (rows × 2^n). @default MAX_BATCH_AMPLITUDES */
  maxBatchAmplitudes?: number;
}

/** Rows per batch: at most 2^22 amplitudes (64 MB per Float64 complex state copy), so memory stays bounded at any n. */
export const MAX_BATCH_AMPLITUDES = 1 << 22;

/**
 * Row ranges [start, end) of a point with D draws at n qubits split evenly among K circuit instances (instance k owns
 * rows ⌊kD/K⌋…⌊(k+1)D/K⌋−1), each cut into near-equal batches of at most `maxAmplitudes` amplitudes; a function of
 * (D, n, K) only, never of the shard.
 */
export function drawChunks(
  D: number,
  n: number,
  K = 1,
  maxAmplitudes = MAX_BATCH_AMPLITUDES,
): { instance: number; rows: [number, number] }[] {
  const size = Math.max(1, Math.floor(maxAmplitudes / 2 ** n)),
    out: { instance: number; rows: [number, number] }[] = [];
  for (let k = 0; k < K; k++) {
    const a = Math.floor((k * D) / K),
      len = Math.floor(((k + 1) * D) / K) - a,
      count = Math.ceil(len / size);
    for (let i = 0; i < count; i++)
      out.push({ instance: k, rows: [a + Math.floor((i * len) / count), a + Math.floor(((i + 1) * len) / count)] });
  }
  return out;
}

/** Where a batch of rows comes from: θ rows of a circuit, or Haar states (probabilities of what the loss reads). */
type Batch = { circuit: Circuit; theta: tf.Tensor2D } | { circuit: null; haar: tf.Tensor2D };

interface Rows {
  values: Float32Array;
  grads: Float32Array | null;
  /** Rows whose shot histogram missed the data's support. */
  misses: number;
}

/** Per-row loss and, with gradients on, per-row gradient from one tf.grad of the summed loss over the batch. */
function exactRows(loss: ScanLoss, b: Batch, data: tf.Tensor2D, spec: ScanSpec): Rows {
  if (!b.circuit)
    return {
      values: readValues(tf.tidy(() => loss.ofDistributions({ probs: b.haar }, { probs: data }))),
      grads: null,
      misses: 0,
    };
  const { circuit, theta } = b;
  if (!spec.gradients)
    return {
      values: readValues(
        tf.tidy(() =>
          loss.ofDistributions({ probs: loss.readProbs(circuit, theta, data, spec.engine) }, { probs: data }),
        ),
      ),
      grads: null,
      misses: 0,
    };
  let rows: tf.Tensor | null = null;
  const g = tf.grad((t: tf.Tensor) => {
    const r = loss.ofDistributions(
      { probs: loss.readProbs(circuit, t as tf.Tensor2D, data, spec.engine) },
      { probs: data },
    );
    rows = tf.keep(r); // the per-row values, kept out of the gradient's scope
    return tf.sum(r);
  })(theta);
  return { values: readValues(rows as unknown as tf.Tensor), grads: readValues(g), misses: 0 };
}

function readValues(t: tf.Tensor): Float32Array {
  const v = t.dataSync() as Float32Array;
  t.dispose();
  return v;
}

/** Rows of a histogram [B, 2^n] with zero mass on the support of p̃. */
function countMisses(hist: Float32Array, support: number[], dim: number): number {
  let miss = 0;
  for (let r = 0; r < hist.length / dim; r++) if (support.every((x) => hist[r * dim + x] === 0)) miss++;
  return miss;
}

/** Loss values from `shots`-shot histograms and, for circuits with gradients on, shot parameter-shift gradients. */
function shotRows(
  loss: ScanLoss,
  b: Batch,
  data: tf.Tensor2D,
  support: number[] | null,
  shots: number,
  rng: Rng,
  gradRng: Rng,
  spec: ScanSpec,
): Rows {
  const exact = b.circuit ? tf.tidy(() => loss.readProbs(b.circuit, b.theta, data, spec.engine)) : b.haar;
  const est = sampleDistribution(exact, shots, rng);
  if (b.circuit) exact.dispose();
  const values = readValues(loss.ofDistributions({ probs: est.probs, shots }, { probs: data }));
  const misses =
    support && loss.usesData ? countMisses(est.probs.dataSync() as Float32Array, support, data.shape[1]) : 0;
  est.probs.dispose();
  if (!(b.circuit && spec.gradients)) return { values, grads: null, misses };
  const objective = (q: tf.Tensor2D) => loss.ofDistributions({ probs: q, shots }, { probs: data });
  const estimate = (q: tf.Tensor2D) => sampleDistribution(q, shots, gradRng).probs;
  const init = loss.reads === 'inverse' ? dataState(data) : undefined;
  const g = paramShiftGrad(init ? cachedInverse(b.circuit) : b.circuit, b.theta, objective, {
    engine: spec.engine,
    init,
    estimate,
  });
  if (init) tf.dispose([init.re, init.im]);
  return { values, grads: readValues(g), misses };
}

/** Evaluates one point of `spec`; every tensor it makes is disposed. */
export function computePoint(spec: ScanSpec, point: ScanPoint, hooks: PointHooks = {}): PointResult {
  if (spec.ansatz === 'iqp') return computeIqpPoint(spec, point, hooks);
  const { n, layers } = point;
  const instances = Array.from({ length: spec.circuits }, (_, k) => scanCircuit(spec.ansatz, n, layers, spec.seed, k));
  const sc = instances[0],
    circuit = sc.circuit,
    P = circuit ? circuit.nParams : 0,
    D = spec.draws,
    tag = layers ?? 'haar',
    dim = 2 ** n;
  const losses = spec.losses.map((l, i) => resolveScanLoss(l, n, `losses.${i}`));
  const thetaHost = circuit ? sc.sampleTheta(createRng(deriveSeed(spec.seed, 'theta', n, tag)), D) : null;
  const chunks = drawChunks(D, n, spec.circuits, hooks.maxBatchAmplitudes);
  // One batch per chunk, made when used and disposed right after. Rows do not interact and Haar states are seeded per
  // draw, so the chunking changes no number — except shot parameter-shift gradients, whose sampling follows the chunks.
  const batch = ({ instance, rows: [a, z] }: (typeof chunks)[number]): Batch =>
    circuit
      ? { circuit: instances[instance].circuit!, theta: tf.tensor2d(thetaHost!.subarray(a * P, z * P), [z - a, P]) }
      : {
          circuit: null,
          haar: tf.tensor2d(
            haarProbs(n, a, z, (d) => createRng(deriveSeed(spec.seed, 'haar', n, d))),
            [z - a, dim],
          ),
        };
  const entries: EntryResult[] = [];
  for (const loss of losses)
    for (const dataset of loss.usesData ? spec.datasets : [null]) {
      const p = dataset === null ? null : scanDistribution(dataset, n, spec.seed);
      const support = p ? [...p.keys()].filter((x) => p[x] > 0) : null;
      const data = tf.tensor2d(p ? Float32Array.from(p) : new Float32Array(dim), [1, dim]);
      try {
        for (const s of spec.shots) {
          const shots = s === 'exact' ? null : s;
          const label = [spec.seed, n, tag, dataset ?? '-', loss.key, shots ?? 'exact'] as const;
          const rng = createRng(deriveSeed(...label, 'shots')),
            gradRng = createRng(deriveSeed(...label, 'param-shift'));
          const values = new Float32Array(D),
            grads = spec.gradients && circuit ? new Float32Array(D * P) : null;
          let misses = 0;
          for (const c of chunks) {
            const b = batch(c);
            try {
              const r =
                shots === null
                  ? exactRows(loss, b, data, spec)
                  : shotRows(loss, b, data, support, shots, rng, gradRng, spec);
              values.set(r.values, c.rows[0]);
              if (grads && r.grads) grads.set(r.grads, c.rows[0] * P);
              misses += r.misses;
            } finally {
              tf.dispose(b.circuit ? b.theta : b.haar);
            }
          }
          const st = drawStats(values, grads, P, {
            resamples: spec.bootstrap,
            level: spec.level,
            seed: deriveSeed(...label, 'bootstrap'),
          });
          entries.push({
            dataset,
            loss: loss.key,
            shots,
            ...st,
            ...(shots !== null && support && loss.usesData ? { missFraction: misses / D } : {}),
          });
          hooks.onEvaluation?.(D);
        }
      } finally {
        data.dispose();
      }
    }
  // Σ_x q(x)² per draw, from one more forward pass without gradients
  const coll = new Float64Array(D);
  for (const c of chunks) {
    const b = batch(c);
    try {
      coll.set(
        readValues(
          tf.tidy(() =>
            tf.sum(tf.square(b.circuit ? engineProbs(b.circuit, b.theta, { engine: spec.engine }) : b.haar), 1),
          ),
        ),
        c.rows[0],
      );
    } finally {
      tf.dispose(b.circuit ? b.theta : b.haar);
    }
  }
  const collision = drawStats(coll, null, 0, {
    resamples: spec.bootstrap,
    level: spec.level,
    seed: deriveSeed(spec.seed, n, tag, 'collision', 'bootstrap'),
  }).lossMean;
  const name = circuit ? `${circuit.name}${spec.circuits > 1 ? ` ×${spec.circuits} instances` : ''}` : 'haar';
  return { index: point.index, n, depth: point.depth, layers, circuit: name, nParams: P, draws: D, entries, collision };
}
