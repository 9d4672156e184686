/**
 * Quantum losses with the data loaded as |φ⟩ = Σ_x √p̃(x)|x⟩ (SCIENCE.md §2, [R] §V):
 *   global fidelity  L_QF  = 1 − |⟨φ|U(θ)|0⟩|²,
 *   local fidelity   L_LQF = 1 − ⟨φ|U H_L U†|φ⟩,  H_L = (1/n) Σ_i |0⟩⟨0|_i.
 * Both read the state χ = U(θ)†|φ⟩: L_QF = 1 − χ(0…0) and L_LQF = 1 − (1/n)Σ_i P_χ(qubit i = 0) = E_χ[|x|]/n (mean
 * Hamming weight over n), i.e. Cerezo et al.'s global and local costs. L_LQF = 0 iff χ = |0…0⟩ iff L_QF = 0, and
 * L_LQF ≤ L_QF ≤ n·L_LQF. χ comes from simulating inverseCircuit(U) with init φ, so both are differentiable in θ.
 */
import * as tf from '@tensorflow/tfjs';
import { Circuit, inverseCircuit } from '../circuit/circuit';
import { abs2, inner, StateBatch } from '../complex/complex';
import { EngineChoice, probs as engineProbs } from '../engines/engine';
import { popcount } from '../circuit/bits';
import { nQubitsOf } from '../state/born';

/** |φ⟩ = Σ_x √p̃(x)|x⟩ from a data distribution [rows, 2^n] (real amplitudes). */
export function dataState(data: tf.Tensor2D): StateBatch {
  return tf.tidy(() => {
    const re = tf.sqrt(tf.relu(data)) as tf.Tensor2D;
    return { re, im: tf.zerosLike(re) };
  });
}

/** 1 − |⟨φ|ψ⟩|² per row from amplitudes: psi [B, 2^n], phi [B or 1, 2^n] → [B]. Differentiable in both. */
export function quantumFidelityLoss(psi: StateBatch, phi: StateBatch): tf.Tensor1D {
  return tf.tidy(() => tf.sub(1, abs2(inner(phi, psi))) as tf.Tensor1D);
}

/** L_QF from the probabilities of χ = U†|φ⟩: 1 − χ(0…0). chi [B, 2^n] → [B]. */
export function globalFidelityFromProbs(chi: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.sub(1, tf.reshape(tf.slice(chi, [0, 0], [-1, 1]), [-1])) as tf.Tensor1D);
}

/** h(x) = 1 − |x|/n: the diagonal of H_L, [1, 2^n]. */
function localFidelityDiagonal(nQubits: number): tf.Tensor2D {
  const dim = 2 ** nQubits,
    h = new Float32Array(dim);
  for (let x = 0; x < dim; x++) h[x] = 1 - popcount(x) / nQubits;
  return tf.tensor2d(h, [1, dim]);
}

/** L_LQF from the probabilities of χ = U†|φ⟩: 1 − Σ_x χ(x)(1 − |x|/n) = 1 − (1/n)Σ_i P(qubit i = 0). [B, 2^n] → [B]. */
export function localFidelityFromProbs(chi: tf.Tensor2D): tf.Tensor1D {
  const n = nQubitsOf(chi.shape[1], 'localFidelityFromProbs');
  return tf.tidy(
    () => tf.sub(1, tf.reshape(tf.matMul(chi, localFidelityDiagonal(n), false, true), [-1])) as tf.Tensor1D,
  );
}

const inverses = new WeakMap<Circuit, Circuit>();

/** inverseCircuit(c), built once per circuit object so that the engines' compiled-program caches hit. */
export function cachedInverse(c: Circuit): Circuit {
  let inv = inverses.get(c);
  if (!inv) inverses.set(c, (inv = inverseCircuit(c)));
  return inv;
}

/**
 * Probabilities of χ_b = U(θ_b)†|φ⟩, [B, 2^n]: what both quantum losses (and their shot estimates) read.
 * theta [B, nParams]; data [1, 2^n] (a shared φ) or [B, 2^n]. Differentiable in θ.
 */
export function inverseProbs(
  circuit: Circuit,
  theta: tf.Tensor2D,
  data: tf.Tensor2D,
  opts: { engine?: EngineChoice } = {},
): tf.Tensor2D {
  return tf.tidy(() => engineProbs(cachedInverse(circuit), theta, { engine: opts.engine, init: dataState(data) }));
}

/** L_QF(θ_b) = 1 − |⟨φ|U(θ_b)|0⟩|² per row, via χ = U†|φ⟩. */
export function quantumFidelityOfCircuit(
  circuit: Circuit,
  theta: tf.Tensor2D,
  data: tf.Tensor2D,
  opts: { engine?: EngineChoice } = {},
): tf.Tensor1D {
  return tf.tidy(() => globalFidelityFromProbs(inverseProbs(circuit, theta, data, opts)));
}

/** L_LQF(θ_b) = 1 − ⟨φ|U H_L U†|φ⟩ per row. */
export function localFidelityOfCircuit(
  circuit: Circuit,
  theta: tf.Tensor2D,
  data: tf.Tensor2D,
  opts: { engine?: EngineChoice } = {},
): tf.Tensor1D {
  return tf.tidy(() => localFidelityFromProbs(inverseProbs(circuit, theta, data, opts)));
}
