/**
 * Batch rows of the CPU engine spread over worker threads: rows are independent, so each thread runs whole rows and
 * results are bit-identical to a single-threaded run. The calling thread takes a share too and then blocks on an
 * Atomics counter (tfjs needs the op's value synchronously). Used for batches large enough to amortise the ~0.1 ms
 * dispatch; threads = PLATEAU_THREADS (default: the machine's available parallelism; 1 disables the pool).
 */
import * as os from 'os';
import { Worker } from 'worker_threads';
import { adjoint, adjointRows } from './adjoint';
import { forward, forwardRows, HostState } from './forward';
import { KernelSet, Real } from './kernelSet';
import { CpuProgram } from './program';
import type { RowJob } from './worker';
import { executionPolicy } from '../../execution';

/** Rows × amplitudes × ops below which a batch runs on the calling thread alone. */
const MIN_PARALLEL_WORK = 1 << 21;

let workers: Worker[] | null = null;
let workerError = '';
const programIds = new WeakMap<CpuProgram, number>();
const shipped = new WeakMap<Worker, Set<number>>();
let nextProgramId = 1;

export function threadCount(): number {
  const t = executionPolicy().threads;
  return t === 'auto' ? Math.max(1, os.availableParallelism()) : t;
}

let failedFor = -1;

function pool(): Worker[] {
  const want = threadCount() - 1;
  if (workers && workers.length === want) return workers;
  if (want === failedFor) return [];
  workers?.forEach((w) => void w.terminate());
  workers = [];
  if (want <= 0) return workers;
  let source: string;
  try {
    source = (require('./worker.generated') as { WORKER_SOURCE: string }).WORKER_SOURCE;
  } catch {
    workerError = 'worker bundle not built (run `npm run build:engine`)';
    failedFor = want;
    return workers;
  }
  // Each worker bumps `ready` once it listens; a worker that fails to start must not leave a job waiting forever.
  const ready = new Int32Array(new SharedArrayBuffer(4));
  for (let i = 0; i < want; i++) {
    const w = new Worker(source, { eval: true, workerData: { ready } });
    w.on('message', (m) => (workerError = String(m)));
    w.unref(); // after on('message'), which would take the reference back: idle workers must not keep a process alive
    shipped.set(w, new Set());
    workers.push(w);
  }
  const deadline = Date.now() + 10_000;
  for (let v = Atomics.load(ready, 0); v < want && Date.now() < deadline; v = Atomics.load(ready, 0))
    Atomics.wait(ready, 0, v, 100);
  if (Atomics.load(ready, 0) < want) {
    workerError = `worker threads did not start within 10 s`;
    workers.forEach((w) => void w.terminate());
    workers = [];
    failedFor = want;
  }
  return workers;
}

/** Threads that a batch of this size would use (1 = the calling thread only). */
export function threadsFor(prog: CpuProgram, batch: number): number {
  if (batch < 2 || batch * prog.plan.dim * prog.ops.length < MIN_PARALLEL_WORK) return 1;
  return Math.min(batch, pool().length + 1);
}

function shared(len: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(8 * len));
}

/** A state array of the kernel set's precision on shared memory. */
function sharedReal(K: KernelSet, len: number): Real {
  return K.precision === 'float32' ? new Float32Array(new SharedArrayBuffer(4 * len)) : shared(len);
}

function sharedState(K: KernelSet, s: HostState): HostState {
  if (s.re.buffer instanceof SharedArrayBuffer) return s;
  const out = { re: sharedReal(K, s.re.length), im: sharedReal(K, s.im.length) };
  out.re.set(s.re);
  out.im.set(s.im);
  return out;
}

/** Splits rows over `threads` participants; the caller runs share 0 after dispatching the rest. */
function dispatch(
  prog: CpuProgram,
  batch: number,
  threads: number,
  job: Omit<RowJob, 'from' | 'to' | 'done' | 'programId'>,
  local: (from: number, to: number) => void,
): void {
  let id = programIds.get(prog);
  if (id === undefined) programIds.set(prog, (id = nextProgramId++));
  const done = new Int32Array(new SharedArrayBuffer(8));
  const ws = pool().slice(0, threads - 1);
  const bounds = Array.from({ length: threads + 1 }, (_, k) => Math.round((k * batch) / threads));
  ws.forEach((w, k) => {
    const known = shipped.get(w)!;
    const msg: RowJob = { ...job, programId: id!, from: bounds[k + 1], to: bounds[k + 2], done };
    if (!known.has(id!)) {
      msg.plan = prog.plan;
      known.add(id!);
    }
    w.postMessage(msg);
  });
  local(bounds[0], bounds[1]);
  for (let v = Atomics.load(done, 0); v < ws.length; v = Atomics.load(done, 0)) Atomics.wait(done, 0, v);
  if (Atomics.load(done, 1) > 0) throw new Error(`CPU engine worker failed: ${workerError}`);
}

/** `forward` over the pool: same values as the single-threaded one. `out` must be on shared memory. */
export function forwardParallel(
  K: KernelSet,
  prog: CpuProgram,
  theta: ArrayLike<number>,
  batch: number,
  init: HostState | undefined,
  threads: number,
  out?: HostState,
): HostState {
  const dim = prog.plan.dim;
  const psi = out ?? { re: sharedReal(K, batch * dim), im: sharedReal(K, batch * dim) };
  const th = shared(theta.length);
  th.set(theta);
  const sInit = init && sharedState(K, init);
  dispatch(prog, batch, threads, { kind: 'forward', precision: K.precision, theta: th, psi, init: sInit }, (a, b) =>
    forwardRows(K, prog, th, sInit, a, b, psi),
  );
  return psi;
}

/** `adjoint` over the pool. */
export function adjointParallel(
  K: KernelSet,
  prog: CpuProgram,
  theta: ArrayLike<number>,
  batch: number,
  psi: HostState,
  lambda: HostState,
  threads: number,
): Float64Array {
  const grad = shared(batch * prog.plan.nParams);
  const th = shared(theta.length);
  th.set(theta);
  const sPsi = sharedState(K, psi),
    sLambda = sharedState(K, lambda);
  dispatch(
    prog,
    batch,
    threads,
    { kind: 'adjoint', precision: K.precision, theta: th, psi: sPsi, lambda: sLambda, grad },
    (a, b) => adjointRows(K, prog, th, sPsi, sLambda, a, b, grad),
  );
  return grad;
}

/** Forward and adjoint for a batch, on worker threads when the batch is large enough. */
export function runner(K: KernelSet, prog: CpuProgram, theta: ArrayLike<number>, batch: number) {
  const threads = threadsFor(prog, batch);
  return {
    forward: (init?: HostState) =>
      threads > 1 ? forwardParallel(K, prog, theta, batch, init, threads) : forward(K, prog, theta, batch, init),
    /** The forward into `out` (shared memory, e.g. arena.ts). */
    forwardInto: (init: HostState | undefined, out: HostState) =>
      threads > 1
        ? forwardParallel(K, prog, theta, batch, init, threads, out)
        : forwardRows(K, prog, theta, init, 0, batch, out),
    adjoint: (psi: HostState, lambda: HostState) =>
      threads > 1
        ? adjointParallel(K, prog, theta, batch, psi, lambda, threads)
        : adjoint(K, prog, theta, batch, psi, lambda),
  };
}
