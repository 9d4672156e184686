/**
 * Loss workloads for the benchmark suite: exact multi-bandwidth MMD at large n, batch 1 (Walsh–Hadamard and
 * Kronecker routes), and loss + gradient through the HEP ansatz for KL, MMD and LQF. Returns JSON-able records; the
 * caller (`npm run bench -- --only losses`) prints them after its BackendReport.
 * Timings: wall-clock ms per call including the host read-back of the result; RSS is process.memoryUsage().rss.
 */
import * as tf from '@tensorflow/tfjs';
import { hepAnsatz } from '../circuit/ansatz/hep';
import { mmdKronecker, mmdLoss } from '../losses/mmd';
import { resolveLoss } from '../losses/registry';
import { createRng, Rng } from '../rng';

export interface LossBenchOptions {
  /** Qubit counts of the exact-MMD workload. @default [16, 20, 22] */
  mmdQubits?: number[];
  /** Routes of the exact MMD. @default ['wht', 'kronecker'] */
  mmdMethods?: ('wht' | 'kronecker' | 'kronecker-ops')[];
  /** Qubits and layers of the HEP loss + gradient workload. @default 12, 4 */
  gradQubits?: number;
  gradLayers?: number;
  /** Timed repetitions after one warm-up. @default 5 */
  repeats?: number;
  seed?: number;
  /** Called with each record as soon as it is measured. */
  onResult?: (r: LossBenchRecord) => void;
}

export interface LossBenchRecord {
  workload: 'mmd-exact' | 'loss-grad';
  method: string;
  nQubits: number;
  batch: number;
  detail: string;
  msMedian: number;
  msMin: number;
  /** Resident set size after the timed runs, MB. */
  rssMB: number;
  /** Peak tfjs tensor memory during one call (tf.profile), MB. */
  peakTensorMB: number;
  backend: string;
}

const MB = 1024 * 1024;

/** A random distribution [1, 2^n] (uniform³ weights, normalised), as float32. */
function randomDistribution(n: number, rng: Rng): tf.Tensor2D {
  const v = new Float32Array(2 ** n);
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] = rng.uniform() ** 3;
  for (let i = 0; i < v.length; i++) v[i] /= s;
  return tf.tensor2d(v, [1, v.length]);
}

/** Empirical distribution of `m` samples drawn uniformly at random (sparse data, as in training). */
function sparseData(n: number, m: number, rng: Rng): tf.Tensor2D {
  const v = new Float32Array(2 ** n);
  for (let k = 0; k < m; k++) v[rng.int(v.length)] += 1 / m;
  return tf.tensor2d(v, [1, v.length]);
}

async function measure(
  fn: () => tf.Tensor,
  repeats: number,
): Promise<{ msMedian: number; msMin: number; rssMB: number; peakTensorMB: number }> {
  const run = () => {
    const t = fn();
    t.dataSync();
    t.dispose();
  };
  const prof = await tf.profile(run); // also the warm-up
  const times: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    msMedian: round(times[Math.floor(times.length / 2)]),
    msMin: round(times[0]),
    rssMB: round(process.memoryUsage().rss / MB),
    peakTensorMB: round(prof.peakBytes / MB),
  };
}

/** Runs the loss workloads on the active tfjs backend and returns one record per (workload, method, size). */
export async function lossBenchmarks(opts: LossBenchOptions = {}): Promise<LossBenchRecord[]> {
  const repeats = opts.repeats ?? 5,
    rng = createRng(opts.seed ?? 1),
    backend = tf.getBackend();
  const out: LossBenchRecord[] = [];
  const push = (r: LossBenchRecord) => {
    out.push(r);
    opts.onResult?.(r);
  };
  for (const n of opts.mmdQubits ?? [16, 20, 22]) {
    const sigmas = [0.01, n / 4, n];
    const q = randomDistribution(n, rng),
      p = sparseData(n, 1000, rng);
    for (const method of opts.mmdMethods ?? ['wht', 'kronecker']) {
      const f =
        method === 'wht'
          ? () => mmdLoss(q, p, sigmas)
          : () => mmdKronecker(q, p, sigmas, method === 'kronecker-ops' ? 'ops' : 'host');
      const m = await measure(f, repeats);
      push({
        workload: 'mmd-exact',
        method,
        nQubits: n,
        batch: 1,
        detail: `sigmas ${sigmas.join(',')}`,
        ...m,
        backend,
      });
    }
    tf.dispose([q, p]);
  }
  const n = opts.gradQubits ?? 12,
    layers = opts.gradLayers ?? 4,
    circuit = hepAnsatz(n, layers);
  const theta = tf.tensor2d(
    Float32Array.from({ length: circuit.nParams }, () => 2 * Math.PI * rng.uniform()),
    [1, circuit.nParams],
  );
  const data = sparseData(n, 1000, rng);
  for (const spec of ['kl', { loss: 'mmd', sigmas: [0.01, 'n/4', 'n'] }, 'lqf']) {
    const loss = resolveLoss(spec, n);
    const f = () =>
      tf.tidy(() => {
        const { value, grad } = tf.valueAndGrad((t: tf.Tensor) =>
          tf.sum(loss.ofCircuit(circuit, t as tf.Tensor2D, data)),
        )(theta);
        return tf.concat([tf.reshape(grad, [-1]), tf.reshape(value, [-1])]);
      });
    const m = await measure(f, repeats);
    push({
      workload: 'loss-grad',
      method: typeof spec === 'string' ? spec : spec.loss,
      nQubits: n,
      batch: 1,
      detail: `${circuit.name} (${circuit.nParams} params), ${loss.label}, loss + autodiff gradient`,
      ...m,
      backend,
    });
  }
  tf.dispose([theta, data]);
  return out;
}
