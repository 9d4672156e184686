/**
 * A free-fermion (matchgate) line circuit: per layer, RZ(θ) on every qubit, then RXX(θ) on every neighbouring pair
 * (0,1), (1,2), …, each angle its own parameter. Its generators Z_i and X_iX_{i+1} are quadratic in Majorana
 * operators (Jordan–Wigner), so its dynamical Lie algebra is so(2n), of dimension n(2n − 1) (Wiersema et al., PRX
 * Quantum 5, 020328, 2024: the transverse-field Ising chain with open boundaries): a circuit whose DLA stays polynomial.
 */
import { Circuit, Gate } from '../circuit';

export function freeFermionAnsatz(nQubits: number, layers: number): Circuit {
  const gates: Gate[] = [];
  let p = 0;
  for (let l = 0; l < layers; l++) {
    for (let q = 0; q < nQubits; q++) gates.push({ kind: 'rz', qubits: [q], params: [{ p: p++ }] });
    for (let q = 0; q + 1 < nQubits; q++) gates.push({ kind: 'rxx', qubits: [q, q + 1], params: [{ p: p++ }] });
  }
  return { name: `fermion-line-n${nQubits}-L${layers}`, nQubits, nParams: p, gates };
}
