/**
 * The all-Pauli QNN of [O] (Ortiz Marrero, Kieferová, Wiebe, PRX Quantum 2, 040316, 2021): one gate e^{−iθP} (the
 * `pauli` kind, no ½) for every 1-local (X, Y, Z on each qubit) and 2-local (the 9 products on each pair) Pauli term,
 * in an order shuffled by the seeded rng; `layers` repetitions, each freshly shuffled, one parameter per gate,
 * numbered in gate order. `pairs` restricts the 2-local terms (entanglement-limited variants); default all pairs.
 * Per layer: 3n + 9·|pairs| parameters.
 */
import { Circuit, Gate } from '../circuit';
import { Rng } from '../../rng';
import { ConfigError } from '../../errors';
import { topologyPairs } from './topology';

export interface AllPauliSpec {
  nQubits: number;
  /** @default 1 */
  layers?: number;
  /** Qubit pairs that get 2-local terms. @default every pair i < j */
  pairs?: [number, number][];
}

const LETTERS = ['X', 'Y', 'Z'] as const;

/** The 1- and 2-local Pauli terms of one layer, in canonical order (qubits ascending, then letters). */
export function allPauliTerms(
  nQubits: number,
  pairs: [number, number][] = topologyPairs('all', nQubits),
): { pauli: string; qubits: number[] }[] {
  const terms: { pauli: string; qubits: number[] }[] = [];
  for (let q = 0; q < nQubits; q++) for (const a of LETTERS) terms.push({ pauli: a, qubits: [q] });
  for (const [i, j] of pairs)
    for (const a of LETTERS) for (const b of LETTERS) terms.push({ pauli: a + b, qubits: [i, j] });
  return terms;
}

/**
 * @example const c = allPauliAnsatz({ nQubits: 4, layers: 2 }, createRng(1)); // 2 × (12 + 54) = 132 parameters
 */
export function allPauliAnsatz(spec: AllPauliSpec, rng: Rng): Circuit {
  const { nQubits: n, layers = 1 } = spec;
  if (!Number.isInteger(layers) || layers < 1)
    throw new ConfigError(`all-Pauli ansatz: layers must be a positive integer, got ${layers}`);
  for (const [i, j] of spec.pairs ?? [])
    if (!(i >= 0 && j >= 0 && i < n && j < n && i !== j))
      throw new ConfigError(`all-Pauli ansatz: pair [${i}, ${j}] is not two distinct qubits of ${n}`);
  const terms = allPauliTerms(n, spec.pairs);
  const gates: Gate[] = [];
  for (let l = 0; l < layers; l++) {
    const order = [...terms.keys()];
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const k of order)
      gates.push({ kind: 'pauli', pauli: terms[k].pauli, qubits: terms[k].qubits, params: [{ p: gates.length }] });
  }
  return {
    name: `all-pauli-n${n}-L${layers}${spec.pairs ? `-p${spec.pairs.length}` : ''}`,
    nQubits: n,
    nParams: gates.length,
    gates,
  };
}
