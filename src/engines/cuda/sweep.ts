/**
 * The forward and adjoint sweeps of the cuda engine: one kernel launch per op on the batch of states in GPU memory
 * (as cpu/forward.ts and cpu/adjoint.ts, op by op). The adjoint uncomputes ψ and λ in place and leaves each op's
 * environment sums in `env` [rows][envWidth] (doubles), from which program.ts forms ∂L/∂θ on the host.
 */
import { arg } from './args';
import { DeviceBuffer } from './driver';
import { Launcher } from './launch';
import { CudaProgram } from './program';

/** Device copies of a program's constants (diagonal masks, 4×4 matrices) for one precision. */
export interface ProgramConstants {
  masks: DeviceBuffer | null;
  mat4s: DeviceBuffer | null;
}

/** Terms per diagonal-layer adjoint pass (DIAG_TERMS_PER_PASS of gates.cuh). */
const DIAG_TERMS_PER_PASS = 16;

/** ψ ← U(θ)ψ for every row; `coef` holds the rows' coefficients [rows][coefWidth] in the state's precision. */
export function forwardSweep(
  L: Launcher,
  prog: CudaProgram,
  psi: DeviceBuffer,
  coef: DeviceBuffer,
  c: ProgramConstants,
): void {
  const dim = L.dim,
    cw = prog.coefWidth,
    rb = L.realBytes;
  const at = (offset: number) => arg.buf(coef, offset * rb);
  for (const op of prog.ops)
    switch (op.op) {
      case 'mat2':
        L.each('mat2', dim / 2, [
          arg.buf(psi),
          arg.u32(dim),
          arg.u32(op.stride),
          arg.u32(op.controls),
          at(op.coef),
          arg.u32(cw),
          arg.i32(0),
        ]);
        break;
      case 'pauli':
        L.each('pauli', dim / 2, [
          arg.buf(psi),
          arg.u32(dim),
          arg.u32(op.flip),
          arg.u32(op.zMask),
          arg.u32(op.pivot),
          at(op.coef),
          arg.u32(cw),
          arg.i32(0),
        ]);
        break;
      case 'diag':
        L.each('diag', dim, [
          arg.buf(psi),
          arg.u32(dim),
          arg.buf(c.masks!, 4 * op.maskOffset),
          arg.u32(op.terms.length),
          at(op.coef),
          arg.u32(cw),
          arg.i32(0),
        ]);
        break;
      case 'flip':
        L.each('flip', dim / 2, [arg.buf(psi), arg.u32(dim), arg.u32(op.stride), arg.u32(op.controls)]);
        break;
      case 'swap':
        L.each('swap', dim / 4, [arg.buf(psi), arg.u32(dim), arg.u32(op.ma), arg.u32(op.mb)]);
        break;
      case 'mat4':
        L.each('mat4', dim / 4, [
          arg.buf(psi),
          arg.u32(dim),
          arg.u32(op.m0),
          arg.u32(op.m1),
          arg.buf(c.mat4s!, rb * op.matOffset),
        ]);
        break;
    }
}

/**
 * Walks the ops backwards from ψ = U(θ)|init⟩ and the seed λ, uncomputing both, and writes every op's environment
 * sums into env [rows][envWidth].
 */
export function adjointSweep(
  L: Launcher,
  prog: CudaProgram,
  psi: DeviceBuffer,
  lam: DeviceBuffer,
  coef: DeviceBuffer,
  env: DeviceBuffer,
  c: ProgramConstants,
): void {
  const dim = L.dim,
    cw = prog.coefWidth,
    rb = L.realBytes;
  const at = (offset: number) => arg.buf(coef, offset * rb);
  const out = (offset: number) => ({ buffer: env, offset, stride: prog.envWidth });
  const both = (f: (state: DeviceBuffer) => void) => {
    f(psi);
    f(lam);
  };
  for (let k = prog.ops.length - 1; k >= 0; k--) {
    const op = prog.ops[k];
    switch (op.op) {
      case 'mat2':
        L.reduce(
          'mat2_adjoint',
          dim / 2,
          8,
          [
            arg.buf(psi),
            arg.buf(lam),
            arg.u32(dim),
            arg.u32(op.stride),
            arg.u32(op.controls),
            at(op.coef),
            arg.u32(cw),
          ],
          out(op.env),
        );
        break;
      case 'pauli':
        L.reduce(
          'pauli_adjoint',
          dim / 2,
          2,
          [
            arg.buf(psi),
            arg.buf(lam),
            arg.u32(dim),
            arg.u32(op.flip),
            arg.u32(op.zMask),
            arg.u32(op.pivot),
            at(op.coef),
            arg.u32(cw),
          ],
          out(op.env),
        );
        break;
      case 'diag': {
        const K = op.terms.length;
        for (let first = 0; first < K; first += DIAG_TERMS_PER_PASS) {
          const count = Math.min(DIAG_TERMS_PER_PASS, K - first),
            last = first + count >= K;
          const args = [
            arg.buf(psi),
            arg.buf(lam),
            arg.u32(dim),
            arg.buf(c.masks!, 4 * op.maskOffset),
            arg.u32(K),
            at(op.coef),
            arg.u32(cw),
            arg.u32(first),
            arg.u32(count),
            arg.i32(last ? 1 : 0),
          ];
          L.reduce('diag_adjoint', dim, count, args, out(op.env + first));
        }
        break;
      }
      case 'flip':
        both((s) => L.each('flip', dim / 2, [arg.buf(s), arg.u32(dim), arg.u32(op.stride), arg.u32(op.controls)]));
        break;
      case 'swap':
        both((s) => L.each('swap', dim / 4, [arg.buf(s), arg.u32(dim), arg.u32(op.ma), arg.u32(op.mb)]));
        break;
      case 'mat4':
        both((s) =>
          L.each('mat4', dim / 4, [
            arg.buf(s),
            arg.u32(dim),
            arg.u32(op.m0),
            arg.u32(op.m1),
            arg.buf(c.mat4s!, rb * op.dagOffset),
          ]),
        );
        break;
    }
  }
}
