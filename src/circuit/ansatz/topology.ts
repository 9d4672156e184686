/** Qubit-pair topologies for entangling layers. */
import { ConfigError } from '../../errors';

export const TOPOLOGIES = ['line', 'ring', 'all'] as const;
export type Topology = (typeof TOPOLOGIES)[number];

/** Ordered pairs (i, j) of a topology on n qubits: line (i, i+1); ring adds (n−1, 0); all = every i < j. */
export function topologyPairs(topology: Topology, nQubits: number): [number, number][] {
  const pairs: [number, number][] = [];
  if (topology === 'all') {
    for (let i = 0; i < nQubits; i++) for (let j = i + 1; j < nQubits; j++) pairs.push([i, j]);
    return pairs;
  }
  if (topology !== 'line' && topology !== 'ring')
    throw new ConfigError(`unknown topology "${topology}" (known: ${TOPOLOGIES.join(', ')})`);
  for (let i = 0; i + 1 < nQubits; i++) pairs.push([i, i + 1]);
  if (topology === 'ring' && nQubits > 2) pairs.push([nQubits - 1, 0]);
  return pairs;
}
