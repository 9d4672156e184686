/** Product ansatz of [R]: one RY per qubit, θ_q on qubit q. nParams = n. */
import { Circuit } from '../circuit';

export function productAnsatz(nQubits: number): Circuit {
  return {
    name: `product-n${nQubits}`,
    nQubits,
    nParams: nQubits,
    gates: Array.from({ length: nQubits }, (_, q) => ({ kind: 'ry' as const, qubits: [q], params: [{ p: q }] })),
  };
}
