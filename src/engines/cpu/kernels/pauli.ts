/**
 * Pauli rotations exp(−iφP) on one state vector, in place, with φ = weight·angle. P|x⟩ = i^{nY}(−1)^{|x & zMask|}
 * |x ⊕ flip⟩ (flip ≠ 0), so each amplitude mixes with one partner: one pass, no matrix, no gather.
 *
 * With s(x) = (−1)^{|x & z|} and κ = −i·i^{nY}·sin φ (real when nY is odd, imaginary when even):
 *   ψ'(x) = cos φ·ψ(x) + κ·s(x⊕f)·ψ(x⊕f),   s(x⊕f) = s(x)·(−1)^{|f & z|}.
 * Loops visit each pair once (x with the highest flip bit clear); the sign costs one parity per pair, or one AND
 * when zMask has a single bit (the HEP ansatz's Y_i X_{i+1}).
 */
import type { Real } from './real';

/** (−1)^{popcount(v)}. */
function paritySign(v: number): number {
  v ^= v >>> 16;
  v ^= v >>> 8;
  v ^= v >>> 4;
  v ^= v >>> 2;
  v ^= v >>> 1;
  return v & 1 ? -1 : 1;
}

/** κ = −i·i^{nY}·sin φ as [re, im]; exactly one of the two is nonzero. */
export function kappa(nY: number, s: number): [number, number] {
  switch ((nY + 3) % 4) {
    case 0:
      return [s, 0];
    case 1:
      return [0, s];
    case 2:
      return [-s, 0];
    default:
      return [0, -s];
  }
}

/** ψ ← (cos φ − i sin φ·P)ψ. */
export function applyPauliRotInPlace(flip: number, zMask: number, nY: number, phi: number, re: Real, im: Real): void {
  const c = Math.cos(phi);
  const [kr, ki] = kappa(nY, Math.sin(phi));
  const pivot = 1 << (31 - Math.clz32(flip)),
    dim = re.length;
  const fz = paritySign(flip & zMask);
  const singleZ = (zMask & (zMask - 1)) === 0;
  for (let base = 0; base < dim; base += 2 * pivot) {
    const end = base + pivot;
    for (let x = base; x < end; x++) {
      const y = x ^ flip;
      const sx = singleZ ? ((x & zMask) === 0 ? 1 : -1) : paritySign(x & zMask);
      const sy = sx * fz;
      // ψ'(x) = cψ(x) + κ s(y) ψ(y);  ψ'(y) = cψ(y) + κ s(x) ψ(x)
      const ar = kr * sy,
        ai = ki * sy,
        br = kr * sx,
        bi = ki * sx;
      const xr = re[x],
        xi = im[x],
        yr = re[y],
        yi = im[y];
      re[x] = c * xr + ar * yr - ai * yi;
      im[x] = c * xi + ar * yi + ai * yr;
      re[y] = c * yr + br * xr - bi * xi;
      im[y] = c * yi + br * xi + bi * xr;
    }
  }
}

/**
 * Backward step in one pass: returns Im⟨λ|P|ψ⟩ (λ, ψ after the gate) = ∂L/∂φ, and uncomputes ψ and λ with
 * exp(+iφP). Since P and the rotation commute, ⟨λ|P|ψ⟩ may be read off either side of the uncompute.
 */
export function pauliRotAdjointStep(
  flip: number,
  zMask: number,
  nY: number,
  phi: number,
  re: Real,
  im: Real,
  lre: Real,
  lim: Real,
): number {
  const c = Math.cos(phi);
  const [kr, ki] = kappa(nY, -Math.sin(phi));
  const pivot = 1 << (31 - Math.clz32(flip)),
    dim = re.length;
  const fz = paritySign(flip & zMask);
  const singleZ = (zMask & (zMask - 1)) === 0;
  // Σ conj(λ(x))·s(y)ψ(y) + conj(λ(y))·s(x)ψ(x) = ⟨λ|P|ψ⟩ / i^{nY}
  let sr = 0,
    si = 0;
  for (let base = 0; base < dim; base += 2 * pivot) {
    const end = base + pivot;
    for (let x = base; x < end; x++) {
      const y = x ^ flip;
      const sx = singleZ ? ((x & zMask) === 0 ? 1 : -1) : paritySign(x & zMask);
      const sy = sx * fz;
      const xr = re[x],
        xi = im[x],
        yr = re[y],
        yi = im[y];
      const lxr = lre[x],
        lxi = lim[x],
        lyr = lre[y],
        lyi = lim[y];
      sr += sy * (lxr * yr + lxi * yi) + sx * (lyr * xr + lyi * xi);
      si += sy * (lxr * yi - lxi * yr) + sx * (lyr * xi - lyi * xr);
      const ar = kr * sy,
        ai = ki * sy,
        br = kr * sx,
        bi = ki * sx;
      re[x] = c * xr + ar * yr - ai * yi;
      im[x] = c * xi + ar * yi + ai * yr;
      re[y] = c * yr + br * xr - bi * xi;
      im[y] = c * yi + br * xi + bi * xr;
      lre[x] = c * lxr + ar * lyr - ai * lyi;
      lim[x] = c * lxi + ar * lyi + ai * lyr;
      lre[y] = c * lyr + br * lxr - bi * lxi;
      lim[y] = c * lyi + br * lxi + bi * lxr;
    }
  }
  return imTimesIPow(nY, sr, si);
}

/** Im(i^k·(sr + i·si)): turns the sign-weighted overlap into Im⟨λ|P|ψ⟩. */
export function imTimesIPow(k: number, sr: number, si: number): number {
  switch (k % 4) {
    case 0:
      return si;
    case 1:
      return sr;
    case 2:
      return -si;
    default:
      return -sr;
  }
}
