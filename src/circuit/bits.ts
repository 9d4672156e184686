/**
 * The one bit-order convention of plateau: qubit 0 is the most significant bit of a basis index.
 * |q0 q1 … q(n−1)⟩ ↔ index Σ_k q_k · 2^(n−1−k), so a bitstring reads left to right as qubit 0, 1, …
 * (X on qubit 0 of |0…0⟩ gives index 2^(n−1)). Every module that maps qubits to bits calls these helpers.
 */

/** Largest register the engines accept: masks are int32 and a 2^30 state is already 16 GiB in Float64. */
export const MAX_QUBITS = 30;

/** The index bit of `qubit`: 2^(n−1−qubit). Also the stride between the two amplitudes a 1-qubit gate mixes. */
export function qubitMask(qubit: number, nQubits: number): number {
  return 1 << (nQubits - 1 - qubit);
}

/** OR of the masks of `qubits`. */
export function maskOf(qubits: readonly number[], nQubits: number): number {
  let m = 0;
  for (const q of qubits) m |= qubitMask(q, nQubits);
  return m;
}

/** Bit (0 or 1) of `qubit` in basis index `index`. */
export function bitOf(index: number, qubit: number, nQubits: number): number {
  return (index >>> (nQubits - 1 - qubit)) & 1;
}

/** Number of set bits of a non-negative int32. */
export function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** (−1)^{popcount(index & mask)}: the eigenvalue of the Z-string on `mask` for basis state `index`. */
export function zSign(index: number, mask: number): 1 | -1 {
  return popcount(index & mask) & 1 ? -1 : 1;
}

/** Basis index → bitstring of width n, qubit 0 first ("0101"). */
export function toBitstring(index: number, nQubits: number): string {
  return index.toString(2).padStart(nQubits, '0');
}

/** Bitstring (qubit 0 first) → basis index. The caller validates width and alphabet (data readers do). */
export function fromBitstring(bits: string): number {
  return parseInt(bits, 2);
}
