/**
 * Pauli rotations exp(−iφP) on one state vector, in place, with φ = weight·angle. P|x⟩ = i^{nY}(−1)^{|x & zMask|}
 * |x ⊕ flip⟩ (flip ≠ 0), so each amplitude mixes with one partner: one pass, no matrix, no gather.
 */
import { popcount } from '../../../circuit/bits';

/** i^k as [re, im]. */
function iPow(k: number): [number, number] {
  return ([[1, 0], [0, 1], [-1, 0], [0, -1]] as [number, number][])[((k % 4) + 4) % 4];
}

/**
 * ψ ← (cos φ − i sin φ P)ψ. With κ = −i·i^{nY} sin φ: ψ'(x) = cos φ·ψ(x) + κ(−1)^{|(x⊕f)&z|}ψ(x⊕f).
 */
export function applyPauliRotInPlace(
  flip: number, zMask: number, nY: number, phi: number, re: Float64Array, im: Float64Array,
): void {
  const c = Math.cos(phi), s = Math.sin(phi);
  const [pr, pi] = iPow(nY + 3); // −i·i^{nY} = i^{nY+3}
  const kr = pr * s, ki = pi * s;
  const pivot = 1 << (31 - Math.clz32(flip)), dim = re.length;
  for (let base = 0; base < dim; base += 2 * pivot) {
    const end = base + pivot;
    for (let x = base; x < end; x++) {
      const y = x ^ flip;
      // sign of P|y⟩ → |x⟩ is (−1)^{|y&z|}, of P|x⟩ → |y⟩ is (−1)^{|x&z|}
      const sy = popcount(y & zMask) & 1 ? -1 : 1, sx = popcount(x & zMask) & 1 ? -1 : 1;
      const xr = re[x], xi = im[x], yr = re[y], yi = im[y];
      const ayr = sy * kr, ayi = sy * ki, axr = sx * kr, axi = sx * ki;
      re[x] = c * xr + ayr * yr - ayi * yi;
      im[x] = c * xi + ayr * yi + ayi * yr;
      re[y] = c * yr + axr * xr - axi * xi;
      im[y] = c * yi + axr * xi + axi * xr;
    }
  }
}

/**
 * Backward step: returns Im⟨λ|P|ψ⟩ (λ, ψ after the gate; d/dφ of the loss), then uncomputes ψ and λ with
 * exp(+iφP).
 */
export function pauliRotAdjointStep(
  flip: number, zMask: number, nY: number, phi: number,
  re: Float64Array, im: Float64Array, lre: Float64Array, lim: Float64Array,
): number {
  // ⟨λ|Pψ⟩ = Σ_x conj(λ(x))·i^{nY}(−1)^{|(x⊕f)&z|}ψ(x⊕f)
  const [pr, pi] = iPow(nY);
  const pivot = 1 << (31 - Math.clz32(flip)), dim = re.length;
  let sr = 0, si = 0;
  for (let base = 0; base < dim; base += 2 * pivot) {
    const end = base + pivot;
    for (let x = base; x < end; x++) {
      const y = x ^ flip;
      const sy = popcount(y & zMask) & 1 ? -1 : 1, sx = popcount(x & zMask) & 1 ? -1 : 1;
      // conj(λx)·ψy·sy + conj(λy)·ψx·sx
      sr += sy * (lre[x] * re[y] + lim[x] * im[y]) + sx * (lre[y] * re[x] + lim[y] * im[x]);
      si += sy * (lre[x] * im[y] - lim[x] * re[y]) + sx * (lre[y] * im[x] - lim[y] * re[x]);
    }
  }
  applyPauliRotInPlace(flip, zMask, nY, -phi, re, im);
  applyPauliRotInPlace(flip, zMask, nY, -phi, lre, lim);
  return pr * si + pi * sr; // Im(i^{nY}·(sr + i·si))
}
