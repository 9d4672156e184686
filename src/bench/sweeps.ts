/**
 * The CPU engine's own sweeps of a workload, timed apart from tfjs and the loss: forward (ψ = U(θ)|0⟩) and adjoint
 * (gradients from ψ and a seed λ), with the passes over the state they make, their effective bandwidth, and that
 * bandwidth per thread as a share of the copy roofline at the same working set (roofline.ts). A pass reads and writes one state
 * (re and im) once: a forward op is one pass, an adjoint op two (ψ and λ).
 */
import { Circuit } from '../circuit/circuit';
import { cpuProgram } from '../engines/engine';
import { activeKernels } from '../engines/cpu/kernelSet';
import { adjointState, forwardState, runner, stateWalk, threadsFor } from '../engines/cpu/pool';
import { passCount } from '../engines/cpu/tiles';
import { HostState } from '../engines/cpu/forward';
import type { KernelSet } from '../engines/cpu/kernelSet';
import type { CpuProgram } from '../engines/cpu/program';
import { createRng } from '../rng';
import { copyAt } from './roofline';
import { timeIt } from './workloads';

export interface SweepFigures {
  /** Threads the batch's rows ran on; the roofline and its share are per thread. */
  threads: number;
  /**
   * Passes over the state of the compiled program forward (an op, or a run of ops walked a cache tile at a time:
   * tiles.ts); the adjoint makes two (ψ, λ) for each.
   */
  passes_forward: number;
  passes_per_step: number;
  forward_ms: number;
  adjoint_ms: number;
  adjoint_over_forward: number;
  /**
   * The same from the fastest repetition of each: on a shared machine the least disturbed run, so the steadier ratio
   * (other jobs' memory traffic moves medians here by up to a third).
   */
  forward_ms_min: number;
  adjoint_ms_min: number;
  adjoint_over_forward_min: number;
  /** Bytes the passes read and write, over the sweep's time. */
  gb_per_s_forward: number;
  gb_per_s_adjoint: number;
  /** The copy roofline at the sweep's working set (SIMD or JS as the kernels), and the share of it reached. */
  roofline_forward_gb_per_s: number | null;
  roofline_adjoint_gb_per_s: number | null;
  pct_roofline_forward: number | null;
  pct_roofline_adjoint: number | null;
}

const r3 = (x: number) => Number(x.toPrecision(3));

/** Times the forward and adjoint sweeps of `circuit` for `batch` rows of random θ. */
export async function cpuSweepFigures(circuit: Circuit, batch: number, budgetMs = 1500): Promise<SweepFigures> {
  const rng = createRng(1),
    theta = Float64Array.from({ length: batch * circuit.nParams }, () => 2 * Math.PI * rng.uniform());
  const prog = cpuProgram(circuit),
    K = activeKernels(),
    // a batch of one takes the engine's single-state walk (shared with a helper thread where there is one)
    run = batch === 1 ? stateRunner(K, prog, theta) : runner(K, prog, theta, batch);
  const dim = prog.plan.dim,
    walk = batch === 1 ? stateWalk(K, prog) : { threads: threadsFor(prog, batch), passes: passCount(prog) },
    passes = walk.passes;
  let psi: HostState = run.forward();
  const lambda = { re: psi.re.slice(), im: psi.im.slice() };
  const minReps = dim * batch >= 1 << 22 ? 1 : 3;
  const fwd = await timeIt(
    () => {
      psi = run.forward();
    },
    { budgetMs, minReps },
  );
  const adj = await timeIt(() => void run.adjoint(psi, lambda), { budgetMs, minReps });
  const stateBytes = 2 * (K.precision === 'float32' ? 4 : 8) * dim; // re + im
  const bytesPerPass = 2 * stateBytes * batch; // read + write
  const gbF = (passes * bytesPerPass) / (fwd.ms_median * 1e6),
    gbA = (2 * passes * bytesPerPass) / (adj.ms_median * 1e6);
  const threads = walk.threads,
    perThread = (gb: number) => gb / threads;
  const impl = K.name === 'simd' ? 'simd' : 'js';
  // working sets per row: ψ (forward), ψ and λ (adjoint); rows run one after another in one workspace per thread
  const roofF = copyAt(stateBytes, impl),
    roofA = copyAt(2 * stateBytes, impl);
  return {
    threads,
    passes_forward: passes,
    passes_per_step: 3 * passes,
    forward_ms: fwd.ms_median,
    adjoint_ms: adj.ms_median,
    adjoint_over_forward: r3(adj.ms_median / fwd.ms_median),
    forward_ms_min: fwd.ms_min,
    adjoint_ms_min: adj.ms_min,
    adjoint_over_forward_min: r3(adj.ms_min / fwd.ms_min),
    gb_per_s_forward: r3(gbF),
    gb_per_s_adjoint: r3(gbA),
    roofline_forward_gb_per_s: roofF,
    roofline_adjoint_gb_per_s: roofA,
    pct_roofline_forward: roofF ? r3((100 * perThread(gbF)) / roofF) : null,
    pct_roofline_adjoint: roofA ? r3((100 * perThread(gbA)) / roofA) : null,
  };
}

/**
 * The single-state walk as a runner: forward into the workspace (copied out, as the batch runner's rows are), adjoint
 * from ψ and λ copied back in first (the walk uncomputes them in place).
 */
function stateRunner(K: KernelSet, prog: CpuProgram, theta: Float64Array) {
  return {
    forward: (): HostState => {
      const { ws } = forwardState(K, prog, theta);
      return { re: ws.re.slice(), im: ws.im.slice() };
    },
    adjoint: (psi: HostState, lambda: HostState): Float64Array => {
      const ws = K.workspace(prog.plan.dim);
      ws.re.set(psi.re);
      ws.im.set(psi.im);
      ws.lre.set(lambda.re);
      ws.lim.set(lambda.im);
      return adjointState(K, prog, theta, ws);
    },
  };
}
