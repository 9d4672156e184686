/**
 * Adjoint (reverse-mode) gradients on the CPU engine with O(1) stored states: from ψ = U(θ)|init⟩ and the seed
 * λ = ∂L/∂Re ψ + i ∂L/∂Im ψ (for a loss of probabilities, λ = 2·dy⊙ψ), walk the ops backwards, uncomputing ψ and λ
 * with each op's inverse, and collect ∂L/∂a = Re⟨λ|∂U|ψ_before⟩ for each angle, chained to θ by the slot's scale.
 */
import { factorDerivative } from '../../circuit/factors';
import { Mat2, dagger, matMul } from '../../circuit/complex2';
import { HostState } from './forward';
import { applyMat4InPlace } from './kernels/mat4';
import { mat2AdjointStep, reTraceDot } from './kernels/mat2';
import { pauliRotAdjointStep } from './kernels/pauli';
import { applyFlipInPlace, applySwapInPlace } from './kernels/perm';
import { CpuProgram, diagCoefficients, mat2Factors, rowAngles } from './program';

/**
 * ∂L/∂θ [batch, nParams] (row-major). Consumes `psi` and `lambda` (both are uncomputed in place).
 */
export function adjoint(prog: CpuProgram, theta: ArrayLike<number>, batch: number, psi: HostState, lambda: HostState): Float64Array {
  const { plan } = prog;
  const { nQubits: n, dim, nParams } = plan;
  const grad = new Float64Array(batch * nParams);
  const angles = new Float64Array(plan.slots.length);
  const slotGrad = new Float64Array(plan.slots.length);
  const env = new Float64Array(8), dU = new Float64Array(8);
  for (let b = 0; b < batch; b++) {
    const sl = (a: Float64Array) => a.subarray(b * dim, (b + 1) * dim);
    const re = sl(psi.re), im = sl(psi.im), lre = sl(lambda.re), lim = sl(lambda.im);
    rowAngles(plan, theta, b, angles);
    slotGrad.fill(0);
    for (let k = prog.ops.length - 1; k >= 0; k--) {
      const op = prog.ops[k];
      switch (op.op) {
        case 'mat2': {
          const { fs, u } = mat2Factors(op, angles);
          env.fill(0);
          mat2AdjointStep(op.target, op.controls, u, re, im, lre, lim, n, env);
          // ∂U/∂a_j = (F_{m−1}⋯F_{j+1}) · F_j' · (F_{j−1}⋯F_0)
          op.factors.forEach((f, j) => {
            if (f.slot < 0 || plan.slots[f.slot].param === null) return;
            let d: Mat2 = factorDerivative(f.form, angles[f.slot], dU);
            for (let i = j - 1; i >= 0; i--) d = matMul(d, fs[i], 2);
            for (let i = j + 1; i < fs.length; i++) d = matMul(fs[i], d, 2);
            slotGrad[f.slot] += reTraceDot(d, env);
          });
          break;
        }
        case 'diag': {
          op.layer.setCoefficients(diagCoefficients(op.terms, angles));
          const s = new Float64Array(op.terms.length);
          op.layer.adjointStep(re, im, lre, lim, s);
          op.terms.forEach((t, j) => (slotGrad[t.slot] += t.weight * s[j]));
          break;
        }
        case 'pauli':
          slotGrad[op.slot] += op.weight * pauliRotAdjointStep(op.flip, op.zMask, op.nY, op.weight * angles[op.slot], re, im, lre, lim);
          break;
        case 'flip':
          applyFlipInPlace(op.target, op.controls, re, im, n);
          applyFlipInPlace(op.target, op.controls, lre, lim, n);
          break;
        case 'swap':
          applySwapInPlace(op.a, op.b, re, im, n);
          applySwapInPlace(op.a, op.b, lre, lim, n);
          break;
        case 'mat4': {
          const ud = dagger(op.m, 4);
          applyMat4InPlace(op.q0, op.q1, ud, re, im, n);
          applyMat4InPlace(op.q0, op.q1, ud, lre, lim, n);
          break;
        }
      }
    }
    plan.slots.forEach((s, k) => {
      if (s.param !== null) grad[b * nParams + s.param] += s.scale * slotGrad[k];
    });
  }
  return grad;
}
