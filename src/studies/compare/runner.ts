/**
 * Runs the runs of a comparison (or of one shard of it): finished runs are reused, the rest trained one after another
 * in this process, or handed out one at a time to K child processes (`workers`), each started by `spawnWorker` and
 * running `workerLoop` (the CLI forks itself with PLATEAU_THREADS=1, so K workers do not oversubscribe the cores).
 * A failed run is recorded and the others go on; a stop request (SIGINT/SIGTERM) checkpoints the runs in flight.
 */
import { ChildProcess } from 'child_process';
import { BackendReport, initBackend } from '../../backend/backend';
import { ConfigError } from '../../errors';
import { lockHolder } from '../../lock';
import { jobTasks, Shard } from '../tasks/plan';
import { errorText, runPool, serveTasks } from '../tasks/pool';
import { runTask } from '../tasks/receipts';
import { ComparePlan, RunPlan } from './grid';
import { executeRun, RunOutcome, runState } from './run';
import { compareTasks } from './tasks';
import { executionPolicy } from '../../execution';

export interface RunnerEvent {
  kind: 'start' | 'done' | 'failed';
  id: string;
  outcome?: RunOutcome;
  error?: string;
  /** Runs of this invocation settled so far, and their total. */
  settled: number;
  total: number;
}

export interface RunnerOptions {
  shard?: Shard;
  /** Child processes; ≤ 1 trains in this process (the backend must be initialised: give `backend`). */
  workers?: number;
  backend?: BackendReport;
  spawnWorker?: () => ChildProcess;
  shouldStop?: () => boolean;
  onEvent?(e: RunnerEvent): void;
}

export interface RunnerResult {
  selected: number;
  reused: number;
  trained: number;
  interrupted: number;
  failed: { id: string; error: string }[];
  seconds: number;
}

/** What a worker needs to train one run. */
interface RunJob {
  plan: RunPlan;
  outDir: string;
  baseDir: string;
  topK: number;
  compare: string;
}

const interrupted = (r: RunOutcome) => r.status === 'interrupted';

/**
 * Trains (or reuses, or resumes) one run with receipts in the comparison folder (tasks/receipts.ts). A run another
 * process is training is refused before any receipt is written, so its receipt stays that process's.
 */
function trainTask(j: RunJob, backend: BackendReport, shouldStop: () => boolean): Promise<RunOutcome> {
  const holder = lockHolder(j.plan.runDir);
  if (holder) throw new ConfigError(`run folder ${j.plan.runDir} is in use by ${holder}`);
  return runTask(
    j.outDir,
    j.plan,
    () => executeRun(j.plan, { backend, baseDir: j.baseDir, topK: j.topK, compare: j.compare, shouldStop }),
    interrupted,
  );
}

export async function runComparison(plan: ComparePlan, o: RunnerOptions = {}): Promise<RunnerResult> {
  const t0 = performance.now();
  const selected = jobTasks(compareTasks(plan), o.shard).map((t) => t.run);
  const todo: RunPlan[] = [];
  const res: RunnerResult = {
    selected: selected.length,
    reused: 0,
    trained: 0,
    interrupted: 0,
    failed: [],
    seconds: 0,
  };
  for (const r of selected) {
    const s = runState(r);
    if (s.kind === 'finished') res.reused++;
    else if (s.kind === 'conflict') res.failed.push({ id: r.id, error: s.reason });
    else todo.push(r);
  }
  let settled = 0;
  const settle = (id: string, outcome?: RunOutcome, error?: string) => {
    settled++;
    if (outcome?.status === 'trained') res.trained++;
    else if (outcome?.status === 'reused') res.reused++;
    else if (outcome?.status === 'interrupted') res.interrupted++;
    if (error !== undefined) res.failed.push({ id, error });
    o.onEvent?.({ kind: error === undefined ? 'done' : 'failed', id, outcome, error, settled, total: todo.length });
  };
  const stop = () => o.shouldStop?.() ?? false;
  const job = (r: RunPlan): RunJob => ({
    plan: r,
    outDir: plan.outDir,
    baseDir: plan.baseDir,
    topK: plan.spec.report.topK,
    compare: plan.spec.name,
  });

  if (todo.length === 0) {
    /* nothing to train */
  } else if ((o.workers ?? 1) <= 1 || todo.length <= 1 || !o.spawnWorker) {
    const backend = o.backend ?? (await initBackend(executionPolicy().backend));
    for (const r of todo) {
      if (stop()) break;
      o.onEvent?.({ kind: 'start', id: r.id, settled, total: todo.length });
      try {
        settle(r.id, await trainTask(job(r), backend, stop));
      } catch (e) {
        settle(r.id, undefined, errorText(e));
      }
    }
  } else {
    const left = await runPool<RunJob, RunOutcome>(
      todo.map((r) => ({ id: r.id, payload: job(r) })),
      {
        workers: o.workers ?? 1,
        spawn: o.spawnWorker!,
        shouldStop: stop,
        onStart: (id) => o.onEvent?.({ kind: 'start', id, settled, total: todo.length }),
        onSettle: (id, outcome, error) => settle(id, outcome, error),
      },
    );
    if (!stop()) for (const r of left) settle(r.id, undefined, 'not run: every worker process exited');
  }
  res.seconds = (performance.now() - t0) / 1000;
  return res;
}

/**
 * The child side of --workers: initialise the backend once, then train the runs the parent sends until told to exit.
 * SIGINT and SIGTERM only request a stop (the run in flight checkpoints and reports 'interrupted').
 */
export async function workerLoop(): Promise<void> {
  let backend: BackendReport;
  await serveTasks<RunJob, RunOutcome>((_id, j, ctx) => trainTask(j, backend, ctx.shouldStop), {
    init: async () => void (backend = await initBackend(executionPolicy().backend)),
  });
}
