/**
 * Pauli strings on n ≤ 15 qubits as bit masks: P = i^{x·z} X^x Z^z (Hermitian), x, z with qubit q at bit (n − 1 − q)
 * (circuit/bits.ts: qubit 0 is the most significant), a sign, and their products with phases by the rule of
 * Aaronson & Gottesman (PRA 70, 052328, 2004, the function g). For the Hermitian Lie bracket [A, B]_h = −i[A, B],
 * anticommuting P, Q give [P, Q]_h = 2s·R with PQ = i·s·R, s = ±1; commuting ones give 0.
 */
import { qubitMask } from '../../circuit/bits';
import { popcount } from '../../circuit/bits';

export interface Pauli {
  x: number;
  z: number;
}

export interface SignedPauli extends Pauli {
  /** +1 or −1. */
  sign: number;
}

export const pauliKey = (p: Pauli, n: number): number => p.x * 2 ** n + p.z;
export const pauliFromKey = (k: number, n: number): Pauli => ({ x: Math.floor(k / 2 ** n), z: k % 2 ** n });
export const anticommute = (a: Pauli, b: Pauli): boolean => (popcount((a.x & b.z) ^ (a.z & b.x)) & 1) === 1;

/** "XIZY"-style label, qubit 0 first. */
export function pauliLabel(p: Pauli, n: number): string {
  let s = '';
  for (let q = 0; q < n; q++) {
    const m = qubitMask(q, n),
      x = p.x & m,
      z = p.z & m;
    s += x && z ? 'Y' : x ? 'X' : z ? 'Z' : 'I';
  }
  return s;
}

/** The Pauli string of a label ("XZ", qubit 0 first) on `qubits` of n. */
export function pauliOn(label: string, qubits: readonly number[], n: number): Pauli {
  let x = 0,
    z = 0;
  [...label].forEach((c, i) => {
    const m = qubitMask(qubits[i], n);
    if (c === 'X' || c === 'Y') x |= m;
    if (c === 'Z' || c === 'Y') z |= m;
  });
  return { x, z };
}

/** PQ = i^k R: returns R and k mod 4 (Aaronson–Gottesman's g summed over qubits, plus the Hermitian phases of P, Q, R). */
export function multiply(a: Pauli, b: Pauli): { r: Pauli; k: number } {
  // with P = i^{x·z} X^x Z^z: X^{x1}Z^{z1}X^{x2}Z^{z2} = (−1)^{z1·x2} X^{x1⊕x2} Z^{z1⊕z2}
  const r = { x: a.x ^ b.x, z: a.z ^ b.z };
  const k = popcount(a.x & a.z) + popcount(b.x & b.z) + 2 * popcount(a.z & b.x) - popcount(r.x & r.z);
  return { r, k: ((k % 4) + 4) % 4 };
}

/** ⟨ψ|P|ψ⟩ for a dense state ψ = re + i·im [2^n] (real, P Hermitian): P|k⟩ = i^{x·z}(−1)^{z·k}|k ⊕ x⟩. */
export function expectation(p: Pauli, re: ArrayLike<number>, im: ArrayLike<number>): number {
  const phase = popcount(p.x & p.z) % 4; // i^phase
  let sr = 0,
    si = 0;
  for (let k = 0; k < re.length; k++) {
    const j = k ^ p.x,
      s = popcount(p.z & k) & 1 ? -1 : 1;
    // ⟨ψ|P|ψ⟩ = Σ_k conj(ψ_j) · i^phase · s · ψ_k with j = k ⊕ x
    const ar = re[j],
      ai = -im[j],
      br = s * re[k],
      bi = s * im[k];
    sr += ar * br - ai * bi;
    si += ar * bi + ai * br;
  }
  // multiply by i^phase and keep the real part
  return phase === 0 ? sr : phase === 1 ? -si : phase === 2 ? -sr : si;
}
