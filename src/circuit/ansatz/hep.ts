/**
 * The HEP ansatz of [R] (arXiv:2305.02881, Eq. 53): U = [∏_{l=1..L} R(θ_l) W(α_l)] R(θ_0), with R an Euler rotation
 * RZ·RY·RZ on every qubit (3 angles) and W(α) = ∏_{i=0}^{n−2} CX_{i,i+1} RY_i(α_i) CX_{i,i+1} on a line.
 *
 * Each W block is emitted as the single Pauli rotation it equals: CX_{i,i+1}·RY_i(α)·CX_{i,i+1} = exp(−i(α/2) Y_i X_{i+1})
 * (conjugating Y_i by CX with control i gives Y_i X_{i+1}); test/circuit/ansatz.test.ts checks this against the literal
 * three-gate block. Parameter order matches ../shared/peers/torch_qcbm.py: θ_0 (3n), then per layer α (n−1), θ_l (3n).
 */
import { Circuit, Gate } from '../circuit';

export function hepAnsatz(nQubits: number, layers: number): Circuit {
  const gates: Gate[] = [];
  let p = 0;
  const rotations = () => {
    for (let q = 0; q < nQubits; q++)
      gates.push({ kind: 'euler', qubits: [q], params: [{ p: p++ }, { p: p++ }, { p: p++ }] });
  };
  rotations();
  for (let l = 0; l < layers; l++) {
    for (let i = 0; i + 1 < nQubits; i++)
      gates.push({ kind: 'pauli', pauli: 'YX', qubits: [i, i + 1], params: [{ p: p++, scale: 0.5 }] });
    rotations();
  }
  return { name: `hep-n${nQubits}-L${layers}`, nQubits, nParams: p, gates };
}

/** Number of parameters of the HEP ansatz: 3n(L+1) + L(n−1). */
export function hepParamCount(nQubits: number, layers: number): number {
  return 3 * nQubits * (layers + 1) + layers * (nQubits - 1);
}
