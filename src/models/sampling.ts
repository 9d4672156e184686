/**
 * Samples from a saved model: its visible distribution, N seeded shots, as bitstrings and — when the model was trained
 * on feature data — mapped back to physical units through the data card's feature map (bin centres, or uniform
 * within the bin with `jitter`).
 */
import * as tf from '@tensorflow/tfjs';
import { toBitstring } from '../circuit/bits';
import { decodeSamples } from '../data/discretise';
import { EngineChoice, probs as engineProbs } from '../engines/engine';
import { Rng } from '../rng';
import { marginalProbs } from '../state/born';
import { sampleIndices } from '../state/sample';
import { SavedModel } from './saved';

export interface ModelSamples {
  nQubits: number;
  indices: Uint32Array;
  bitstrings: string[];
  /** Physical values per feature, [shots] each, when the data card has a feature map. */
  features: Record<string, Float64Array> | null;
}

export async function modelProbabilities(m: SavedModel, engine: EngineChoice = 'auto'): Promise<Float64Array> {
  const t = tf.tidy(() => {
    const p = engineProbs(m.circuit, tf.tensor2d(Float32Array.from(m.theta), [1, m.theta.length]), { engine });
    return m.visibleQubits ? marginalProbs(p, m.visibleQubits) : p;
  });
  const q = Float64Array.from((await t.data()) as Float32Array);
  t.dispose();
  return q;
}

export async function sampleModel(m: SavedModel, shots: number, rng: Rng, opts: { engine?: EngineChoice; jitter?: boolean } = {}): Promise<ModelSamples> {
  const q = await modelProbabilities(m, opts.engine);
  const n = m.dataCard.nQubits, indices = sampleIndices(q, shots, rng);
  const map = m.dataCard.qubitMap;
  return {
    nQubits: n, indices, bitstrings: Array.from(indices, (x) => toBitstring(x, n)),
    features: map.kind === 'features' ? decodeSamples(map.features, indices, opts.jitter ? () => rng.uniform() : undefined) : null,
  };
}
