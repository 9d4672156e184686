/**
 * The matrix of a fused block (circuit/fuse.ts) for one batch row, and its derivatives. The block's ops run as a small
 * program on 2k qubits whose state is the matrix itself: U as the vector |U⟩ = Σ_rc U_rc |r⟩|c⟩, the ops acting on the
 * row qubits (the high k), started from |I⟩. The derivatives come from the same adjoint walk the engine uses on
 * states: with λ = conj(M) for the block's environment M (kernels/block.ts), Re⟨λ|∂|U⟩/∂a = Re Σ_ab ∂U_ab·M_ab is
 * ∂L/∂a for every angle slot a of the block. Plain JS kernels on 4^k amplitudes, in the block's own workspace.
 */
import { FusedPlan, BlockOp } from '../../circuit/fuse';
import { PlanOp } from '../../circuit/plan';
import { adjointSweep } from './adjoint';
import { applyOp } from './forward';
import { jsKernels, Workspace } from './kernelSet';
import { CpuProgram, prepareOps } from './program';

/** An op of the block's k-qubit register on the 2k-qubit register of |U⟩ (row qubits first). */
function onRows(op: PlanOp, k: number): PlanOp {
  const up = (m: number) => m * 2 ** k;
  switch (op.op) {
    case 'mat2':
    case 'flip':
      return { ...op, controls: up(op.controls) };
    case 'pauli':
      return { ...op, flip: up(op.flip), zMask: up(op.zMask) };
    case 'diag':
      return { op: 'diag', terms: op.terms.map((t) => ({ ...t, mask: up(t.mask) })) };
    case 'swap':
    case 'mat4':
      return op;
  }
}

export class BlockEval {
  readonly k: number;
  /** U (2^k × 2^k, interleaved re/im, row-major) after update(). */
  readonly u: Float64Array;
  private readonly d: number;
  private readonly prog: CpuProgram;
  private readonly ws: Workspace;

  constructor(block: BlockOp, plan: FusedPlan) {
    const k = (this.k = block.qubits.length),
      d = (this.d = 2 ** k),
      dim = d * d;
    this.u = new Float64Array(2 * dim);
    this.prog = prepareOps({
      nQubits: 2 * k,
      nParams: plan.nParams,
      dim,
      slots: plan.slots,
      ops: block.ops.map((op) => onRows(op, k)),
    });
    const a = () => new Float64Array(dim);
    this.ws = { re: a(), im: a(), lre: a(), lim: a(), env: new Float64Array(8), blockEnv: new Float64Array(0) };
  }

  /** U for a row's angle slots. */
  update(angles: Float64Array): Float64Array {
    const { re, im } = this.ws,
      d = this.d,
      u = this.u;
    re.fill(0);
    im.fill(0);
    for (let i = 0; i < d; i++) re[i * d + i] = 1;
    for (const op of this.prog.ops) applyOp(jsKernels, op, angles, re, im, 2 * this.k);
    for (let i = 0; i < re.length; i++) {
      u[2 * i] = re[i];
      u[2 * i + 1] = im[i];
    }
    return u;
  }

  /** Adds Re Σ_ab (∂U/∂a_s)_ab·M_ab into slotGrad[s] for the block's slots; call right after update() with the same angles. */
  addGradients(angles: Float64Array, env: Float64Array, slotGrad: Float64Array): void {
    const { lre, lim } = this.ws;
    for (let i = 0; i < lre.length; i++) {
      lre[i] = env[2 * i];
      lim[i] = -env[2 * i + 1];
    }
    adjointSweep(jsKernels, this.prog, angles, this.ws, slotGrad);
  }
}
