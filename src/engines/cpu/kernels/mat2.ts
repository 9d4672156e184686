/**
 * Dense 2×2 gates on one state vector (re, im: Float64Array of length 2^n), in place. Bit order: circuit/bits.ts.
 * Argument order as in every CPU kernel: target, controls (index mask that must be all ones), matrix, re, im, n.
 * The adjoint step walks one gate backwards: uncomputes ψ and λ with U† and accumulates the gradient environment.
 * With ψ and λ both taken after the gate, Re⟨λ|∂U|ψ_before⟩ = Re Σ_ab K_ab·N_ab, where K = ∂U·U† and
 * N_ab = Σ_pairs conj(λ_a)·ψ_b. K is anti-Hermitian (U stays unitary as its angles move), so only four real
 * combinations of N matter: the "generator environment" g = [Im N00, Im N11, Re N01 − Re N10, Im N01 + Im N10],
 * half the accumulators of the full N, which the hot loop pays for on every pair.
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
 * One backward step through U on `target`: env[0..4] += g, the generator environment of ψ, λ after the gate (see
 * above), then ψ ← U†ψ, λ ← U†λ.
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
  let g0 = 0,
    g1 = 0,
    g2 = 0,
    g3 = 0;
  for (let base = 0; base < dim; base += 2 * stride) {
    const end = base + stride;
    for (let i = base; i < end; i++) {
      if ((i & controls) !== controls) continue;
      const j = i + stride;
      const xr = re[i],
        xi = im[i],
        yr = re[j],
        yi = im[j];
      const lxr = lre[i],
        lxi = lim[i],
        lyr = lre[j],
        lyi = lim[j];
      g0 += lxr * xi - lxi * xr;
      g1 += lyr * yi - lyi * yr;
      g2 += lxr * yr + lxi * yi - (lyr * xr + lyi * xi);
      g3 += lxr * yi - lxi * yr + (lyr * xi - lyi * xr);
      re[i] = ar * xr - ai * xi + br * yr - bi * yi;
      im[i] = ar * xi + ai * xr + br * yi + bi * yr;
      re[j] = cr * xr - ci * xi + dr * yr - di * yi;
      im[j] = cr * xi + ci * xr + dr * yi + di * yr;
      lre[i] = ar * lxr - ai * lxi + br * lyr - bi * lyi;
      lim[i] = ar * lxi + ai * lxr + br * lyi + bi * lyr;
      lre[j] = cr * lxr - ci * lxi + dr * lyr - di * lyi;
      lim[j] = cr * lxi + ci * lxr + dr * lyi + di * lyr;
    }
  }
  env[0] += g0;
  env[1] += g1;
  env[2] += g2;
  env[3] += g3;
}

/**
 * Re Σ_ab K_ab·N_ab for K = D·U†, from the generator environment g (see above): the gradient contribution of one
 * parameter whose ∂U is D, for the gate U. K's anti-Hermitian part is taken, so rounding in D or U cannot leak into
 * the half of N that g does not hold.
 */
export function generatorDot(d: Mat2, u: Mat2, g: Float64Array): number {
  // K_ab = Σ_c D_ac·conj(U_bc); entry (r, c) of a Mat2 at 4r + 2c
  const imK00 = d[1] * u[0] - d[0] * u[1] + (d[3] * u[2] - d[2] * u[3]),
    imK11 = d[5] * u[4] - d[4] * u[5] + (d[7] * u[6] - d[6] * u[7]),
    reK01 = d[0] * u[4] + d[1] * u[5] + (d[2] * u[6] + d[3] * u[7]),
    imK01 = d[1] * u[4] - d[0] * u[5] + (d[3] * u[6] - d[2] * u[7]),
    reK10 = d[4] * u[0] + d[5] * u[1] + (d[6] * u[2] + d[7] * u[3]),
    imK10 = d[5] * u[0] - d[4] * u[1] + (d[7] * u[2] - d[6] * u[3]);
  return -imK00 * g[0] - imK11 * g[1] + 0.5 * (reK01 - reK10) * g[2] - 0.5 * (imK01 + imK10) * g[3];
}

/** Re Σ_ab D_ab·M_ab: the gradient contribution of one parameter whose ∂U is D. */
export function reTraceDot(d: Mat2, env: Float64Array): number {
  let s = 0;
  for (let k = 0; k < 8; k += 2) s += d[k] * env[k] - d[k + 1] * env[k + 1];
  return s;
}
