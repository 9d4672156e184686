/**
 * Local workers: K child processes fed one task at a time from a shared queue over the IPC channel (a cheap task never
 * waits behind an expensive one, as it would in fixed slices). The parent spawns the CLI itself in worker mode (the
 * offline bundle works the same way) with PLATEAU_THREADS=1, so K workers do not oversubscribe the cores. A stop
 * request reaches the children as a message, so runs in flight checkpoint even when a batch system signalled only the
 * parent; a child whose parent is gone (killed) stops and exits, so a rerun never finds an orphan on the same task.
 */
import { ChildProcess } from 'child_process';
import { PlateauError } from '../../errors';

/** A PlateauError's message (a user-facing line), any other error's stack (a bug to report). */
export const errorText = (e: unknown): string =>
  e instanceof PlateauError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e);

export type ToWorker<P> = { type: 'run'; id: string; payload: P } | { type: 'stop' } | { type: 'exit' };
export type FromWorker<O> =
  | { type: 'ready' }
  | { type: 'done'; id: string; outcome: O }
  | { type: 'failed'; id: string; error: string }
  | { type: 'progress'; units: number; label?: string };

export interface PoolTask<P> {
  id: string;
  payload: P;
}

export interface PoolOptions<O> {
  workers: number;
  spawn: () => ChildProcess;
  shouldStop?: () => boolean;
  onStart?(id: string): void;
  /** Called once per task that a worker took: with its outcome, or with the error. */
  onSettle(id: string, outcome?: O, error?: string): void;
  onProgress?(units: number, label?: string): void;
}

/** Runs the queue on K children; resolves with the tasks no worker took (a stop request, or every worker died). */
export async function runPool<P, O>(tasks: readonly PoolTask<P>[], o: PoolOptions<O>): Promise<PoolTask<P>[]> {
  const queue = [...tasks],
    stop = () => o.shouldStop?.() ?? false;
  const children = Array.from({ length: Math.min(o.workers, queue.length) }, () => o.spawn());
  const poll = setInterval(() => {
    if (!stop()) return;
    clearInterval(poll);
    for (const c of children) if (c.connected) c.send({ type: 'stop' } satisfies ToWorker<P>);
  }, 200);
  try {
    await Promise.all(children.map((c) => drive(c, queue, stop, o)));
  } finally {
    clearInterval(poll);
  }
  return queue;
}

/** Feeds one child from the shared queue until it is empty (or a stop is requested). */
function drive<P, O>(child: ChildProcess, queue: PoolTask<P>[], stop: () => boolean, o: PoolOptions<O>): Promise<void> {
  return new Promise((resolve) => {
    let current: PoolTask<P> | null = null;
    const send = (m: ToWorker<P>) => {
      if (child.connected) child.send(m);
    };
    const next = () => {
      current = stop() ? null : (queue.shift() ?? null);
      if (!current) return send({ type: 'exit' });
      o.onStart?.(current.id);
      send({ type: 'run', id: current.id, payload: current.payload });
    };
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    child.on('message', (m: FromWorker<O>) => {
      if (m.type === 'progress') return o.onProgress?.(m.units, m.label);
      if (m.type === 'ready') return next();
      if (m.type === 'done') o.onSettle(m.id, m.outcome);
      else o.onSettle(m.id, undefined, m.error);
      current = null;
      next();
    });
    child.on('exit', (code, signal) => {
      const last = stderr.trim().split('\n').pop();
      if (current)
        o.onSettle(
          current.id,
          undefined,
          `worker exited (${signal ?? `code ${code}`}) during the task${last ? `: ${last}` : ''}`,
        );
      resolve();
    });
  });
}

export interface WorkerContext {
  shouldStop(): boolean;
  /** Reports finished cost units to the parent's progress bar; exits when the parent is gone. */
  progress(units: number, label?: string): void;
}

/**
 * The child side: set up once (`init`, e.g. the backend), then run the tasks the parent sends until told to exit.
 * With `catchSignals`, SIGINT and SIGTERM only request a stop (the task in flight checkpoints and returns); without,
 * they end the process at once (a scan point has nothing to checkpoint).
 */
export async function serveTasks<P, O>(
  execute: (id: string, payload: P, ctx: WorkerContext) => Promise<O>,
  o: { init?: () => Promise<void>; catchSignals?: boolean } = {},
): Promise<void> {
  let stopRequested = false,
    busy = false,
    orphaned = false;
  if (o.catchSignals !== false) {
    const onSignal = () => {
      stopRequested = true;
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  await o.init?.();
  const parent = process.ppid;
  // When the IPC channel closes (the parent exited or was killed), the task in flight stops and the worker exits.
  process.on('disconnect', () => {
    orphaned = stopRequested = true;
    if (!busy) process.exit(0);
  });
  const reply = (m: FromWorker<O>) => {
    if (orphaned || !process.connected) process.exit(0);
    process.send!(m);
  };
  const ctx: WorkerContext = {
    shouldStop: () => stopRequested,
    progress(units, label) {
      // a synchronous task sees no 'disconnect' event: ask the kernel who the parent is
      if (process.ppid !== parent) process.exit(1);
      reply({ type: 'progress', units, label });
    },
  };
  process.on('message', (m: ToWorker<P>) => {
    if (m.type === 'exit') process.exit(0);
    if (m.type === 'stop') {
      stopRequested = true;
      return;
    }
    busy = true;
    execute(m.id, m.payload, ctx).then(
      (outcome) => ((busy = false), reply({ type: 'done', id: m.id, outcome })),
      (e) => ((busy = false), reply({ type: 'failed', id: m.id, error: errorText(e) })),
    );
  });
  reply({ type: 'ready' });
}
