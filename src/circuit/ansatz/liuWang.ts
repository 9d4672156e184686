/**
 * Liu & Wang 2018 (arXiv:1804.04168) QCBM: `layers` + 1 rotation layers and `layers` entangling layers of CNOTs on
 * the edges of a tree (their Chow–Liu tree of the data's mutual information; any edge list works). Rotation layers are
 * RZ·RX·RZ per qubit, except that the first omits its leading RZ and the last its trailing RZ, which act trivially on
 * |0⟩ and before measurement in Z.
 */
import { Circuit, Gate } from '../circuit';

export function liuWangAnsatz(nQubits: number, layers: number, edges: [number, number][]): Circuit {
  const gates: Gate[] = [];
  let p = 0;
  for (let l = 0; l <= layers; l++) {
    for (let q = 0; q < nQubits; q++) {
      if (l > 0) gates.push({ kind: 'rz', qubits: [q], params: [{ p: p++ }] });
      gates.push({ kind: 'rx', qubits: [q], params: [{ p: p++ }] });
      if (l < layers) gates.push({ kind: 'rz', qubits: [q], params: [{ p: p++ }] });
    }
    if (l < layers) for (const [a, b] of edges) gates.push({ kind: 'cx', qubits: [a, b] });
  }
  return { name: `liu-wang-n${nQubits}-L${layers}`, nQubits, nParams: p, gates };
}
