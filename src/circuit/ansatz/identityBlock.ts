/**
 * Identity-block initialisation (Grant, Wossnig, Ostaszewski, Benedetti, Quantum 3, 214, 2019): each block is a
 * circuit B(α) followed by B(β)†, with its own parameters; drawing α at random and setting β = α makes every block,
 * and so the whole circuit, the identity at initialisation, while gradients stay non-zero. Parameters: block k owns
 * [2kP, 2kP + P) for α and [2kP + P, 2(k + 1)P) for β (P = the block's nParams).
 */
import { Circuit, Gate, inverseCircuit, isParamRef } from '../circuit';
import { ConfigError } from '../../errors';

function shiftParams(gates: Gate[], offset: number): Gate[] {
  return gates.map((g) =>
    g.params ? { ...g, params: g.params.map((a) => (isParamRef(a) ? { ...a, p: a.p + offset } : a)) } : g,
  );
}

/** Concatenates B_k(α_k)·B_k(β_k)† for each block circuit (all on the same register). */
export function identityBlocks(blocks: Circuit[]): Circuit {
  if (blocks.length === 0) throw new ConfigError('identityBlocks: at least one block is needed');
  const n = blocks[0].nQubits;
  const gates: Gate[] = [];
  let offset = 0;
  for (const b of blocks) {
    if (b.nQubits !== n) throw new ConfigError(`identityBlocks: blocks act on ${n} and ${b.nQubits} qubits`);
    gates.push(...shiftParams(b.gates, offset), ...shiftParams(inverseCircuit(b).gates, offset + b.nParams));
    offset += 2 * b.nParams;
  }
  return { name: `identity-blocks-${blocks.length}x${blocks[0].name ?? 'block'}`, nQubits: n, nParams: offset, gates };
}

/** Makes θ an identity-block initialisation in place: β_k := α_k for every block size in `blockParams`. */
export function mirrorBlockParams(theta: Float32Array | Float64Array | number[], blockParams: number[]): void {
  let offset = 0;
  for (const p of blockParams) {
    for (let i = 0; i < p; i++) theta[offset + p + i] = theta[offset + i];
    offset += 2 * p;
  }
}
