/**
 * A scan as a task list (studies/tasks/plan.ts): one task per point (n, depth). A point's hash covers everything its
 * numbers depend on — the spec without the point lists and the report-only preset, plus (n, depth) — since all its
 * randomness derives from (seed, n, depth, dataset, loss, shots), never from its position or its job. So its result
 * file `tasks/<id>.json` is valid for any scan that contains the same point: extending `--qubits 2..12` to `2..14`
 * computes only n = 13, 14, and results computed anywhere (a laptop, SLURM, HTCondor) merge.
 */
import { makePlan, Task, TaskPlan } from '../tasks/plan';
import { pointCost, ScanPoint, scanPoints } from './points';
import { canonicalHash } from '../../canonical';
import { ScanSpec, specHash } from './spec';

export const TASK_SCHEMA = 'plateau.scan-task/1';
export const TASKS_DIR = 'tasks';
export const SPEC_FILE = 'scan-spec.json';

/** A task of a scan with the point it computes. */
export interface ScanTask extends Task {
  point: ScanPoint;
}

/** The content hash of a point (16 hex digits). */
export function pointHash(spec: ScanSpec, p: Pick<ScanPoint, 'n' | 'depth'>): string {
  const { qubits: _q, depths: _d, preset: _p, ...rest } = spec;
  return canonicalHash({ schema: TASK_SCHEMA, spec: rest, n: p.n, depth: p.depth }).slice(0, 16);
}

/** "L4", "haar", or the depth's text made file-safe (IQP initialisations such as "gaussian(0.1)"). */
function depthTag(p: ScanPoint): string {
  if (p.layers !== null) return `L${p.layers}`;
  return String(p.depth)
    .replace(/[^A-Za-z0-9.-]+/g, '_')
    .slice(0, 40);
}

/** The tasks of a spec, in the canonical point order. */
export function scanTasks(spec: ScanSpec): ScanTask[] {
  return scanPoints(spec).map((point) => {
    const hash = pointHash(spec, point),
      id = `n${point.n}-${depthTag(point)}-${hash.slice(0, 10)}`,
      result = `${TASKS_DIR}/${id}.json`;
    return {
      id,
      hash,
      cost: pointCost(spec, point),
      label: `n=${point.n} depth=${point.depth}`,
      result,
      hashKey: 'taskHash',
      lock: `${result}.lock`,
      point,
    };
  });
}

/** The plan written to plan.json (tasks without their points). */
export function scanPlan(spec: ScanSpec, tasks = scanTasks(spec)): TaskPlan {
  return makePlan(
    'scan',
    `scan-${specHash(spec).slice(0, 8)}`,
    SPEC_FILE,
    tasks.map(({ point: _p, ...t }) => t),
  );
}
