/**
 * Hidden-unit QNNs ([O]): a circuit on n_v visible + n_h hidden qubits whose model is the visible part. Convention:
 * visible qubits are 0..n_v−1 (the most significant bits of a basis index), hidden qubits n_v..n_v+n_h−1, so the
 * visible marginal and ρ_v = Tr_h |ψ⟩⟨ψ| need no qubit reordering. As a generative model the distribution is the
 * visible marginal of the Born distribution. The circuit is a registry ansatz for hidden-unit models (all-pauli, hea,
 * hep; models/ansatzRegistry.ts) or any circuit given as data; the all-Pauli model of [O] may be restricted to a few
 * visible–hidden couplings (entanglement-limited) or built from identity blocks.
 */
import * as tf from '@tensorflow/tfjs';
import { Circuit } from '../circuit/circuit';
import { Entangler, Rotation } from '../circuit/ansatz/hardwareEfficient';
import { identityBlocks } from '../circuit/ansatz/identityBlock';
import { Topology, topologyPairs } from '../circuit/ansatz/topology';
import { StateBatch } from '../complex/complex';
import { EngineChoice, probs, simulate } from '../engines/engine';
import { ConfigError } from '../errors';
import { ansatzFor, buildCircuit, gateStream } from './ansatzRegistry';
import { Rng } from '../rng';
import { marginalProbs } from '../state/born';
import { DensityBatch, reducedDensityMatrix } from '../state/entanglement';

/** A registry ansatz for hidden-unit models (ansatzRegistry.ts, use 'hidden'), or a circuit given as data. */
export type HiddenAnsatz =
  /** [O]'s model; `couplings` keeps only that many visible–hidden pairs (nearest across the boundary first). */
  | { kind: 'all-pauli'; layers?: number; couplings?: number; identityBlocks?: boolean }
  | { kind: 'hea'; layers: number; topology?: Topology; rotations?: Rotation[]; entangler?: Entangler }
  | { kind: 'hep'; layers: number }
  | { kind: 'circuit'; circuit: Circuit };

export interface HiddenUnitSpec {
  nVisible: number;
  nHidden: number;
  ansatz: HiddenAnsatz;
  /** Seeds the all-Pauli gate order. @default 0 */
  seed?: number | string;
}

export interface HiddenUnitModel {
  readonly circuit: Circuit;
  readonly nVisible: number;
  readonly nHidden: number;
  readonly visibleQubits: number[];
  readonly hiddenQubits: number[];
  /** For identity-block circuits: the parameter count of each block's first half (see identityBlock.ts). */
  readonly blockParams?: number[];
}

/** Qubit pairs of an all-Pauli layer with at most `couplings` visible–hidden pairs (all pairs within each side). */
export function limitedPairs(nVisible: number, nHidden: number, couplings?: number): [number, number][] {
  const all = topologyPairs('all', nVisible + nHidden);
  if (couplings === undefined) return all;
  const isV = (q: number) => q < nVisible;
  const inner = all.filter(([i, j]) => isV(i) === isV(j));
  const cross = all.filter(([i, j]) => isV(i) !== isV(j)).sort((a, b) => a[1] - a[0] - (b[1] - b[0]) || a[0] - b[0]);
  return [...inner, ...cross.slice(0, couplings)];
}

/**
 * @example const m = hiddenUnitModel({ nVisible: 1, nHidden: 3, ansatz: { kind: 'all-pauli', layers: 2 }, seed: 7 });
 */
export function hiddenUnitModel(spec: HiddenUnitSpec): HiddenUnitModel {
  const { nVisible: nv, nHidden: nh, ansatz } = spec;
  if (!Number.isInteger(nv) || nv < 1 || !Number.isInteger(nh) || nh < 0)
    throw new ConfigError(`hiddenUnitModel: nVisible must be ≥ 1 and nHidden ≥ 0 (integers), got ${nv}, ${nh}`);
  const n = nv + nh;
  let circuit: Circuit, blockParams: number[] | undefined;
  if (ansatz.kind === 'circuit') {
    if (ansatz.circuit.nQubits !== n) throw new ConfigError(`hiddenUnitModel: circuit has ${ansatz.circuit.nQubits} qubits, expected ${nv} + ${nh}`);
    circuit = ansatz.circuit;
  } else {
    const e = ansatzFor(ansatz.kind, 'hidden', 'hiddenUnitModel');
    const gates = gateStream(e, spec.seed ?? 0), layers = ansatz.layers ?? 1;
    const pairs = ansatz.kind === 'all-pauli' && ansatz.couplings !== undefined ? limitedPairs(nv, nh, ansatz.couplings) : undefined;
    if (ansatz.kind === 'all-pauli' && ansatz.identityBlocks) {
      const blocks = Array.from({ length: layers }, () => buildCircuit(e, n, { layers: 1, pairs, gates }));
      circuit = identityBlocks(blocks);
      blockParams = blocks.map((b) => b.nParams);
    } else circuit = buildCircuit(e, n, { ...ansatz, layers, pairs, gates });
  }
  circuit = { ...circuit, name: `${circuit.name ?? 'circuit'}-v${nv}h${nh}` };
  return {
    circuit, nVisible: nv, nHidden: nh, blockParams,
    visibleQubits: [...Array(nv).keys()], hiddenQubits: Array.from({ length: nh }, (_, k) => nv + k),
  };
}

/** The full state ψ(θ) on visible + hidden qubits, [batch, 2^(n_v+n_h)]; differentiable in θ. */
export function modelState(model: HiddenUnitModel, theta: tf.Tensor2D, opts: { engine?: EngineChoice } = {}): StateBatch {
  return simulate(model.circuit, theta, opts);
}

/** The model distribution: visible marginal of the Born distribution, [batch, 2^n_v]; differentiable in θ. */
export function visibleProbs(model: HiddenUnitModel, theta: tf.Tensor2D, opts: { engine?: EngineChoice } = {}): tf.Tensor2D {
  return tf.tidy(() => {
    const p = probs(model.circuit, theta, opts);
    return model.nHidden === 0 ? p : marginalProbs(p, model.visibleQubits);
  });
}

/** ρ_v = Tr_h |ψ(θ)⟩⟨ψ(θ)|, [batch, 2^n_v, 2^n_v]; differentiable in θ. */
export function visibleState(model: HiddenUnitModel, theta: tf.Tensor2D, opts: { engine?: EngineChoice } = {}): DensityBatch {
  const psi = modelState(model, theta, opts);
  try {
    return reducedDensityMatrix(psi, model.visibleQubits);
  } finally {
    tf.dispose([psi.re, psi.im]);
  }
}

/**
 * Initial parameters [batch, nParams], uniform in [0, 2π) (the Pauli gates' e^{−iθP} has period π, rotations 4π);
 * for identity-block models the second half of every block mirrors the first, so U(θ) = I, plus `jitter`·N(0, 1)
 * if asked (U = I with |0…0⟩ input is a critical point of every function of the Born probabilities, since
 * p(0…0) = 1 is a maximum; a small jitter leaves it).
 */
export function initialParams(model: HiddenUnitModel, rng: Rng, batch = 1, opts: { jitter?: number } = {}): Float32Array {
  const P = model.circuit.nParams, out = new Float32Array(batch * P);
  for (let k = 0; k < out.length; k++) out[k] = 2 * Math.PI * rng.uniform();
  if (model.blockParams)
    for (let b = 0; b < batch; b++) {
      let offset = b * P;
      for (const p of model.blockParams) {
        for (let i = 0; i < p; i++) out[offset + p + i] = out[offset + i] + (opts.jitter ? opts.jitter * rng.normal() : 0);
        offset += 2 * p;
      }
    }
  return out;
}
