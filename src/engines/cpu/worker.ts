/**
 * Worker-thread side of the CPU engine's row pool (pool.ts): receives a compiled plan once per program, then jobs
 * "forward/adjoint rows [from, to)" over SharedArrayBuffer-backed arrays, runs them with its own kernels (its own
 * wasm instance and workspace), and signals completion through an Atomics counter. Bundled into a string at build.
 */
import { parentPort, workerData } from 'worker_threads';
import { FusedPlan } from '../../circuit/fuse';
import { adjointRows } from './adjoint';
import { forwardRows, HostState } from './forward';
import { activeKernels, Precision } from './kernelSet';
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

const programs = new Map<number, CpuProgram>();

parentPort?.on('message', (job: RowJob) => {
  try {
    let prog = programs.get(job.programId);
    if (!prog) {
      prog = prepareProgram(job.plan!);
      programs.set(job.programId, prog);
      if (programs.size > 64) programs.delete(programs.keys().next().value!);
    }
    const K = activeKernels(job.precision);
    if (job.kind === 'forward') forwardRows(K, prog, job.theta, job.init, job.from, job.to, job.psi);
    else adjointRows(K, prog, job.theta, job.psi, job.lambda!, job.from, job.to, job.grad!);
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
