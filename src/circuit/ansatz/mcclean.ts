/**
 * McClean et al. 2018 random layered circuits: RY(π/4) on every qubit, then `layers` × [a random choice of RX/RY/RZ
 * per qubit (seeded), one parameter each; CZ on every nearest-neighbour pair of a line]. Their observable is Z₀Z₁.
 */
import { Circuit, Gate } from '../circuit';
import { Rng } from '../../rng';

export function mcCleanAnsatz(nQubits: number, layers: number, rng: Rng): Circuit {
  const gates: Gate[] = [];
  for (let q = 0; q < nQubits; q++) gates.push({ kind: 'ry', qubits: [q], params: [Math.PI / 4] });
  let p = 0;
  for (let l = 0; l < layers; l++) {
    for (let q = 0; q < nQubits; q++)
      gates.push({ kind: (['rx', 'ry', 'rz'] as const)[rng.int(3)], qubits: [q], params: [{ p: p++ }] });
    for (let i = 0; i + 1 < nQubits; i++) gates.push({ kind: 'cz', qubits: [i, i + 1] });
  }
  return { name: `mcclean-n${nQubits}-L${layers}`, nQubits, nParams: p, gates };
}
