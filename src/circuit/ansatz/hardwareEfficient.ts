/**
 * Layered hardware-efficient ansatz: a rotation layer, then `layers` × [entangling layer, rotation layer]. Rotation
 * layers apply the listed rotations to every qubit (one parameter each; 'euler' = RZ·RY·RZ, three); entanglers are
 * fixed CX/CZ on the topology's pairs or trainable RZZ (one parameter per pair). Parameters are numbered in gate order.
 */
import { Circuit, Gate } from '../circuit';
import { Topology, topologyPairs } from './topology';
import { ConfigError } from '../../errors';

export type Rotation = 'rx' | 'ry' | 'rz' | 'euler';
export type Entangler = 'cx' | 'cz' | 'rzz';

export interface HardwareEfficientSpec {
  nQubits: number;
  layers: number;
  topology?: Topology;
  rotations?: Rotation[];
  entangler?: Entangler;
}

export function hardwareEfficientAnsatz(spec: HardwareEfficientSpec): Circuit {
  const { nQubits: n, layers, topology = 'line', rotations = ['ry', 'rz'], entangler = 'cx' } = spec;
  if (!Number.isInteger(layers) || layers < 0)
    throw new ConfigError(`hardware-efficient ansatz: layers must be a non-negative integer, got ${layers}`);
  const gates: Gate[] = [];
  let p = 0;
  const rotationLayer = () => {
    for (let q = 0; q < n; q++)
      for (const r of rotations) {
        if (r === 'euler') {
          gates.push({ kind: 'euler', qubits: [q], params: [{ p: p++ }, { p: p++ }, { p: p++ }] });
        } else gates.push({ kind: r, qubits: [q], params: [{ p: p++ }] });
      }
  };
  rotationLayer();
  for (let l = 0; l < layers; l++) {
    for (const [i, j] of topologyPairs(topology, n))
      gates.push(
        entangler === 'rzz'
          ? { kind: 'rzz', qubits: [i, j], params: [{ p: p++ }] }
          : { kind: entangler, qubits: [i, j] },
      );
    rotationLayer();
  }
  return { name: `hea-${topology}-n${n}-L${layers}`, nQubits: n, nParams: p, gates };
}
