/**
 * A Plan (fused or not) made ready for the CPU engine: diagonal layers get their split tables, dense blocks their
 * evaluators (blockEval.ts, handed in by prepare.ts), and helpers evaluate, for one batch row, the angle slots and the
 * 2×2 matrices of fused one-qubit ops. No tfjs here.
 */
import { Mat2, mul2 } from '../../circuit/complex2';
import { factorDerivativeAt, FactorKind, factorMatrixAt } from '../../circuit/factors';
import { generatorDot, reTraceDot } from './kernels/mat2';
import { Plan, PlanOp } from '../../circuit/plan';
import { BlockOp, FusedPlan } from '../../circuit/fuse';
import { DiagLayer } from './kernels/diag';
import type { BlockEval } from './blockEval';

type PlanMat2 = Extract<PlanOp, { op: 'mat2' }>;
type PlanDiag = Extract<PlanOp, { op: 'diag' }>;

export type CpuOp =
  | Exclude<PlanOp, { op: 'diag' | 'mat2' }>
  /** `su2`: every factor is a rotation (rx, ry, rz), so U is in SU(2) for every angle. */
  | (PlanMat2 & { eval: Mat2Eval; su2: boolean })
  | { op: 'diag'; layer: DiagLayer; terms: PlanDiag['terms']; coef: Float64Array; grad: Float64Array }
  /** A dense block on `qubits`, with their index masks (descending) and the evaluator of its matrix. */
  | { op: 'block'; qubits: number[]; masks: number[]; eval: BlockEval };

/**
 * The matrices of one fused one-qubit op for one row, in preallocated buffers (the hot loop allocates nothing):
 * factors F_j, their product U = F_{m−1}⋯F_0, and Re Σ_ab (∂U/∂a_j)_ab·env_ab for the adjoint.
 */
export class Mat2Eval {
  readonly fs: Mat2[];
  readonly u = new Float64Array(8);
  private readonly t0 = new Float64Array(8);
  private readonly t1 = new Float64Array(8);
  /** cos(ωa_j), sin(ωa_j) of each factor at the angles of the last update(), for the derivatives. */
  private readonly trig: Float64Array;

  constructor(private readonly op: PlanMat2) {
    this.fs = op.factors.map(() => new Float64Array(8));
    this.trig = new Float64Array(2 * op.factors.length);
  }

  update(angles: Float64Array): Mat2 {
    const { factors } = this.op,
      fs = this.fs,
      trig = this.trig;
    for (let j = 0; j < factors.length; j++) {
      const f = factors[j].form,
        a = f.omega * (factors[j].slot >= 0 ? angles[factors[j].slot] : 0);
      trig[2 * j] = Math.cos(a);
      trig[2 * j + 1] = Math.sin(a);
      factorMatrixAt(f, trig[2 * j], trig[2 * j + 1], fs[j]);
    }
    this.u.set(fs[0]);
    for (let j = 1; j < fs.length; j++) this.u.set(mul2(fs[j], this.u, this.t0));
    return this.u;
  }

  /**
   * The CPU kernels' gradient of factor j: Re Σ_ab K_ab·N_ab with K = ∂U/∂a_j·U†, from the generator environment g of
   * ψ, λ after the gate (kernels/mat2.ts). Call after update() with the row's angles.
   */
  generatorDot(j: number, g: Float64Array): number {
    return generatorDot(this.derivative(j), this.u, g);
  }

  /**
   * Re Σ_ab (∂U/∂a_j)_ab·M_ab from the full environment M_ab = Σ conj(λ_a)·ψ_b (λ after the gate, ψ before it), which
   * the cuda engine's kernels accumulate. Call after update() with the row's angles.
   */
  derivativeDot(j: number, env: Float64Array): number {
    return reTraceDot(this.derivative(j), env);
  }

  /** ∂U/∂a_j = F_{m−1}⋯F_j'⋯F_0, in one of the scratch buffers. */
  private derivative(j: number): Mat2 {
    const f = this.op.factors[j],
      fs = this.fs;
    let d: Mat2 = factorDerivativeAt(f.form, this.trig[2 * j], this.trig[2 * j + 1], this.t0),
      t: Mat2 = this.t1;
    for (let i = j - 1; i >= 0; i--) {
      mul2(d, fs[i], t);
      const x = d;
      d = t;
      t = x;
    }
    for (let i = j + 1; i < fs.length; i++) {
      mul2(fs[i], d, t);
      const x = d;
      d = t;
      t = x;
    }
    return d;
  }
}

const SU2_KINDS: ReadonlySet<FactorKind> = new Set(['rx', 'ry', 'rz']);

export interface CpuProgram {
  plan: FusedPlan;
  ops: CpuOp[];
}

/**
 * The engine ops of `plan`; a dense block gets its evaluator from `block`. The engine's programs come from prepare.ts
 * (prepareProgram), which hands in blockEval.ts's; a block's own ops, which hold no block, are prepared without one.
 */
export function prepareOps(plan: Plan | FusedPlan, block?: (op: BlockOp) => BlockEval): CpuProgram {
  const ops = plan.ops.map((op): CpuOp => {
    if (op.op === 'mat2') return { ...op, eval: new Mat2Eval(op), su2: op.factors.every((f) => SU2_KINDS.has(f.kind)) };
    if (op.op === 'block') {
      if (!block) throw new Error('program: a dense block where none can be (inside a block)');
      return {
        op: 'block',
        qubits: op.qubits,
        masks: op.qubits.map((q) => 2 ** (plan.nQubits - 1 - q)),
        eval: block(op),
      };
    }
    if (op.op === 'diag') {
      const k = op.terms.length;
      return {
        op: 'diag',
        terms: op.terms,
        layer: new DiagLayer(
          op.terms.map((t) => t.mask),
          plan.nQubits,
        ),
        coef: new Float64Array(k),
        grad: new Float64Array(k),
      };
    }
    return op;
  });
  return { plan, ops };
}

/** Slot values a_s = scale·θ[row, param] + offset for one row of θ (row-major [batch, nParams]). */
export function rowAngles(
  plan: Plan | FusedPlan,
  theta: ArrayLike<number>,
  row: number,
  out: Float64Array = new Float64Array(plan.slots.length),
): Float64Array {
  const base = row * plan.nParams,
    slots = plan.slots;
  for (let k = 0; k < slots.length; k++) {
    const s = slots[k];
    out[k] = s.param === null ? s.offset : s.scale * theta[base + s.param] + s.offset;
  }
  return out;
}

/** Coefficients c_k = weight_k·a_{slot_k} of a diagonal layer's terms, into the op's buffer. */
export function diagCoefficients(op: Extract<CpuOp, { op: 'diag' }>, angles: Float64Array): Float64Array {
  op.terms.forEach((t, k) => (op.coef[k] = t.weight * angles[t.slot]));
  return op.coef;
}
