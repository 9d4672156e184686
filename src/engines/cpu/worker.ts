/**
 * Worker-thread side of the CPU engine's row pool (pool.ts): receives a compiled plan once per program, then jobs
 * "forward/adjoint rows [from, to)" over SharedArrayBuffer-backed arrays, runs them with its own kernels (its own
 * wasm instance and workspace), and signals completion through an Atomics counter; or a share of the tiles of one
 * state's run, on the calling thread's shared wasm memory. Bundled into a string at build.
 */
import { parentPort, workerData } from 'worker_threads';
import { FusedPlan } from '../../circuit/fuse';
import { adjointRows } from './adjoint';
import { forwardRows, HostState } from './forward';
import { activeKernels, attachedKernels, Precision } from './kernelSet';
import { adjointTiles, forwardTiles, updateRun } from './tiles';
import type { CpuProgram } from './program';
import { prepareProgram } from './prepare';

export interface RowJob {
  kind: 'forward' | 'adjoint';
  /** The caller's state precision (workers cannot see setCpuPrecision). */
  precision: Precision;
  programId: number;
  plan?: FusedPlan;
  theta: Float64Array;
  from: number;
  to: number;
  /** forward: output; adjoint: input. */
  psi: HostState;
  init?: HostState;
  lambda?: HostState;
  grad?: Float64Array;
  /** [finished jobs, failed jobs]. */
  done: Int32Array;
}

/**
 * A share of one state's tiled run (tiles.ts): tiles [t0, t1) of the run of ops [from, to) on the calling thread's
 * workspace, in the shared memory it attached (AttachJob), with this thread's own scratch area.
 */
export interface TilesJob {
  kind: 'tiles';
  dir: 'forward' | 'adjoint';
  precision: Precision;
  programId: number;
  plan?: FusedPlan;
  from: number;
  to: number;
  bits: number;
  t0: number;
  t1: number;
  /** The row's angle slots. */
  angles: Float64Array;
  /** Byte offsets of re, im, lre, lim in the shared memory, and their length. */
  offsets: number[];
  dim: number;
  /** adjoint: the environments of the share's tiles (tiles.ts adjointTiles). */
  acc?: Float64Array;
  done: Int32Array;
}

/** The calling thread's SIMD memory, sent once before its first TilesJob. */
export interface AttachJob {
  kind: 'attach';
  memory: WebAssembly.Memory;
  done: Int32Array;
}

const programs = new Map<number, CpuProgram>();
let memory: WebAssembly.Memory | null = null;

function program(id: number, plan: FusedPlan | undefined): CpuProgram {
  let prog = programs.get(id);
  if (!prog) {
    prog = prepareProgram(plan!);
    programs.set(id, prog);
    if (programs.size > 64) programs.delete(programs.keys().next().value!);
  }
  return prog;
}

function runTiles(job: TilesJob): void {
  const prog = program(job.programId, job.plan);
  const { K, ws } = attachedKernels(memory!, job.precision, job.offsets, job.dim);
  const seg = { from: job.from, to: job.to, tiled: true, bits: job.bits };
  updateRun(prog, seg, job.angles);
  if (job.dir === 'forward') forwardTiles(K, prog, seg, job.angles, ws.re, ws.im, job.t0, job.t1);
  else adjointTiles(K, prog, seg, job.angles, ws, job.t0, job.t1, job.acc!);
}

parentPort?.on('message', (job: RowJob | TilesJob | AttachJob) => {
  try {
    if (job.kind === 'attach') memory = job.memory;
    else if (job.kind === 'tiles') runTiles(job);
    else {
      const prog = program(job.programId, job.plan);
      const K = activeKernels(job.precision);
      if (job.kind === 'forward') forwardRows(K, prog, job.theta, job.init, job.from, job.to, job.psi);
      else adjointRows(K, prog, job.theta, job.psi, job.lambda!, job.from, job.to, job.grad!);
    }
  } catch (e) {
    Atomics.add(job.done, 1, 1);
    parentPort!.postMessage(String((e as Error).stack ?? e));
  }
  Atomics.add(job.done, 0, 1);
  Atomics.notify(job.done, 0);
});

if (workerData?.ready) {
  Atomics.add(workerData.ready as Int32Array, 0, 1);
  Atomics.notify(workerData.ready as Int32Array, 0);
}
