/**
 * What a comparison grid will cost, said before it starts: the runs still to train, and an estimate of their CPU time
 * from a few real optimisation steps timed here, one timing per distinct (data, depth, shots, loss) cell — the same
 * objective and optimizer the runs use (batched parameter shifts and shot sampling included). Runs with shots share
 * one timing per (data, depth, shots): their update is 2P + 1 sampled circuits whatever the loss, and at n = 16 one
 * such update takes seconds, which six cells × four timed updates turned into minutes before --slurm wrote a file.
 * A first update slower than a second is the timing itself (no repeats). Evaluations, checkpoints and process
 * start-up are not counted, so on an idle machine it is a lower bound within tens of percent.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../rng';
import { phaseObjective } from '../../train/objectives';
import { createOptimizer } from '../../train/optimizers/factory';
import { buildProblem } from '../../train/problem';
import { learningRate } from '../../train/schedule';
import { RunPlan, shotsTag } from './grid';
import { runState } from './run';

export interface GridCost {
  runs: number;
  todo: number;
  cpuSeconds: number;
  /** Timed ms per update, per cell ("data L shots loss"). */
  msPerStep: Record<string, number>;
}

/** ms per update of `run`'s training, from `steps` updates after one warm-up update. */
export async function timeSteps(run: RunPlan, baseDir: string, steps = 3): Promise<number> {
  const problem = buildProblem(run.config, { baseDir });
  if (problem.kind !== 'exact') return NaN;
  const target = tf.tensor2d(Float32Array.from(problem.trainProbs), [1, problem.trainProbs.length]);
  try {
    const objective = phaseObjective(problem, 0, {
      engine: run.config.engine,
      rng: createRng(`cost/${run.id}`),
      target,
    });
    const optimizer = createOptimizer(run.config.optimizer, problem.circuit.nParams, run.config.seed);
    const theta = Float64Array.from({ length: problem.circuit.nParams }, (_, i) => (i * 0.7) % (2 * Math.PI));
    const lr = learningRate(run.config.schedule, 0);
    const w0 = performance.now();
    await optimizer.step(theta, objective, lr);
    const warm = performance.now() - w0;
    if (warm > 1000) return warm; // slow enough that warm-up costs are noise, and repeating it costs the user seconds
    const t0 = performance.now();
    for (let i = 0; i < steps; i++) await optimizer.step(theta, objective, lr);
    return (performance.now() - t0) / steps;
  } finally {
    target.dispose();
  }
}

/** Times each distinct cell of the runs still to train and sums the estimate. */
export async function estimateGridCost(runs: RunPlan[], baseDir: string): Promise<GridCost> {
  const todo = runs.filter((r) => runState(r).kind !== 'finished');
  const timed = new Map<string, number>();
  let cpuSeconds = 0;
  for (const r of todo) {
    const cell = `${r.key.data} L${r.key.layers} ${shotsTag(r.key.shots)}${r.key.shots === null ? ` ${r.key.loss}` : ''}`;
    if (!timed.has(cell)) timed.set(cell, await timeSteps(r, baseDir));
    const ms = timed.get(cell)!;
    if (Number.isFinite(ms)) cpuSeconds += (r.config.steps * ms) / 1000;
  }
  return {
    runs: runs.length,
    todo: todo.length,
    cpuSeconds,
    msPerStep: Object.fromEntries([...timed].map(([k, ms]) => [k, Number(ms.toPrecision(3))])),
  };
}

/** "2 h 05 min" / "3 min 20 s" / "12 s". */
export function formatDuration(s: number): string {
  if (s >= 3600) return `${Math.floor(s / 3600)} h ${String(Math.round((s % 3600) / 60)).padStart(2, '0')} min`;
  if (s >= 60) return `${Math.floor(s / 60)} min ${String(Math.round(s % 60)).padStart(2, '0')} s`;
  return `${Math.round(s)} s`;
}
