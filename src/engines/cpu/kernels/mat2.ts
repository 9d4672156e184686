/**
 * Dense 2×2 gates on one state vector (re, im: Float64Array of length 2^n), in place. Bit order: circuit/bits.ts.
 * Argument order as in every CPU kernel: target, controls (index mask that must be all ones), matrix, re, im, n.
 * The adjoint step walks one gate backwards: uncomputes ψ and λ with U† and accumulates the 2×2 "gradient
 * environment" M_ab = Σ_pairs conj(λ_a)·ψ_b, from which Re⟨λ|∂U|ψ⟩ = Re Σ_ab ∂U_ab·M_ab for every parameter of U.
 */
import type { Real } from './real';
import { Mat2 } from '../../../circuit/complex2';

/** ψ ← Uψ on `target`, only on amplitudes whose `controls` bits are all 1. */
export function applyMat2InPlace(target: number, controls: number, m: Mat2, re: Real, im: Real, nQubits: number): void {
  const stride = 1 << (nQubits - 1 - target),
    dim = re.length;
  const ar = m[0],
    ai = m[1],
    br = m[2],
    bi = m[3],
    cr = m[4],
    ci = m[5],
    dr = m[6],
    di = m[7];
  for (let base = 0; base < dim; base += 2 * stride) {
    const end = base + stride;
    for (let i = base; i < end; i++) {
      if ((i & controls) !== controls) continue;
      const j = i + stride;
      const xr = re[i],
        xi = im[i],
        yr = re[j],
        yi = im[j];
      re[i] = ar * xr - ai * xi + br * yr - bi * yi;
      im[i] = ar * xi + ai * xr + br * yi + bi * yr;
      re[j] = cr * xr - ci * xi + dr * yr - di * yi;
      im[j] = cr * xi + ci * xr + dr * yi + di * yr;
    }
  }
}

/**
 * One backward step through U on `target`: ψ ← U†ψ, λ ← U†λ, and env += M with
 * M_ab = Σ conj(λ_a)·ψ_b (λ after the gate, ψ before it), as [M00r, M00i, M01r, M01i, M10r, M10i, M11r, M11i].
 */
export function mat2AdjointStep(
  target: number,
  controls: number,
  m: Mat2,
  re: Real,
  im: Real,
  lre: Real,
  lim: Real,
  nQubits: number,
  env: Float64Array,
): void {
  const stride = 1 << (nQubits - 1 - target),
    dim = re.length;
  // U† = [[conj a, conj c], [conj b, conj d]]
  const ar = m[0],
    ai = -m[1],
    br = m[4],
    bi = -m[5],
    cr = m[2],
    ci = -m[3],
    dr = m[6],
    di = -m[7];
  let m00r = 0,
    m00i = 0,
    m01r = 0,
    m01i = 0,
    m10r = 0,
    m10i = 0,
    m11r = 0,
    m11i = 0;
  for (let base = 0; base < dim; base += 2 * stride) {
    const end = base + stride;
    for (let i = base; i < end; i++) {
      if ((i & controls) !== controls) continue;
      const j = i + stride;
      let xr = re[i],
        xi = im[i],
        yr = re[j],
        yi = im[j];
      const pr = ar * xr - ai * xi + br * yr - bi * yi;
      const pi = ar * xi + ai * xr + br * yi + bi * yr;
      const qr = cr * xr - ci * xi + dr * yr - di * yi;
      const qi = cr * xi + ci * xr + dr * yi + di * yr;
      re[i] = pr;
      im[i] = pi;
      re[j] = qr;
      im[j] = qi;
      xr = lre[i];
      xi = lim[i];
      yr = lre[j];
      yi = lim[j];
      // conj(λ_a)·ψ_b with ψ = (p, q) before the gate
      m00r += xr * pr + xi * pi;
      m00i += xr * pi - xi * pr;
      m01r += xr * qr + xi * qi;
      m01i += xr * qi - xi * qr;
      m10r += yr * pr + yi * pi;
      m10i += yr * pi - yi * pr;
      m11r += yr * qr + yi * qi;
      m11i += yr * qi - yi * qr;
      lre[i] = ar * xr - ai * xi + br * yr - bi * yi;
      lim[i] = ar * xi + ai * xr + br * yi + bi * yr;
      lre[j] = cr * xr - ci * xi + dr * yr - di * yi;
      lim[j] = cr * xi + ci * xr + dr * yi + di * yr;
    }
  }
  env[0] += m00r;
  env[1] += m00i;
  env[2] += m01r;
  env[3] += m01i;
  env[4] += m10r;
  env[5] += m10i;
  env[6] += m11r;
  env[7] += m11i;
}

/** Re Σ_ab D_ab·M_ab: the gradient contribution of one parameter whose ∂U is D. */
export function reTraceDot(d: Mat2, env: Float64Array): number {
  let s = 0;
  for (let k = 0; k < 8; k += 2) s += d[k] * env[k] - d[k + 1] * env[k + 1];
  return s;
}
