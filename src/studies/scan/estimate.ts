/**
 * What a scan will take, said before it starts (as compare says for its grid): the largest point still to compute is
 * timed here at a few draws and no bootstrap, which gives seconds per cost unit (points.ts pointCost: draws × 2^n ×
 * gates × evaluations); the estimate is that rate times the cost of every point to compute. Bootstrap resampling,
 * worker start-up and other users of the machine are not counted, so it is a rough lower bound. The probe's own
 * numbers are thrown away: it uses fewer draws than the point, so it could never stand in for it.
 */
import * as tf from '@tensorflow/tfjs';
import { computePoint } from './compute';
import { pointCost } from './points';
import { reusableTask } from './shards';
import { ScanSpec } from './spec';
import { ScanTask } from './tasks';
import { formatSeconds } from '../../report/progress';

export interface ScanEstimate {
  points: number;
  /** Points with no reusable task file. */
  todo: number;
  /** Estimated seconds of computing for the points to do, on one process. */
  seconds: number;
  /** The point timed, and the time it took. */
  probe: { label: string; draws: number; seconds: number } | null;
}

/** Draws of the probe: enough to fill each circuit instance once, at most the spec's. */
const probeDraws = (spec: ScanSpec) => Math.min(spec.draws, Math.max(8, 2 * spec.circuits));

export function estimateScan(spec: ScanSpec, tasks: readonly ScanTask[], out: string, fresh = false): ScanEstimate {
  const todo = tasks.filter((t) => fresh || !reusableTask(out, t));
  if (!todo.length) return { points: tasks.length, todo: 0, seconds: 0, probe: null };
  const largest = todo.reduce((a, b) => (b.cost > a.cost ? b : a));
  const probe: ScanSpec = { ...spec, draws: probeDraws(spec), bootstrap: 0 };
  const t0 = performance.now();
  tf.tidy(() => void computePoint(probe, largest.point));
  const seconds = (performance.now() - t0) / 1000,
    perUnit = seconds / pointCost(probe, largest.point);
  return {
    points: tasks.length,
    todo: todo.length,
    seconds: perUnit * todo.reduce((s, t) => s + t.cost, 0),
    probe: { label: largest.label, draws: probe.draws, seconds },
  };
}

/** "scan: 33 points, 33 to compute; estimated ≈ 12 s (n=12 depth=4 timed at 8 draws: 0.31 s); with 2 workers ≈ 6 s". */
export function formatScanEstimate(e: ScanEstimate, workers = 1): string {
  if (!e.todo) return `scan: ${e.points} points, all computed earlier (their task files are reused)`;
  const wall = workers > 1 ? `; with ${workers} workers ≈ ${formatSeconds(e.seconds / Math.min(workers, e.todo))}` : '';
  return `scan: ${e.points} points, ${e.todo} to compute; estimated ≈ ${formatSeconds(e.seconds)} (${e.probe!.label} timed at ${e.probe!.draws} draws: ${formatSeconds(e.probe!.seconds)})${wall}`;
}
