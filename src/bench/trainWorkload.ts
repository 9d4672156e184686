/**
 * Trainer overhead: the per-step wall time of a real training run (objective, Adam, evaluations every 10 steps,
 * checkpoints every 50, JSONL) against the bare simulator step of the same circuit and loss (qcbmBench 'step'):
 * HEP ansatz L = 4 at n qubits on data/showers-n<n> (a random target when no such folder exists), MMD over
 * σ ∈ {0.01, n/4, n}, exact probabilities.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { resolveTrainConfig } from '../config/train';
import { projectRoot } from '../paths';
import { EngineName } from '../engines/engine';
import { buildProblem } from '../train/problem';
import { train } from '../train/trainer';
import { qcbmBench } from './workloads';

export interface TrainBenchResult {
  bench: 'train';
  engine: EngineName;
  qubits: number;
  steps: number;
  /** Wall time of the whole run / steps (evaluations and checkpoints included). */
  ms_per_step_mean: number;
  /** Median of the per-step wall times (between progress callbacks). */
  ms_per_step_median: number;
  /** The bare simulator step, timed before and after the run (medians, then their mean). */
  bare_ms_median: number;
  /** ms_per_step_mean / bare − 1 and ms_per_step_median / bare − 1. */
  overhead_mean: number;
  overhead_median: number;
}

export async function trainBench(n: number, engine: EngineName, steps = 200): Promise<TrainBenchResult> {
  const dataDir = path.join(projectRoot(), `data/showers-n${n}`);
  const data = fs.existsSync(dataDir) ? { path: dataDir } : { synthetic: 'random-strings', n, count: 'n2' };
  const config = resolveTrainConfig({
    name: `bench-train-n${n}`,
    engine,
    data,
    testFraction: 0,
    model: { ansatz: 'hep', layers: 4 },
    loss: { loss: 'mmd', sigmas: [0.01, 'n/4', 'n'] },
    steps,
    eval: { every: 10 },
    checkpoint: { every: 50 },
  });
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-bench-train-'));
  try {
    const problem = buildProblem(config);
    await train(buildProblem({ ...config, steps: 150 }), {
      runDir: fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-bench-warm-')),
    });
    const before = await qcbmBench('step', n, engine, { budgetMs: 2000 });
    const stamps: number[] = [];
    const t0 = performance.now();
    await train(problem, { runDir, onProgress: () => stamps.push(performance.now()) });
    const mean = (performance.now() - t0) / steps;
    const after = await qcbmBench('step', n, engine, { budgetMs: 2000 });
    const dts = stamps
      .slice(1)
      .map((t, i) => t - stamps[i])
      .sort((a, b) => a - b);
    const median = dts[dts.length >> 1],
      bare = (before.ms_median + after.ms_median) / 2;
    const p4 = (x: number) => Number(x.toPrecision(4));
    return {
      bench: 'train',
      engine,
      qubits: n,
      steps,
      ms_per_step_mean: p4(mean),
      ms_per_step_median: p4(median),
      bare_ms_median: p4(bare),
      overhead_mean: p4(mean / bare - 1),
      overhead_median: p4(median / bare - 1),
    };
  } finally {
    fs.rmSync(runDir, { recursive: true, force: true });
  }
}
