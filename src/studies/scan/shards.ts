/**
 * Scan task files (tasks.ts): a task computes its point (compute.ts) and writes `<out>/tasks/<id>.json` atomically,
 * with the task hash, the backend and its timing, under the task's own lock and with receipts (tasks/receipts.ts), so
 * two jobs never compute one point and `plateau status` sees what runs. A file whose task hash matches is reused, so
 * a killed or resubmitted job resumes at point granularity. `mergeTasks` collects the points of a spec in canonical
 * order — the list a single run produces — so every route writes the same scan.json. (Named for the shard files
 * these task files replaced; report.ts reads MergedScan from here.)
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BackendReport } from '../../backend/backend';
import { threadCount } from '../../engines/cpu/pool';
import { ConfigError } from '../../errors';
import { writeJsonAtomic } from '../../fsutil';
import { lockFileOf } from '../../lock';
import { runTask } from '../tasks/receipts';
import { computePoint, PointResult } from './compute';
import { evaluationsPerPoint } from './points';
import { ScanSpec, specHash } from './spec';
import { ScanTask, scanTasks, TASK_SCHEMA } from './tasks';

export interface TaskTiming {
  seconds: number;
  host: string;
  threads: number;
  finishedAt: string;
}

export interface ScanTaskFile {
  schema: typeof TASK_SCHEMA;
  id: string;
  taskHash: string;
  /** The scan that computed it (informative: any scan holding the same point reuses the file). */
  specHash: string;
  backend: BackendReport;
  point: PointResult;
  /** Wall-clock facts; never part of the merged scan.json. */
  timing: TaskTiming;
}

/** The task file of `task` if it holds this task's result, else null (absent, unreadable, another hash, damaged). */
export function reusableTask(out: string, task: ScanTask): ScanTaskFile | null {
  const v = readTaskFile(out, task);
  return v && damage(v) === null ? v : null;
}

function readTaskFile(out: string, task: ScanTask): ScanTaskFile | null {
  let v: ScanTaskFile;
  try {
    v = JSON.parse(fs.readFileSync(path.join(out, task.result), 'utf8')) as ScanTaskFile;
  } catch {
    return null;
  }
  const ok =
    v?.schema === TASK_SCHEMA &&
    v.taskHash === task.hash &&
    v.point?.n === task.point.n &&
    String(v.point.depth) === String(task.point.depth) &&
    Array.isArray(v.point.entries);
  return ok ? v : null;
}

/** What is wrong with a task file of the right task whose numbers are not numbers (edited, or written by a bug), or null. */
function damage(v: ScanTaskFile): string | null {
  for (const [i, e] of v.point.entries.entries())
    for (const k of ['lossMean', 'lossVar'] as const)
      if (typeof e?.[k]?.value !== 'number' || !Number.isFinite(e[k].value))
        return `entries.${i}.${k}.value is ${JSON.stringify(e?.[k]?.value)}, not a number`;
  return null;
}

/** Reports finished cost units and what runs now (a progress bar, or a worker's IPC channel). */
export type Tick = (units: number, label?: string) => void;

export interface RunTasksOptions {
  out: string;
  backend: BackendReport;
  /** Recompute even where a matching task file exists. */
  fresh?: boolean;
  tick?: Tick;
  /** Go on with the other tasks after one fails (cluster jobs); the failures are returned. @default false */
  keepGoing?: boolean;
}

/** Computes one task's point (the caller holds its lock; `beat` refreshes it) and writes the task file. */
function computeTaskFile(spec: ScanSpec, task: ScanTask, o: RunTasksOptions, beat: () => void): ScanTaskFile {
  const t0 = performance.now(),
    p = task.point,
    unit = task.cost / evaluationsPerPoint(spec),
    what = `n=${p.n} depth=${p.depth}, ${spec.draws} draws`;
  o.tick?.(0, what);
  // a point computes synchronously: the lock's timer cannot fire, so every evaluation refreshes it
  const point = computePoint(spec, p, { onEvaluation: () => (beat(), o.tick?.(unit, what)) });
  const content: ScanTaskFile = {
    schema: TASK_SCHEMA,
    id: task.id,
    taskHash: task.hash,
    specHash: specHash(spec),
    backend: o.backend,
    point,
    timing: {
      seconds: (performance.now() - t0) / 1000,
      host: os.hostname(),
      threads: threadCount(),
      finishedAt: new Date().toISOString(),
    },
  };
  writeJsonAtomic(path.join(o.out, task.result), content);
  return content;
}

/**
 * Runs `tasks` in this process, one after another: a task with a matching file is reused, the others computed under
 * their lock (a task another process holds is refused with one line, never computed twice).
 */
export async function runScanTasks(
  spec: ScanSpec,
  tasks: readonly ScanTask[],
  o: RunTasksOptions,
): Promise<{ computed: string[]; reused: string[]; failed: { id: string; error: unknown }[] }> {
  const computed: string[] = [],
    reused: string[] = [],
    failed: { id: string; error: unknown }[] = [];
  for (const task of tasks) {
    try {
      if (await runOne(spec, task, o)) computed.push(task.id);
      else reused.push(task.id);
    } catch (error) {
      if (!o.keepGoing) throw error;
      failed.push({ id: task.id, error });
    }
  }
  return { computed, reused, failed };
}

/** One task: false when its file was reused, true when computed. */
async function runOne(spec: ScanSpec, task: ScanTask, o: RunTasksOptions): Promise<boolean> {
  if (!o.fresh && reusableTask(o.out, task)) {
    o.tick?.(task.cost, `${task.id} reused`);
    return false;
  }
  const lock = lockFileOf(path.join(o.out, task.result), 'scan task');
  let last = Date.now();
  const beat = () => {
    if (Date.now() - last < 10_000) return;
    last = Date.now();
    try {
      fs.utimesSync(lock.file, new Date(), new Date());
    } catch {
      /* the folder was moved away */
    }
  };
  try {
    // again under the lock: another job may have finished it meanwhile
    if (!o.fresh && reusableTask(o.out, task)) {
      o.tick?.(task.cost, `${task.id} reused`);
      return false;
    }
    await runTask(o.out, task, () => computeTaskFile(spec, task, o, beat));
    return true;
  } finally {
    lock.release();
  }
}

export interface MergedScan {
  spec: ScanSpec;
  specHash: string;
  backend: BackendReport;
  points: PointResult[];
  /** The task files merged, with their timing (timing.json). */
  shards: { file: string; task: string; timing: TaskTiming; host: string }[];
  /** Ids of the tasks without a result (only with `partial`; none when absent). */
  missing?: string[];
}

/**
 * The points of `spec` from the task files in `out`, in canonical order. Refuses, in one line each, missing tasks
 * (unless `partial`: then the finished ones) and tasks computed on different backends.
 */
export function mergeTasks(out: string, spec: ScanSpec, o: { partial?: boolean } = {}): MergedScan {
  const tasks = scanTasks(spec),
    found: { task: ScanTask; file: ScanTaskFile }[] = [],
    missing: string[] = [];
  for (const task of tasks) {
    const file = readTaskFile(out, task),
      bad = file && damage(file);
    if (bad)
      throw new ConfigError(
        `merge: ${path.join(out, task.result)}: ${bad}; the file is damaged: rerun the scan with --fresh (or delete it and rerun) to recompute that point`,
      );
    if (file) found.push({ task, file });
    else missing.push(task.id);
  }
  const list = (ids: string[]) =>
    `${ids.slice(0, 4).join(', ')}${ids.length > 4 ? `, … (${ids.length - 4} more)` : ''}`;
  if (found.length === 0)
    throw new ConfigError(
      `merge: no task of this scan has finished in ${out} yet (plateau status ${out} shows its tasks)`,
    );
  if (missing.length && !o.partial)
    throw new ConfigError(
      `merge: ${missing.length} of ${tasks.length} tasks have no result in ${out} (${list(missing)}); plateau status ${out} shows which failed and their logs; rerun or resubmit (finished tasks are skipped), or add --partial to merge the ${found.length} that finished`,
    );
  const first = found[0];
  const other = found.find((f) => f.file.backend.backend !== first.file.backend.backend);
  if (other)
    throw new ConfigError(
      `merge: task ${other.task.id} ran on backend ${other.file.backend.backend} but ${first.task.id} on ${first.file.backend.backend}: the numbers would differ from one run; rerun on one backend (--backend, then --fresh)`,
    );
  return {
    spec,
    specHash: specHash(spec),
    backend: first.file.backend,
    missing,
    points: found.map(({ task, file }) => ({ ...file.point, index: task.point.index })),
    shards: found.map(({ task, file }) => ({
      file: path.join(out, task.result),
      task: task.id,
      timing: file.timing,
      host: file.timing.host,
    })),
  };
}
