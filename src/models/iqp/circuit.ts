/**
 * An IQP model as an ordinary plateau circuit, for the state-vector engines: one `pauli` gate per generator with the
 * Pauli string X…X on its qubits and angle −θ_j (the gate is exp(−iφP), so φ = −θ_j gives exp(iθ_j X_{g_j}); the
 * generators commute, so their order is irrelevant). This is how the Monte-Carlo estimator is checked against the
 * engines at small n, and how an IQP model is sampled where 2^n amplitudes fit (n ≤ 20). Beyond that, sampling is
 * what a quantum computer is for: no classical sampler is known (Bremner, Montanaro, Shepherd 2016).
 */
import * as tf from '@tensorflow/tfjs';
import { Circuit, Gate } from '../../circuit/circuit';
import { EngineChoice, probs as engineProbs } from '../../engines/engine';
import { NotSupportedError } from '../../errors';
import { Rng } from '../../rng';
import { sampleIndices } from '../../state/sample';
import { generatorQubits, Generators } from './generators';

/** Largest register whose IQP distribution is read from a state vector (2^20 amplitudes). */
export const IQP_STATE_VECTOR_QUBITS = 20;

export function iqpCircuit(g: Generators): Circuit {
  const gates: Gate[] = [];
  for (let j = 0; j < g.count; j++) {
    const qs = Array.from(generatorQubits(g, j));
    gates.push({ kind: 'pauli', pauli: 'X'.repeat(qs.length), qubits: qs, params: [{ p: j, scale: -1 }] });
  }
  return { name: `iqp-n${g.nQubits}-m${g.count}`, nQubits: g.nQubits, nParams: g.count, gates };
}

function requireStateVector(g: Generators, what: string): void {
  if (g.nQubits > IQP_STATE_VECTOR_QUBITS)
    throw new NotSupportedError(`${what}: an IQP model on ${g.nQubits} qubits has 2^${g.nQubits} outcomes (${(16 * 2 ** g.nQubits).toExponential(2)} bytes of amplitudes); this needs n ≤ ${IQP_STATE_VECTOR_QUBITS} here, or a quantum computer`);
}

/** q_θ(x) for every x, [2^n] Float64, through the state-vector engine (n ≤ 20). */
export async function iqpDistribution(g: Generators, theta: ArrayLike<number>, engine: EngineChoice = 'auto'): Promise<Float64Array> {
  requireStateVector(g, 'iqpDistribution');
  const t = tf.tidy(() => engineProbs(iqpCircuit(g), tf.tensor2d(Float32Array.from(theta), [1, g.count]), { engine }));
  const q = Float64Array.from((await t.data()) as Float32Array);
  t.dispose();
  return q;
}

/** `shots` seeded samples of the model as basis indices (qubit 0 = most significant bit), n ≤ 20. */
export async function sampleIqp(g: Generators, theta: ArrayLike<number>, shots: number, rng: Rng, engine: EngineChoice = 'auto'): Promise<Uint32Array> {
  requireStateVector(g, 'sampleIqp');
  return sampleIndices(await iqpDistribution(g, theta, engine), shots, rng);
}
