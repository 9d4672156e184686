/**
 * Closed forms for Haar-random pure states on C^{d_A} ⊗ C^{d_B} ([O] §4 of SCIENCE.md): Page's mean entanglement
 * entropy (Page 1993; proof Sen 1996), S = Σ_{k=d_B+1}^{d_A d_B} 1/k − (d_A − 1)/(2 d_B) for d_A ≤ d_B (symmetric in the
 * two factors), the mean purity E Tr ρ_A² = (d_A + d_B)/(d_A d_B + 1) (Lubkin 1978), and [O]'s bound on the mean
 * trace distance of the visible state from the maximally mixed one, E T(ρ_v, I/D_v) ≤ ½√(D_v/D_h). Natural logs.
 */
import { ConfigError } from '../errors';

function checkDims(where: string, a: number, b: number): void {
  if (!(Number.isInteger(a) && a >= 1 && Number.isInteger(b) && b >= 1))
    throw new ConfigError(`${where}: dimensions must be positive integers, got ${a}, ${b}`);
}

/** Page's average entropy of a d_A-dimensional subsystem of a Haar-random state in d_A·d_B dimensions. */
export function pageEntropy(dA: number, dB: number): number {
  checkDims('pageEntropy', dA, dB);
  const [m, n] = dA <= dB ? [dA, dB] : [dB, dA];
  let s = 0;
  for (let k = m * n; k > n; k--) s += 1 / k; // small terms first
  return s - (m - 1) / (2 * n);
}

/** Mean purity of a subsystem of a Haar-random pure state: (d_A + d_B)/(d_A d_B + 1). */
export function haarPurity(dA: number, dB: number): number {
  checkDims('haarPurity', dA, dB);
  return (dA + dB) / (dA * dB + 1);
}

/** [O]'s bound ½√(D_v/D_h) on the mean trace distance of ρ_v from I/D_v for 2-design circuits. */
export function maximallyMixedDistanceBound(dVisible: number, dHidden: number): number {
  checkDims('maximallyMixedDistanceBound', dVisible, dHidden);
  return 0.5 * Math.sqrt(dVisible / dHidden);
}
