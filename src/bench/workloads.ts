/**
 * Benchmark workloads, identical in circuit and loss to ../shared/peers/torch_qcbm.py so the figures compare:
 * HEP ansatz (L = 4), exact Born probabilities, MMD against a fixed random target, one backward pass.
 *  - step: batch 1, MMD averaged over σ ∈ {0.01, n/4, n};
 *  - scan: batch 256 random parameter sets, MMD σ = n/4 (the gradient-variance workload);
 *  - gate: one dense one-qubit gate, throughput in GB/s counting one read and one write of the state.
 * Timings are medians and minima over repetitions after one warm-up; wall clock, one process. Results are read with
 * `await data()`, which waits for a GPU's queue to drain (and is the only read the webgpu backend has in Node).
 */
import * as tf from '@tensorflow/tfjs';
import { hepAnsatz } from '../circuit/ansatz/hep';
import { EngineName, getEngine } from '../engines/engine';
import { activeKernels, jsKernels, kernelsReport, KernelSet } from '../engines/cpu/kernelSet';
import { mmdLoss, mmdOrderWeights } from '../losses/mmd';
import { createRng } from '../rng';
import { prepareTensorProgram, TensorOp } from '../engines/tensor/program';
import { applyMat2, Packed } from '../engines/tensor/ops';
import { trigForm } from '../circuit/factors';
import { cudaCopyTiming, cudaGateTiming } from '../engines/cuda/bench';

export interface Timing {
  ms_median: number;
  ms_min: number;
  reps: number;
}

/** Times `fn` after one warm-up: at least `minReps` runs, more while under `budgetMs`, at most `maxReps`. */
export async function timeIt(
  fn: () => void | Promise<void>,
  opts: { minReps?: number; maxReps?: number; budgetMs?: number } = {},
): Promise<Timing> {
  const { minReps = 3, maxReps = 20, budgetMs = 3000 } = opts;
  await fn();
  const ts: number[] = [];
  const start = performance.now();
  while (ts.length < minReps || (ts.length < maxReps && performance.now() - start < budgetMs)) {
    const t0 = performance.now();
    await fn();
    ts.push(performance.now() - t0);
  }
  ts.sort((a, b) => a - b);
  const mid = ts.length >> 1;
  const median = ts.length % 2 ? ts[mid] : (ts[mid - 1] + ts[mid]) / 2;
  return { ms_median: round(median), ms_min: round(ts[0]), reps: ts.length };
}

const range = (a: number, b: number, step = 1) =>
  Array.from({ length: Math.floor((b - a) / step) + 1 }, (_, i) => a + i * step);

/**
 * Default sizes per kind of backend. GPU: the tensor engine, step and scan at n = 12…24 with the scan batch 256 up to
 * n = 12 and halving per further qubit (B·2^n ≤ 2^20, so the tape fits), the gate at n = 20…26. CPU: both engines.
 * cuda (the engine auto picks where libcuda and a GPU are present): GPU sizes, no tape, so B·2^n ≤ 2^26.
 */
export function benchDefaults(
  gpu: boolean,
  main?: EngineName,
): { engines: EngineName[]; step: number[]; scan: number[]; gate: number[]; scanBatch: (n: number) => number } {
  if (main === 'cuda')
    return {
      engines: ['cuda'],
      step: [12, 16, 20, 24],
      scan: [12, 16, 20, 24],
      gate: range(20, 26),
      scanBatch: (n) => Math.max(1, Math.min(256, 2 ** (26 - n))),
    };
  return gpu
    ? {
        engines: ['tensor'],
        step: [12, 16, 20, 24],
        scan: [12, 16, 20, 24],
        gate: range(20, 26),
        scanBatch: (n) => Math.max(1, Math.min(256, 2 ** (20 - n))),
      }
    : {
        engines: ['cpu', 'tensor'],
        step: [8, 12, 16],
        scan: [8, 10, 12],
        gate: range(10, 20, 2),
        scanBatch: () => 256,
      };
}

/** Four significant digits. */
const round = (x: number) => Number(x.toPrecision(4));

/** The peer's target: rand(2^n)^8, normalised (our own seeded stream; the distribution is the same). */
function target(n: number, seed: number): tf.Tensor2D {
  const rng = createRng(seed);
  const t = Float32Array.from({ length: 2 ** n }, () => rng.uniform() ** 8);
  const s = t.reduce((a, b) => a + b, 0);
  return tf.tensor2d(
    t.map((x) => x / s),
    [1, 2 ** n],
  );
}

export interface QcbmBenchResult extends Timing {
  bench: 'step' | 'scan';
  engine: EngineName;
  kernels?: string;
  qubits: number;
  layers: number;
  batch: number;
  params: number;
  loss: number;
  grad_var: number | null;
  /** The loss without its gradient, and the step's time over it. */
  value_only_ms: number;
  grad_over_forward: number;
  rss_mb: number;
}

/** One QCBM training step (probabilities → MMD → gradient) on `engine`, batch 1 (step) or `batch` (scan, default 256). */
export async function qcbmBench(
  kind: 'step' | 'scan',
  n: number,
  engineName: EngineName,
  opts: { layers?: number; batch?: number; seed?: number; budgetMs?: number } = {},
): Promise<QcbmBenchResult> {
  const layers = opts.layers ?? 4,
    batch = kind === 'step' ? 1 : (opts.batch ?? 256),
    seed = opts.seed ?? 0;
  const circuit = hepAnsatz(n, layers),
    engine = getEngine(engineName);
  const sigmas = kind === 'step' ? [0.01, n / 4, n] : [n / 4];
  const q = target(n, seed),
    orderWeights = mmdOrderWeights(n, sigmas);
  const theta = tf.randomUniform([batch, circuit.nParams], 0, 2 * Math.PI, 'float32', seed + 1) as tf.Tensor2D;
  const out = { loss: 0, grad_var: null as number | null };
  // engines that reduce the loss where their states live (cuda) do; the others go through probabilities
  const loss = (t: tf.Tensor2D) =>
    engine.loss
      ? engine.loss(circuit, t, q, { loss: 'mmd', orderWeights })
      : mmdLoss(engine.probs(circuit, t), q, sigmas);
  const step = async () => {
    const [value, gradVar, grads] = tf.tidy(() => {
      const { value, grad: g } = tf.valueAndGrad((t: tf.Tensor) => tf.sum(loss(t as tf.Tensor2D)))(theta);
      return [value, batch > 1 ? tf.mean(tf.moments(g, 0).variance) : null, g];
    });
    out.loss = (await value.data())[0] / batch;
    out.grad_var = gradVar ? (await gradVar.data())[0] : null;
    await grads.data();
    tf.dispose([value, grads, ...(gradVar ? [gradVar] : [])]);
  };
  const t = await timeIt(step, { budgetMs: opts.budgetMs, minReps: n >= 18 ? 1 : 3 });
  // the same loss without its gradient: what the gradient costs on top of the forward pipeline
  const valueOnly = await timeIt(
    async () => {
      const v = tf.tidy(() => tf.sum(loss(theta)));
      await v.data();
      v.dispose();
    },
    { budgetMs: (opts.budgetMs ?? 3000) / 2, minReps: n >= 18 ? 1 : 3 },
  );
  tf.dispose([q, theta]);
  return {
    bench: kind,
    engine: engineName,
    ...(engineName === 'cpu' ? { kernels: kernelsReport() } : {}),
    qubits: n,
    layers,
    batch,
    params: circuit.nParams,
    ...t,
    loss: out.loss,
    grad_var: out.grad_var,
    value_only_ms: valueOnly.ms_median,
    grad_over_forward: round(t.ms_median / valueOnly.ms_median),
    rss_mb: Math.round(process.memoryUsage().rss / 2 ** 20),
  };
}

export interface GateBenchResult extends Timing {
  bench: 'gate' | 'copy';
  engine: EngineName;
  kernels?: string;
  qubits: number;
  gb_per_s: number;
}

const GATE = Float64Array.from([0.6, 0.1, 0.3, 0.2, -0.3, 0.2, 0.6, -0.1]);
const REPEATS = 10;

/** One dense one-qubit gate on a 2^n state, averaged over targets {0, n/2, n−1}. */
export async function gateBench(
  n: number,
  engineName: EngineName,
  kernels: KernelSet = activeKernels(),
): Promise<GateBenchResult> {
  const targets = [0, n >> 1, n - 1];
  let t: Timing;
  let bytesPerAmp: number;
  if (engineName === 'cuda') {
    const g = await cudaGateTiming(n, (run) => timeIt(run, { budgetMs: 2000, minReps: 2 }));
    return {
      bench: 'gate',
      engine: 'cuda',
      qubits: n,
      ms_median: round(g.ms_median),
      ms_min: round(g.ms_min),
      reps: g.reps,
      gb_per_s: round(g.bytes / (g.ms_median * 1e6)),
    };
  }
  if (engineName === 'cpu') {
    const ws = kernels.workspace(2 ** n);
    ws.re.fill(0.5);
    ws.im.fill(0);
    t = await timeIt(() => targets.forEach((q) => kernels.mat2(q, 0, GATE, ws.re, ws.im, n)), { budgetMs: 2000 });
    bytesPerAmp = 2 * 2 * 8; // read + write, re + im, Float64
  } else {
    // The tensor engine's one-qubit gate op (a webgpu kernel where active), REPEATS rounds over the targets, each state
    // freed as soon as the next is queued (so n = 26 needs two states, not thirty), one tiny read at the end so a GPU's
    // queue stays full and is drained before the clock stops.
    const factor = { kind: 'fixed' as const, form: trigForm('fixed', GATE), slot: -1 };
    const prog = prepareTensorProgram({
      nQubits: n,
      nParams: 0,
      dim: 2 ** n,
      slots: [],
      ops: targets.map((target) => ({ op: 'mat2' as const, target, controls: 0, factors: [factor] })),
    });
    const u = tf.tidy(() => tf.reshape(tf.slice(prog.k0, [0, 0], [1, 16]), [1, 4, 4])) as tf.Tensor3D; // the gate's real embedding
    const init = tf.tidy(() => tf.concat([tf.fill([1, 1, 2 ** n], 0.5), tf.zeros([1, 1, 2 ** n])])) as Packed;
    const run = async () => {
      let s = init;
      for (let r = 0; r < REPEATS; r++)
        for (const op of prog.ops) {
          const next = applyMat2(s, u, op as Extract<TensorOp, { op: 'mat2' }>, n, prog.fast);
          if (s !== init) s.dispose();
          s = next;
        }
      const corner = tf.slice(s, [0, 0, 0], [1, 1, 1]);
      s.dispose();
      await corner.data();
      corner.dispose();
    };
    t = await timeIt(run, { budgetMs: 2000, minReps: 2 });
    t = { ...t, ms_median: t.ms_median / REPEATS, ms_min: t.ms_min / REPEATS };
    bytesPerAmp = 2 * 2 * 4; // float32
    tf.dispose([...prog.tensors, u, init]);
  }
  const perGate = t.ms_median / targets.length;
  return {
    bench: 'gate',
    engine: engineName,
    ...(engineName === 'cpu' ? { kernels: kernels === jsKernels ? 'js' : kernelsReport() } : {}),
    qubits: n,
    ms_median: round(perGate),
    ms_min: round(t.ms_min / targets.length),
    reps: t.reps,
    gb_per_s: round((2 ** n * bytesPerAmp) / (perGate * 1e6)),
  };
}

/** The bandwidth roofline of the cuda gate: a device-to-device copy of a 2^n complex64 state, read + write counted. */
export async function copyBench(n: number): Promise<GateBenchResult> {
  const c = await cudaCopyTiming(n, (run) => timeIt(run, { budgetMs: 2000, minReps: 2 }));
  return {
    bench: 'copy',
    engine: 'cuda',
    qubits: n,
    ms_median: round(c.ms_median),
    ms_min: round(c.ms_min),
    reps: c.reps,
    gb_per_s: round(c.bytes / (c.ms_median * 1e6)),
  };
}
