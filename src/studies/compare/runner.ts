/**
 * Runs the runs of a comparison (or of one shard of it): finished runs are reused, the rest trained one after another
 * in this process, or handed out one at a time to K child processes (`workers`), each started by `spawnWorker` and
 * running `workerLoop` (the CLI forks itself with PLATEAU_THREADS=1, so K workers do not oversubscribe the cores).
 * A failed run is recorded and the others go on; a stop request (SIGINT/SIGTERM) checkpoints the runs in flight.
 */
import { ChildProcess } from 'child_process';
import { BackendReport, initBackend } from '../../backend/backend';
import { PlateauError } from '../../errors';
import { ComparePlan, RunPlan, selectShard } from './grid';
import { Shard } from '../jobs';
import { executeRun, RunOutcome, runState } from './run';

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

type ToWorker = { type: 'run'; plan: RunPlan; baseDir: string; topK: number; compare: string } | { type: 'stop' } | { type: 'exit' };
type FromWorker = { type: 'ready' } | { type: 'done'; outcome: RunOutcome } | { type: 'failed'; id: string; error: string };

const message = (e: unknown) => (e instanceof PlateauError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e));

export async function runComparison(plan: ComparePlan, o: RunnerOptions = {}): Promise<RunnerResult> {
  const t0 = performance.now();
  const selected = selectShard(plan.runs, o.shard);
  const todo: RunPlan[] = [];
  const res: RunnerResult = { selected: selected.length, reused: 0, trained: 0, interrupted: 0, failed: [], seconds: 0 };
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
  const job = { baseDir: plan.baseDir, topK: plan.spec.report.topK, compare: plan.spec.name };

  if (todo.length === 0) {
    /* nothing to train */
  } else if ((o.workers ?? 1) <= 1 || todo.length <= 1 || !o.spawnWorker) {
    const backend = o.backend ?? (await initBackend(process.env.PLATEAU_BACKEND || 'auto'));
    for (const r of todo) {
      if (stop()) break;
      o.onEvent?.({ kind: 'start', id: r.id, settled, total: todo.length });
      try {
        settle(r.id, await executeRun(r, { ...job, backend, shouldStop: stop }));
      } catch (e) {
        settle(r.id, undefined, message(e));
      }
    }
  } else {
    const queue = [...todo];
    const children = Array.from({ length: Math.min(o.workers ?? 1, todo.length) }, () => o.spawnWorker!());
    // a stop request reaches the children even when they are not in our process group (e.g. a batch system's kill)
    const poll = setInterval(() => {
      if (!stop()) return;
      clearInterval(poll);
      for (const c of children) if (c.connected) c.send({ type: 'stop' } satisfies ToWorker);
    }, 200);
    try {
      await Promise.all(children.map((c) => driveWorker(c, queue, job, stop, settle, (id) => o.onEvent?.({ kind: 'start', id, settled, total: todo.length }))));
    } finally {
      clearInterval(poll);
    }
    if (!stop()) for (const r of queue.splice(0)) settle(r.id, undefined, 'not run: every worker process exited');
  }
  res.seconds = (performance.now() - t0) / 1000;
  return res;
}

/** Feeds one child process from the shared queue until it is empty (or a stop is requested). */
function driveWorker(
  child: ChildProcess, queue: RunPlan[], job: { baseDir: string; topK: number; compare: string }, stop: () => boolean,
  settle: (id: string, outcome?: RunOutcome, error?: string) => void, started: (id: string) => void,
): Promise<void> {
  return new Promise((resolve) => {
    let current: RunPlan | null = null;
    const send = (m: ToWorker) => {
      if (child.connected) child.send(m);
    };
    const next = () => {
      current = stop() ? null : (queue.shift() ?? null);
      if (!current) return send({ type: 'exit' });
      started(current.id);
      send({ type: 'run', plan: current, ...job });
    };
    child.on('message', (m: FromWorker) => {
      if (m.type === 'ready') return next();
      if (m.type === 'done') settle(m.outcome.id, m.outcome);
      else settle(m.id, undefined, m.error);
      current = null;
      next();
    });
    child.on('exit', (code, signal) => {
      if (current) settle(current.id, undefined, `worker exited (${signal ?? `code ${code}`}) during the run`);
      resolve();
    });
  });
}

/**
 * The child side: initialise the backend once, then train the runs the parent sends until told to exit. SIGINT and
 * SIGTERM only request a stop (the run in flight checkpoints and reports 'interrupted').
 */
export async function workerLoop(): Promise<void> {
  let stopRequested = false;
  const onSignal = () => {
    stopRequested = true;
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const backend = await initBackend(process.env.PLATEAU_BACKEND || 'auto');
  // A worker dies with its parent: when the IPC channel closes (the parent exited or was killed), the run in flight
  // checkpoints and the worker exits, so a rerun never finds an orphan still training the same run.
  let busy = false, orphaned = false;
  process.on('disconnect', () => {
    orphaned = stopRequested = true;
    if (!busy) process.exit(0);
  });
  const reply = (m: FromWorker) => {
    if (orphaned || !process.connected) process.exit(0);
    process.send!(m);
  };
  process.on('message', (m: ToWorker) => {
    if (m.type === 'exit') process.exit(0);
    if (m.type === 'stop') {
      stopRequested = true;
      return;
    }
    busy = true;
    executeRun(m.plan, { backend, baseDir: m.baseDir, topK: m.topK, compare: m.compare, shouldStop: () => stopRequested }).then(
      (outcome) => ((busy = false), reply({ type: 'done', outcome })),
      (e) => ((busy = false), reply({ type: 'failed', id: m.plan.id, error: message(e) })),
    );
  });
  reply({ type: 'ready' });
}
