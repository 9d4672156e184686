/**
 * Batch rows of the CPU engine spread over worker threads: rows are independent, so each thread runs whole rows and
 * results are bit-identical to a single-threaded run. The calling thread takes a share too and then blocks on an
 * Atomics counter (tfjs needs the op's value synchronously). Used for batches large enough to amortise the ~0.1 ms
 * dispatch; threads = PLATEAU_THREADS (default: the machine's available parallelism; 1 disables the pool).
 */
import * as os from 'os';
import { Worker } from 'worker_threads';
import { adjoint, adjointInWorkspace, adjointOp, adjointRows } from './adjoint';
import { applyOp, forward, forwardInWorkspace, forwardRows, HostState, startRow } from './forward';
import { KernelSet, Real, simdSharedMemory, Workspace } from './kernelSet';
import { CpuProgram, rowAngles } from './program';
import { workspaceEpoch, touchWorkspace } from './epoch';
import {
  adjointTiles,
  currentTiling,
  forwardTiles,
  passCount,
  Segment,
  tiledGradients,
  Tiling,
  tileSegments,
  updateRun,
} from './tiles';
import type { AttachJob, RowJob, TilesJob } from './worker';
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
  const id = programId(prog);
  const done = new Int32Array(new SharedArrayBuffer(8));
  const ws = pool().slice(0, threads - 1);
  const bounds = Array.from({ length: threads + 1 }, (_, k) => Math.round((k * batch) / threads));
  ws.forEach((w, k) => {
    const msg: RowJob = { ...job, programId: id, from: bounds[k + 1], to: bounds[k + 2], done };
    w.postMessage(withPlan(w, prog, msg));
  });
  local(bounds[0], bounds[1]);
  waitDone(done, ws.length);
}

/** The id under which workers keep `prog`'s prepared program. */
function programId(prog: CpuProgram): number {
  let id = programIds.get(prog);
  if (id === undefined) programIds.set(prog, (id = nextProgramId++));
  return id;
}

/** `job`, carrying the program's plan the first time it goes to `w`. */
function withPlan<J extends { programId: number; plan?: CpuProgram['plan'] }>(w: Worker, prog: CpuProgram, job: J): J {
  const known = shipped.get(w)!;
  if (!known.has(job.programId)) {
    job.plan = prog.plan;
    known.add(job.programId);
  }
  return job;
}

/** Blocks until `count` jobs signalled `done`; a failed one throws. */
function waitDone(done: Int32Array, count: number): void {
  for (let v = Atomics.load(done, 0); v < count; v = Atomics.load(done, 0)) Atomics.wait(done, 0, v);
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

/** Registers from which one state's tiled runs are shared with a helper thread (below, a run is too short to pay). */
const SHARED_STATE_MIN_QUBITS = 14;
const attached = new WeakSet<Worker>();
let helperRuns = 0;

/** Tiled runs a helper thread has shared so far (tests, bench). */
export function sharedRunCount(): number {
  return helperRuns;
}

/**
 * How one state is tiled when a helper shares its runs: in halves split by the top qubit (ops off it act within each
 * half) below the cache tiles' range, the cache tiles above it.
 */
export function sharedTiling(n: number): Tiling {
  const t = currentTiling();
  return n < t.minQubits ? { bits: n - 1, minQubits: 0 } : t;
}

/** The helper that shares one state's tiled runs, or null (no pool, or JS kernels: their memory is not shared). */
function stateHelper(K: KernelSet): Worker | null {
  const memory = simdSharedMemory();
  if (K.name !== 'simd' || !memory) return null;
  const w = pool()[0];
  if (!w) return null;
  if (!attached.has(w)) {
    const done = new Int32Array(new SharedArrayBuffer(8));
    const msg: AttachJob = { kind: 'attach', memory, done };
    w.postMessage(msg);
    waitDone(done, 1);
    attached.add(w);
  }
  return w;
}

/**
 * Runs a tiled run's tiles: the first half here, the second on the helper (or here after the first, without one). The
 * adjoint sums each half's environments apart and then adds them, so the numbers do not depend on the helper.
 */
function shareRun(
  K: KernelSet,
  prog: CpuProgram,
  helper: Worker | null,
  seg: Segment,
  angles: Float64Array,
  ws: Workspace,
  acc: Float64Array | null,
): void {
  const tiles = ws.re.length / 2 ** seg.bits,
    half = tiles >> 1;
  if (!helper) {
    if (!acc) return forwardTiles(K, prog, seg, angles, ws.re, ws.im, 0, tiles);
    const second = new Float64Array(acc.length);
    adjointTiles(K, prog, seg, angles, ws, 0, half, acc);
    adjointTiles(K, prog, seg, angles, ws, half, tiles, second);
    for (let k = 0; k < acc.length; k++) acc[k] += second[k];
    return;
  }
  const done = new Int32Array(new SharedArrayBuffer(8)),
    helperAcc = acc ? shared(acc.length) : undefined;
  const job: TilesJob = {
    kind: 'tiles',
    dir: acc ? 'adjoint' : 'forward',
    precision: K.precision,
    programId: programId(prog),
    from: seg.from,
    to: seg.to,
    bits: seg.bits,
    t0: half,
    t1: tiles,
    angles,
    offsets: [ws.re, ws.im, ws.lre, ws.lim].map((a) => a.byteOffset),
    dim: ws.re.length,
    acc: helperAcc,
    done,
  };
  helper.postMessage(withPlan(helper, prog, job));
  helperRuns++;
  if (acc) adjointTiles(K, prog, seg, angles, ws, 0, half, acc);
  else forwardTiles(K, prog, seg, angles, ws.re, ws.im, 0, half);
  waitDone(done, 1);
  if (acc) for (let k = 0; k < acc.length; k++) acc[k] += helperAcc![k];
}

/**
 * One state's forward left in the workspace (forward.ts forwardInWorkspace). From n = 14 it walks tiled runs
 * (sharedTiling) and shares each with a helper thread when there is one: the two halves of the state evolve apart
 * between the ops on its top qubit. The same numbers with or without the helper.
 */
export function forwardState(
  K: KernelSet,
  prog: CpuProgram,
  theta: ArrayLike<number>,
  init?: HostState,
): { ws: Workspace; epoch: number } {
  if (prog.plan.nQubits < SHARED_STATE_MIN_QUBITS) return forwardInWorkspace(K, prog, theta, init);
  const helper = stateHelper(K);
  const { plan } = prog,
    n = plan.nQubits,
    ws = K.workspace(plan.dim);
  startRow(plan.dim, init, 0, ws.re, ws.im);
  const angles = shared(plan.slots.length);
  rowAngles(plan, theta, 0, angles);
  for (const seg of tileSegments(prog, sharedTiling(n)))
    if (!seg.tiled) for (let k = seg.from; k < seg.to; k++) applyOp(K, prog.ops[k], angles, ws.re, ws.im, n);
    else {
      updateRun(prog, seg, angles);
      shareRun(K, prog, helper, seg, angles, ws, null);
    }
  return { ws, epoch: workspaceEpoch() };
}

/** One state's gradient from ψ, λ in the workspace (adjoint.ts adjointInWorkspace), its tiled runs shared likewise. */
export function adjointState(K: KernelSet, prog: CpuProgram, theta: ArrayLike<number>, ws: Workspace): Float64Array {
  if (prog.plan.nQubits < SHARED_STATE_MIN_QUBITS) return adjointInWorkspace(K, prog, theta, ws);
  const helper = stateHelper(K);
  const { plan } = prog,
    angles = shared(plan.slots.length),
    slotGrad = new Float64Array(plan.slots.length),
    grad = new Float64Array(plan.nParams);
  rowAngles(plan, theta, 0, angles);
  touchWorkspace();
  const segs = tileSegments(prog, sharedTiling(plan.nQubits));
  for (let s = segs.length - 1; s >= 0; s--) {
    const seg = segs[s];
    if (!seg.tiled) for (let k = seg.to - 1; k >= seg.from; k--) adjointOp(K, prog, prog.ops[k], angles, ws, slotGrad);
    else {
      const acc = new Float64Array(4 * (seg.to - seg.from));
      updateRun(prog, seg, angles);
      shareRun(K, prog, helper, seg, angles, ws, acc);
      tiledGradients(prog, seg, acc, slotGrad);
    }
  }
  plan.slots.forEach((sl, k) => {
    if (sl.param !== null) grad[sl.param] += sl.scale * slotGrad[k];
  });
  return grad;
}

/** Threads and passes over the state of one state's walk (forwardState): what bench reports for a batch of one. */
export function stateWalk(K: KernelSet, prog: CpuProgram): { threads: number; passes: number } {
  const n = prog.plan.nQubits;
  if (n < SHARED_STATE_MIN_QUBITS) return { threads: 1, passes: passCount(prog) };
  return { threads: stateHelper(K) ? 2 : 1, passes: passCount(prog, sharedTiling(n)) };
}
