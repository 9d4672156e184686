/**
 * A Plan made ready for the cuda engine. The device does only the work of size 2^n; everything of the size of the
 * circuit stays on the host in Float64, shared with the CPU engine (Mat2Eval, rowAngles, kappa, imTimesIPow):
 *  - per row and op, the "coefficients" the kernels read (a fused 2×2 matrix, a Pauli rotation's cos φ and κ, a
 *    diagonal layer's c_k), one [batch][coefWidth] upload per forward;
 *  - per row and op, the "environment" sums the adjoint kernels leave (8 for a 2×2 op, 2 for a Pauli rotation, one
 *    per diagonal term), one [batch][envWidth] download per backward, turned into ∂L/∂θ here.
 * Constants (diagonal masks, 4×4 matrices and their adjoints) go to the device once per program.
 */
import { dagger } from '../../circuit/complex2';
import { qubitMask } from '../../circuit/bits';
import { Plan, PlanOp } from '../../circuit/plan';
import { Mat2Eval, rowAngles } from '../cpu/program';
import { imTimesIPow, kappa } from '../cpu/kernels/pauli';

type PlanMat2 = Extract<PlanOp, { op: 'mat2' }>;
type PlanDiag = Extract<PlanOp, { op: 'diag' }>;

/** Where an op's per-row data sit: coefficients (uploaded) and environment sums (downloaded). */
interface Slots {
  coef: number;
  env: number;
}

/** Index masks (bits.ts order) instead of qubit numbers: what the kernels take. */
export type CudaOp =
  | ({ op: 'mat2'; stride: number; controls: number; factors: PlanMat2['factors']; eval: Mat2Eval } & Slots)
  | ({ op: 'pauli'; flip: number; zMask: number; pivot: number; nY: number; weight: number; slot: number } & Slots)
  | ({ op: 'diag'; terms: PlanDiag['terms']; maskOffset: number } & Slots)
  | { op: 'flip'; stride: number; controls: number }
  | { op: 'swap'; ma: number; mb: number }
  | { op: 'mat4'; m0: number; m1: number; matOffset: number; dagOffset: number };

export interface CudaProgram {
  plan: Plan;
  ops: CudaOp[];
  /** Coefficients per row, and environment sums per row. */
  coefWidth: number;
  envWidth: number;
  /** All diagonal layers' masks, and the 4×4 matrices with their adjoints (32 values each). */
  masks: Uint32Array;
  mat4s: Float64Array;
}

export function prepareCudaProgram(plan: Plan): CudaProgram {
  const n = plan.nQubits;
  let coef = 0,
    env = 0;
  const masks: number[] = [],
    mat4s: number[] = [];
  const ops = plan.ops.map((op): CudaOp => {
    switch (op.op) {
      case 'mat2': {
        const o = {
          op: 'mat2' as const,
          stride: qubitMask(op.target, n),
          controls: op.controls,
          factors: op.factors,
          eval: new Mat2Eval(op),
          coef,
          env,
        };
        coef += 8;
        env += 8;
        return o;
      }
      case 'pauli': {
        const o = { ...op, pivot: 2 ** (31 - Math.clz32(op.flip)), coef, env };
        coef += 3;
        env += 2;
        return o;
      }
      case 'diag': {
        const o = { op: 'diag' as const, terms: op.terms, maskOffset: masks.length, coef, env };
        masks.push(...op.terms.map((t) => t.mask));
        coef += op.terms.length;
        env += op.terms.length;
        return o;
      }
      case 'flip':
        return { op: 'flip', stride: qubitMask(op.target, n), controls: op.controls };
      case 'swap':
        return { op: 'swap', ma: qubitMask(op.a, n), mb: qubitMask(op.b, n) };
      case 'mat4': {
        const o = {
          op: 'mat4' as const,
          m0: qubitMask(op.q0, n),
          m1: qubitMask(op.q1, n),
          matOffset: mat4s.length,
          dagOffset: mat4s.length + 32,
        };
        mat4s.push(...op.m, ...dagger(op.m, 4));
        return o;
      }
    }
  });
  return { plan, ops, coefWidth: coef, envWidth: env, masks: Uint32Array.from(masks), mat4s: Float64Array.from(mat4s) };
}

/** Per-row coefficients [batch][coefWidth] for θ (row-major [batch, nParams]), in Float64. */
export function coefficients(prog: CudaProgram, theta: ArrayLike<number>, batch: number): Float64Array {
  const { plan, coefWidth } = prog;
  const out = new Float64Array(batch * coefWidth);
  const angles = new Float64Array(plan.slots.length);
  for (let b = 0; b < batch; b++) {
    rowAngles(plan, theta, b, angles);
    const row = b * coefWidth;
    for (const op of prog.ops)
      if (op.op === 'mat2') out.set(op.eval.update(angles), row + op.coef);
      else if (op.op === 'pauli') {
        const phi = op.weight * angles[op.slot];
        const [kr, ki] = kappa(op.nY, Math.sin(phi));
        out[row + op.coef] = Math.cos(phi);
        out[row + op.coef + 1] = kr;
        out[row + op.coef + 2] = ki;
      } else if (op.op === 'diag') op.terms.forEach((t, k) => (out[row + op.coef + k] = t.weight * angles[t.slot]));
  }
  return out;
}

/** ∂L/∂θ [batch, nParams] (row-major) from the adjoint's environment sums [batch][envWidth]. */
export function gradientFromEnv(
  prog: CudaProgram,
  theta: ArrayLike<number>,
  batch: number,
  env: Float64Array,
): Float64Array {
  const { plan, envWidth } = prog;
  const grad = new Float64Array(batch * plan.nParams);
  const angles = new Float64Array(plan.slots.length),
    slotGrad = new Float64Array(plan.slots.length);
  for (let b = 0; b < batch; b++) {
    rowAngles(plan, theta, b, angles);
    slotGrad.fill(0);
    const row = b * envWidth;
    for (const op of prog.ops)
      if (op.op === 'mat2') {
        op.eval.update(angles);
        const e = env.subarray(row + op.env, row + op.env + 8);
        op.factors.forEach((f, j) => {
          if (f.slot >= 0 && plan.slots[f.slot].param !== null) slotGrad[f.slot] += op.eval.derivativeDot(j, e);
        });
      } else if (op.op === 'pauli')
        slotGrad[op.slot] += op.weight * imTimesIPow(op.nY, env[row + op.env], env[row + op.env + 1]);
      else if (op.op === 'diag') op.terms.forEach((t, k) => (slotGrad[t.slot] += t.weight * env[row + op.env + k]));
    plan.slots.forEach((s, k) => {
      if (s.param !== null) grad[b * plan.nParams + s.param] += s.scale * slotGrad[k];
    });
  }
  return grad;
}
