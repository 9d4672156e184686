/**
 * The gradient-variance scan workload, through the real scan path (studies/scan computePoint): HEP ansatz
 * L = 4, 256 draws, MMD σ = n/4 (GHZ data; the torch peer uses a random target, which costs the same), one batched
 * autodiff pass per point, then the statistics with 200 bootstrap resamples. Timed per n after a warm-up; live tensors
 * and resident memory are recorded after each n to show that nothing accumulates across points, beside the bound the
 * scan's memory check assumes for the point (`--only scanvar --scanvar-qubits 20 --scanvar-draws 64`).
 */
import * as tf from '@tensorflow/tfjs';
import { computePoint } from '../studies/scan/compute';
import { scanPoints } from '../studies/scan/points';
import { resolveScanSpec } from '../studies/scan/spec';
import { pointMemory } from '../studies/scan/memory';
import { Timing, timeIt } from './workloads';

export interface ScanVarResult extends Timing {
  bench: 'scanvar';
  qubits: number;
  layers: number;
  batch: number;
  params: number;
  bootstrap: number;
  grad_var: number;
  num_tensors: number;
  rss_mb: number;
  /** What the scan's memory check (studies/scan/memory.ts) allows for this point, and this process's peak so far. */
  mem_bound_mb: number;
  max_rss_mb: number;
}

export async function scanVarBench(
  n: number,
  opts: { layers?: number; draws?: number; bootstrap?: number; budgetMs?: number } = {},
): Promise<ScanVarResult> {
  const layers = opts.layers ?? 4,
    draws = opts.draws ?? 256,
    bootstrap = opts.bootstrap ?? 200;
  const spec = resolveScanSpec({
    losses: ['mmd(n/4)'],
    ansatz: 'hep',
    depths: [layers],
    qubits: [n],
    draws,
    bootstrap,
    seed: 0,
  });
  const [point] = scanPoints(spec);
  let last = computePoint(spec, point);
  const t = await timeIt(
    () => {
      last = computePoint(spec, point);
    },
    { budgetMs: opts.budgetMs ?? 3000, minReps: n >= 18 ? 1 : 3 },
  );
  return {
    bench: 'scanvar',
    qubits: n,
    layers,
    batch: draws,
    params: last.nParams,
    bootstrap,
    ...t,
    grad_var: last.entries[0].grad!.varMean.value,
    num_tensors: tf.memory().numTensors,
    rss_mb: Math.round(process.memoryUsage().rss / 2 ** 20),
    mem_bound_mb: Math.round(pointMemory(spec, n, layers).total / 2 ** 20),
    max_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}
