/**
 * The IQP benchmark (`npm run bench -- --only iqp`): one training step of an IQP Born machine — draw masks a and z
 * samples, the Monte-Carlo MMD² and its full gradient — at n = 64 (all 1- and 2-body generators, 2080 parameters),
 * n = 256 and n = 1000 (Erdős–Rényi graphs of mean degree 8 plus all singles), each at a wide kernel (σ = n/4) and a
 * narrow one (σ = 1), with 1000 masks and 1000 z samples by default. Data: 2000 seeded rows with Bernoulli(0.3) bits;
 * θ: the small-angle initialisation. Reported: median step time, the draw's share, peak resident memory, the bytes
 * the estimate was budgeted, and the estimator's standard error at these counts, measured from 8 independent
 * estimates of the loss (and 4 of the gradient) at the same θ. Memory grows with samples and generators, never 2^n.
 */
import * as tf from '@tensorflow/tfjs';
import { emptyRows, setBit, weighted, WeightedRows } from '../data/bitRows';
import { GeneratorSpec, iqpGenerators } from '../models/iqp/generators';
import { initialIqpTheta } from '../models/iqp/init';
import { drawMmd, iqpMmd, mmdDrawBytes, MmdSampleCounts } from '../models/iqp/mmd';
import { resolveZSumsPath, ZSumsPath } from '../models/iqp/zSums';
import { createRng } from '../rng';
import { timeIt, Timing } from './workloads';

export interface IqpBenchCase {
  n: number;
  generators: GeneratorSpec;
  /** Bandwidths as expressions of n ("n/4") or numbers. */
  sigmas: (number | 'n/4')[];
}

/** The default cases: the three sizes × a wide and a narrow kernel. */
export function iqpBenchCases(sizes: number[] = [64, 256, 1000]): IqpBenchCase[] {
  return sizes.flatMap((n) => {
    const generators: GeneratorSpec = n <= 64 ? { topology: 'all' } : { topology: 'erdos-renyi', degree: 8, seed: 1 };
    return [
      { n, generators, sigmas: ['n/4'] },
      { n, generators, sigmas: [1] },
    ] as IqpBenchCase[];
  });
}

export interface IqpBenchResult extends Timing {
  bench: 'iqp';
  path: 'cpu' | 'tensor';
  qubits: number;
  generators: string;
  params: number;
  sigmas: number[];
  a_samples: number;
  z_samples: number;
  draw_ms: number;
  loss: number;
  /** Standard deviation of one step's loss estimate (8 independent draws). */
  loss_se: number;
  /** √(mean_j Var[∂_j]) / ‖mean ∂‖/√P over 4 independent gradient estimates. */
  grad_rel_se: number;
  budget_bytes: number;
  peak_rss_mb: number;
}

function benchData(n: number, rows: number, seed: string): WeightedRows {
  const rng = createRng(seed),
    r = emptyRows(n, rows);
  for (let i = 0; i < rows; i++) for (let q = 0; q < n; q++) if (rng.uniform() < 0.3) setBit(r, i, q);
  return weighted(r);
}

const sd = (x: number[]) => {
  const m = x.reduce((a, b) => a + b, 0) / x.length;
  return Math.sqrt(x.reduce((a, b) => a + (b - m) ** 2, 0) / (x.length - 1));
};

export async function iqpBench(
  c: IqpBenchCase,
  counts: MmdSampleCounts = { a: 1000, z: 1000 },
  path: ZSumsPath = 'auto',
): Promise<IqpBenchResult> {
  const g = iqpGenerators(c.generators, c.n),
    sigmas = c.sigmas.map((s) => (s === 'n/4' ? c.n / 4 : s));
  const data = benchData(c.n, 2000, `iqp-bench/${c.n}`),
    rng = createRng(`iqp-bench-draws/${c.n}`);
  const theta = tf.tensor2d(Float32Array.from(initialIqpTheta(g, { kind: 'small-angle' }, createRng(1))), [1, g.count]);
  let drawMs = 0,
    loss = 0;
  const step = async () => {
    const t0 = performance.now(),
      d = drawMmd(g, data, sigmas, counts, rng);
    drawMs = performance.now() - t0;
    const { value, grad } = tf.tidy(() =>
      tf.valueAndGrad((t: tf.Tensor) => tf.sum(iqpMmd(t as tf.Tensor2D, d, path)))(theta),
    );
    loss = (await value.data())[0];
    await grad.data();
    tf.dispose([value, grad]);
  };
  const t = await timeIt(step, { minReps: 3, maxReps: 10, budgetMs: 5000 });
  const losses: number[] = [];
  for (let r = 0; r < 8; r++) {
    const d = drawMmd(g, data, sigmas, counts, rng),
      v = tf.tidy(() => iqpMmd(theta, d, path));
    losses.push((await v.data())[0]);
    v.dispose();
  }
  const grads: Float32Array[] = [];
  for (let r = 0; r < 4; r++) {
    const d = drawMmd(g, data, sigmas, counts, rng),
      gr = tf.tidy(() => tf.grad((x: tf.Tensor) => tf.sum(iqpMmd(x as tf.Tensor2D, d, path)))(theta));
    grads.push((await gr.data()) as Float32Array);
    gr.dispose();
  }
  const P = g.count,
    mean = new Float64Array(P);
  grads.forEach((gv) => gv.forEach((v, j) => (mean[j] += v / grads.length)));
  const varMean = Array.from(mean, (_, j) => sd(grads.map((gv) => gv[j])) ** 2).reduce((a, b) => a + b, 0) / P;
  const rms = Math.sqrt(mean.reduce((a, v) => a + v * v, 0) / P);
  theta.dispose();
  const r4 = (x: number) => Number(x.toPrecision(4));
  return {
    bench: 'iqp',
    path: resolveZSumsPath(path),
    qubits: c.n,
    generators: g.name,
    params: P,
    sigmas,
    a_samples: counts.a,
    z_samples: counts.z,
    ...t,
    draw_ms: r4(drawMs),
    loss: r4(loss),
    loss_se: r4(sd(losses)),
    grad_rel_se: r4(Math.sqrt(varMean) / rms),
    budget_bytes: mmdDrawBytes(g, counts, 1, resolveZSumsPath(path)),
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}
