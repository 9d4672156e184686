/**
 * A Plan made ready for the CPU engine: diagonal layers get their split tables, and helpers evaluate, for one batch
 * row, the angle slots and the 2×2 matrices of fused one-qubit ops. No tfjs here.
 */
import { Mat2, matMul } from '../../circuit/complex2';
import { factorMatrix } from '../../circuit/factors';
import { Plan, PlanOp } from '../../circuit/plan';
import { DiagLayer } from './kernels/diag';

export type CpuOp = Exclude<PlanOp, { op: 'diag' }> | { op: 'diag'; layer: DiagLayer; terms: Extract<PlanOp, { op: 'diag' }>['terms'] };

export interface CpuProgram {
  plan: Plan;
  ops: CpuOp[];
}

export function prepareProgram(plan: Plan): CpuProgram {
  const ops = plan.ops.map((op): CpuOp =>
    op.op === 'diag' ? { op: 'diag', terms: op.terms, layer: new DiagLayer(op.terms.map((t) => t.mask), plan.nQubits) } : op,
  );
  return { plan, ops };
}

/** Slot values a_s = scale·θ[row, param] + offset for one row of θ (row-major [batch, nParams]). */
export function rowAngles(plan: Plan, theta: ArrayLike<number>, row: number, out = new Float64Array(plan.slots.length)): Float64Array {
  const base = row * plan.nParams;
  plan.slots.forEach((s, k) => {
    out[k] = s.param === null ? s.offset : s.scale * theta[base + s.param] + s.offset;
  });
  return out;
}

/** The factors' matrices F_j and their product U = F_{m−1}⋯F_0 of a fused one-qubit op. */
export function mat2Factors(op: Extract<PlanOp, { op: 'mat2' }>, angles: Float64Array): { fs: Mat2[]; u: Mat2 } {
  const fs = op.factors.map((f) => factorMatrix(f.form, f.slot >= 0 ? angles[f.slot] : 0));
  let u = fs[0];
  for (let j = 1; j < fs.length; j++) u = matMul(fs[j], u, 2);
  return { fs, u };
}

/** Coefficients c_k = weight_k·a_{slot_k} of a diagonal layer's terms. */
export function diagCoefficients(terms: { weight: number; slot: number }[], angles: Float64Array): Float64Array {
  return Float64Array.from(terms, (t) => t.weight * angles[t.slot]);
}
