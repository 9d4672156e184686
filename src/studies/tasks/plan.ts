/**
 * The one task list of a study run, shared by scans (a task = one point (n, depth)) and loss comparisons (a task =
 * one training run): every task has a file-safe id, the content hash of what it computes, a relative cost, and the
 * result file that proves it finished (the task's hash inside it). Jobs — local workers, SLURM array tasks, HTCondor
 * jobs — are cost-balanced slices of this list (job i of N takes positions i, i+N, … of the list sorted by cost), so
 * every route uses the same ids and writes the same result files: results merge wherever they ran, and a resubmitted
 * job skips every task whose result is already there. The plan is written to `<run>/plan.json` for `plateau status`.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { ConfigError } from '../../errors';
import { writeFileAtomic } from '../../fsutil';
import { checkName } from '../../names';

export const PLAN_SCHEMA = 'plateau.plan/1';
export const PLAN_FILE = 'plan.json';

export type StudyKind = 'scan' | 'compare';

export interface Task {
  /** Unique in the plan and a valid file name (src/names.ts). */
  id: string;
  /** Content hash of what the task computes: a result carrying another hash belongs to another task. */
  hash: string;
  /** Relative cost, for balancing jobs and estimating the CPU time left. */
  cost: number;
  /** What the task is, for people. */
  label: string;
  /** The result file, relative to the run folder; `hashKey` names its field holding the task hash. */
  result: string;
  hashKey: string;
  /** The lock file (relative) a process holds while it computes the task. */
  lock: string;
}

export interface TaskPlan {
  schema: typeof PLAN_SCHEMA;
  study: StudyKind;
  /** Short name for job names (letters, digits, . _ -). */
  name: string;
  /** Hash of the task hashes in order: two plans with the same hash are the same work. */
  hash: string;
  /** The resolved spec every job reads, relative to the run folder. */
  specFile: string;
  tasks: Task[];
}

/** Shard i of N ("i/N" on the command line): the i-th of N jobs. */
export interface Shard {
  index: number;
  count: number;
}

/** "i/N" with 0 ≤ i < N → {index, count}; a one-line ConfigError otherwise. */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : NaN,
    count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index >= count)
    throw new ConfigError(`--shard ${text}: expected i/N with 0 ≤ i < N (e.g. 0/4)`);
  return { index, count };
}

/** Builds a plan, checking that ids are names and unique. */
export function makePlan(study: StudyKind, name: string, specFile: string, tasks: Task[]): TaskPlan {
  const seen = new Set<string>();
  for (const t of tasks) {
    checkName(t.id, `${study} task id`);
    if (seen.has(t.id)) throw new ConfigError(`${study}: task id ${t.id} appears twice in the plan`);
    seen.add(t.id);
  }
  const hash = createHash('sha256')
    .update(tasks.map((t) => `${t.id}:${t.hash}`).join('\n'))
    .digest('hex')
    .slice(0, 16);
  return { schema: PLAN_SCHEMA, study, name: checkName(name, `${study} name`), hash, specFile, tasks };
}

/** Positions of the plan in job-slicing order: most expensive first, ties by position. */
function costOrder(tasks: readonly { cost: number }[]): number[] {
  return tasks.map((_, i) => i).sort((a, b) => tasks[b].cost - tasks[a].cost || a - b);
}

/**
 * The tasks of job `shard.index` of `shard.count`, in plan order: deterministic, disjoint, covering, and balanced
 * (dealing the cost-sorted list round-robin gives every job one of the most expensive tasks before any gets two).
 */
export function jobTasks<T extends { cost: number }>(tasks: readonly T[], shard?: Shard): T[] {
  if (!shard) return [...tasks];
  const mine = new Set(costOrder(tasks).filter((_, k) => k % shard.count === shard.index));
  return tasks.filter((_, i) => mine.has(i));
}

/** Writes `<dir>/plan.json` unless it already holds this plan (jobs of one run all call this). */
export function writePlan(dir: string, plan: TaskPlan): void {
  const file = path.join(dir, PLAN_FILE);
  const text = `${JSON.stringify(plan, null, 2)}\n`;
  try {
    if (fs.readFileSync(file, 'utf8') === text) return;
  } catch {
    /* absent: write it */
  }
  writeFileAtomic(file, text);
}

/** The plan of a run folder; a one-line error when the folder holds none. */
export function readPlan(dir: string): TaskPlan {
  const file = path.join(dir, PLAN_FILE);
  let v: TaskPlan;
  try {
    v = JSON.parse(fs.readFileSync(file, 'utf8')) as TaskPlan;
  } catch (e) {
    const why =
      (e as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'no plan.json there: not a plateau scan or comparison folder (or one written before plans existed)'
        : `unreadable plan.json (${(e as Error).message.split('\n')[0]})`;
    throw new ConfigError(`${dir}: ${why}`);
  }
  if (v?.schema !== PLAN_SCHEMA || !Array.isArray(v.tasks) || (v.study !== 'scan' && v.study !== 'compare'))
    throw new ConfigError(`${file}: not a plateau plan (schema ${JSON.stringify(v?.schema)})`);
  return v;
}
