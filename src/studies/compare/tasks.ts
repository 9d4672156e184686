/**
 * A comparison as a task list (studies/tasks/plan.ts): one task per run, id = run id, hash = config hash, result = the
 * run's summary.json (written only when it finished), lock = the run folder's lock. The run folders are the results,
 * so a run trained anywhere (a laptop, a SLURM array, HTCondor) is reused everywhere.
 */
import * as path from 'path';
import { LOCK_FILE } from '../../lock';
import { makePlan, Task, TaskPlan } from '../tasks/plan';
import { ComparePlan, RunPlan, shotsTag } from './grid';
import { SUMMARY_FILE } from './run';

/** The resolved spec every job of a comparison reads, in its folder. */
export const COMPARE_SPEC_FILE = 'compare-spec.json';

/**
 * Relative cost of a run, for balancing jobs and estimating time left: steps × 2^n × layers (the simulation), times
 * 3 for an exact gradient (forward + adjoint sweep) or 2·P' + 1 circuits for parameter shift from shots, with P' =
 * 2·n·layers an estimate of the angle count.
 */
export function runCost(r: RunPlan): number {
  const n = r.key.nQubits,
    L = r.key.layers,
    sim = r.config.steps * 2 ** n * Math.max(1, L);
  return sim * (r.key.shots === null ? 3 : 2 * (2 * n * Math.max(1, L)) + 1);
}

/** A comparison run as a task. */
export interface CompareTask extends Task {
  run: RunPlan;
}

export function compareTasks(plan: ComparePlan): CompareTask[] {
  return plan.runs.map((run) => {
    const k = run.key,
      dir = path.relative(plan.outDir, run.runDir);
    return {
      id: run.id,
      hash: run.hash,
      cost: runCost(run),
      label: `${k.data} L=${k.layers} ${shotsTag(k.shots)} ${k.loss} seed ${k.seedIndex}`,
      result: `${dir}/${SUMMARY_FILE}`,
      hashKey: 'configHash',
      lock: `${dir}/${LOCK_FILE}`,
      run,
    };
  });
}

/** The plan written to plan.json (tasks without their run plans). */
export function comparePlan(plan: ComparePlan, tasks = compareTasks(plan)): TaskPlan {
  return makePlan(
    'compare',
    plan.spec.name,
    COMPARE_SPEC_FILE,
    tasks.map(({ run: _r, ...t }) => t),
  );
}
