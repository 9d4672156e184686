/**
 * Every one-qubit gate as products of "trig factors": U(a) = K0 + cos(ωa)·K1 + sin(ωa)·K2 with constant 2×2 complex
 * matrices. One description serves both engines: the CPU engine evaluates it in Float64, the tensor engine builds all
 * factors of a circuit in a handful of batched tf ops, and dU/da = ω(−sin(ωa)·K1 + cos(ωa)·K2) gives adjoint rules.
 */
import { Mat2, mat2 } from './complex2';

export type FactorKind = 'fixed' | 'rx' | 'ry' | 'rz' | 'p';

export interface TrigForm {
  k0: Mat2;
  k1: Mat2;
  k2: Mat2;
  omega: number;
}

const Z2 = new Float64Array(8);
const I2 = mat2([
  [1, 0],
  [0, 0],
  [0, 0],
  [1, 0],
]);
const S = Math.SQRT1_2;

/** Constant one-qubit matrices by gate kind. */
export const FIXED_MATRICES: Record<string, Mat2> = {
  i: I2,
  x: mat2([
    [0, 0],
    [1, 0],
    [1, 0],
    [0, 0],
  ]),
  y: mat2([
    [0, 0],
    [0, -1],
    [0, 1],
    [0, 0],
  ]),
  z: mat2([
    [1, 0],
    [0, 0],
    [0, 0],
    [-1, 0],
  ]),
  h: mat2([
    [S, 0],
    [S, 0],
    [S, 0],
    [-S, 0],
  ]),
  s: mat2([
    [1, 0],
    [0, 0],
    [0, 0],
    [0, 1],
  ]),
  sdg: mat2([
    [1, 0],
    [0, 0],
    [0, 0],
    [0, -1],
  ]),
  t: mat2([
    [1, 0],
    [0, 0],
    [0, 0],
    [S, S],
  ]),
  tdg: mat2([
    [1, 0],
    [0, 0],
    [0, 0],
    [S, -S],
  ]),
  sx: mat2([
    [0.5, 0.5],
    [0.5, -0.5],
    [0.5, -0.5],
    [0.5, 0.5],
  ]),
  sxdg: mat2([
    [0.5, -0.5],
    [0.5, 0.5],
    [0.5, 0.5],
    [0.5, -0.5],
  ]),
};

/** Rotations exp(−iaG/2) = cos(a/2)·I + sin(a/2)·(−iG); the phase gate p(a) = diag(1, e^{ia}). */
const ROTATIONS: Record<Exclude<FactorKind, 'fixed'>, TrigForm> = {
  rx: {
    k0: Z2,
    k1: I2,
    k2: mat2([
      [0, 0],
      [0, -1],
      [0, -1],
      [0, 0],
    ]),
    omega: 0.5,
  },
  ry: {
    k0: Z2,
    k1: I2,
    k2: mat2([
      [0, 0],
      [-1, 0],
      [1, 0],
      [0, 0],
    ]),
    omega: 0.5,
  },
  rz: {
    k0: Z2,
    k1: I2,
    k2: mat2([
      [0, -1],
      [0, 0],
      [0, 0],
      [0, 1],
    ]),
    omega: 0.5,
  },
  p: {
    k0: mat2([
      [1, 0],
      [0, 0],
      [0, 0],
      [0, 0],
    ]),
    k1: mat2([
      [0, 0],
      [0, 0],
      [0, 0],
      [1, 0],
    ]),
    k2: mat2([
      [0, 0],
      [0, 0],
      [0, 0],
      [0, 1],
    ]),
    omega: 1,
  },
};

export function trigForm(kind: FactorKind, fixed?: Mat2): TrigForm {
  if (kind === 'fixed') return { k0: fixed!, k1: Z2, k2: Z2, omega: 0 };
  return ROTATIONS[kind];
}

/** U(a) into `out` (length 8). */
export function factorMatrix(f: TrigForm, a: number, out: Mat2 = new Float64Array(8)): Mat2 {
  return factorMatrixAt(f, Math.cos(f.omega * a), Math.sin(f.omega * a), out);
}

/** U(a) from c = cos(ωa), s = sin(ωa). */
export function factorMatrixAt(f: TrigForm, c: number, s: number, out: Mat2): Mat2 {
  for (let k = 0; k < 8; k++) out[k] = f.k0[k] + c * f.k1[k] + s * f.k2[k];
  return out;
}

/** dU/da into `out` (length 8). */
export function factorDerivative(f: TrigForm, a: number, out: Mat2 = new Float64Array(8)): Mat2 {
  return factorDerivativeAt(f, Math.cos(f.omega * a), Math.sin(f.omega * a), out);
}

/** dU/da from c = cos(ωa), s = sin(ωa) already computed (the CPU engine keeps them from evaluating U). */
export function factorDerivativeAt(f: TrigForm, c: number, s: number, out: Mat2): Mat2 {
  for (let k = 0; k < 8; k++) out[k] = f.omega * (-s * f.k1[k] + c * f.k2[k]);
  return out;
}
