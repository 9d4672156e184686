/**
 * Samples from a saved model: its visible distribution, N seeded shots, as bitstrings and — when the model was trained
 * on feature data — mapped back to physical units through the data card's feature map (bin centres, or uniform
 * within the bin with `jitter`).
 */
import * as tf from '@tensorflow/tfjs';
import { toBitstring } from '../circuit/bits';
import { Circuit } from '../circuit/circuit';
import { decodeSamples } from '../data/discretise';
import { EngineChoice, probs as engineProbs } from '../engines/engine';
import { Rng } from '../rng';
import { marginalProbs } from '../state/born';
import { sampleIndices } from '../state/sample';
import { SavedModel } from './saved';
import { checkRequest } from '../memory';

export interface ModelSamples {
  nQubits: number;
  indices: Uint32Array;
  bitstrings: string[];
  /** Physical values per feature, [shots] each, when the data card has a feature map. */
  features: Record<string, Float64Array> | null;
}

/**
 * The model distribution of one parameter vector: |ψ(θ)|², marginalised onto `visibleQubits` when the model has hidden
 * qubits, as host Float64 [2^n_v]. Read asynchronously (GPU backends have no synchronous read).
 */
export async function visibleDistribution(circuit: Circuit, theta: ArrayLike<number>, visibleQubits: number[] | null, engine: EngineChoice = 'auto'): Promise<Float64Array> {
  const t = tf.tidy(() => {
    const p = engineProbs(circuit, tf.tensor2d(Float32Array.from(theta), [1, theta.length]), { engine });
    return visibleQubits ? marginalProbs(p, visibleQubits) : p;
  });
  const q = Float64Array.from((await t.data()) as Float32Array);
  t.dispose();
  return q;
}

/**
 * Refuses, before anything is drawn, a number of shots whose indices, bitstrings, feature values and CSV rows cannot
 * fit (memory.ts), naming --shots and the bytes needed.
 */
export function checkSampling(m: SavedModel, shots: number, opts: { csv?: boolean } = {}): void {
  const map = m.dataCard.qubitMap, nFeatures = map.kind === 'features' ? map.features.length : 0, n = m.dataCard.nQubits;
  const heapEach = 40 + n + (opts.csv ? 120 + n + 40 * nFeatures : 0);
  checkRequest(`--shots ${shots}`, { qubits: m.circuit.nQubits, samples: shots, sampleHeapBytes: heapEach, values: shots * nFeatures });
}

export async function sampleModel(m: SavedModel, shots: number, rng: Rng, opts: { engine?: EngineChoice; jitter?: boolean } = {}): Promise<ModelSamples> {
  const q = await visibleDistribution(m.circuit, m.theta, m.visibleQubits, opts.engine);
  const n = m.dataCard.nQubits, indices = sampleIndices(q, shots, rng);
  const map = m.dataCard.qubitMap;
  return {
    nQubits: n, indices, bitstrings: Array.from(indices, (x) => toBitstring(x, n)),
    features: map.kind === 'features' ? decodeSamples(map.features, indices, opts.jitter ? () => rng.uniform() : undefined) : null,
  };
}
