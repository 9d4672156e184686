/**
 * Forward simulation on the CPU engine: batch rows one after another (each row's state stays in cache), every op
 * in place on Float64 re/im arrays laid out [batch][2^n].
 */
import { applyMat2InPlace } from './kernels/mat2';
import { applyMat4InPlace } from './kernels/mat4';
import { applyPauliRotInPlace } from './kernels/pauli';
import { applyFlipInPlace, applySwapInPlace } from './kernels/perm';
import { CpuOp, CpuProgram, diagCoefficients, mat2Factors, rowAngles } from './program';

export interface HostState {
  re: Float64Array;
  im: Float64Array;
}

/** Applies one op to one state, with that row's angle slots. `dagger` applies U† instead (for uncomputing). */
export function applyOp(op: CpuOp, angles: Float64Array, re: Float64Array, im: Float64Array, n: number): void {
  switch (op.op) {
    case 'mat2':
      return applyMat2InPlace(op.target, op.controls, mat2Factors(op, angles).u, re, im, n);
    case 'diag':
      op.layer.setCoefficients(diagCoefficients(op.terms, angles));
      return op.layer.apply(re, im);
    case 'pauli':
      return applyPauliRotInPlace(op.flip, op.zMask, op.nY, op.weight * angles[op.slot], re, im);
    case 'flip':
      return applyFlipInPlace(op.target, op.controls, re, im, n);
    case 'swap':
      return applySwapInPlace(op.a, op.b, re, im, n);
    case 'mat4':
      return applyMat4InPlace(op.q0, op.q1, op.m, re, im, n);
  }
}

/**
 * ψ_b = U(θ_b)·init_b for every row b. `theta` is row-major [batch, nParams]; `init` (optional) holds one state per
 * row or a single state shared by all rows; the default is |0…0⟩.
 */
export function forward(prog: CpuProgram, theta: ArrayLike<number>, batch: number, init?: HostState): HostState {
  const { nQubits: n, dim } = prog.plan;
  const re = new Float64Array(batch * dim), im = new Float64Array(batch * dim);
  const angles = new Float64Array(prog.plan.slots.length);
  for (let b = 0; b < batch; b++) {
    const r = re.subarray(b * dim, (b + 1) * dim), i = im.subarray(b * dim, (b + 1) * dim);
    if (init) {
      const off = init.re.length === dim ? 0 : b * dim;
      r.set(init.re.subarray(off, off + dim));
      i.set(init.im.subarray(off, off + dim));
    } else r[0] = 1;
    rowAngles(prog.plan, theta, b, angles);
    for (const op of prog.ops) applyOp(op, angles, r, i, n);
  }
  return { re, im };
}
