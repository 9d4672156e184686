/**
 * Exact MMD with the bitstring Gaussian kernel K_σ(x, y) = exp(−|x − y|²/(2σ)) (σ not squared, as in [R]). Because
 * K_σ = ⊗_i [[1, e], [e, 1]] (e = e^{−1/(2σ)}) is diagonalised by the Walsh–Hadamard transform,
 *   MMD = (p − q)ᵀ K (p − q) = Σ_A (1 − p_σ)^{n−|A|} p_σ^{|A|} (⟨Z_A⟩_p − ⟨Z_A⟩_q)²,   p_σ = (1 − e)/2,
 * computed with one transform of p − q for any number of bandwidths (their kernels are averaged): O(n·2^n), nothing
 * of size 4^n (SCIENCE.md §2).
 */
import * as tf from '@tensorflow/tfjs';
import { popcount } from '../circuit/bits';
import { ConfigError } from '../errors';
import { walshHadamard } from './walsh';

/** p_σ = (1 − e^{−1/(2σ)})/2: the per-qubit weight of a Z in the kernel's correlator expansion. */
export function pSigma(sigma: number): number {
  if (!(sigma > 0)) throw new ConfigError(`MMD bandwidth must be positive, got ${sigma}`);
  return (1 - Math.exp(-1 / (2 * sigma))) / 2;
}

/** Weight of a Z-string of Hamming weight k in the multi-bandwidth kernel: mean_σ (1 − p_σ)^{n−k} p_σ^k, k = 0..n. */
export function mmdOrderWeights(nQubits: number, sigmas: readonly number[]): Float64Array {
  const w = new Float64Array(nQubits + 1);
  for (const s of sigmas) {
    const p = pSigma(s);
    for (let k = 0; k <= nQubits; k++) w[k] += ((1 - p) ** (nQubits - k) * p ** k) / sigmas.length;
  }
  return w;
}

/** The weight of every Walsh index A, w(|A|), as a [1, 2^n] tensor. */
function spectrumTensor(nQubits: number, sigmas: readonly number[]): tf.Tensor2D {
  const byOrder = mmdOrderWeights(nQubits, sigmas);
  const dim = 2 ** nQubits, w = new Float32Array(dim);
  for (let a = 0; a < dim; a++) w[a] = byOrder[popcount(a)];
  return tf.tensor2d(w, [1, dim]);
}

/**
 * MMD²(p, q) per row, averaged over the bandwidths: p [B, 2^n], q [B or 1, 2^n] → [B]. Differentiable in both.
 */
export function mmdLoss(p: tf.Tensor2D, q: tf.Tensor2D, sigmas: readonly number[]): tf.Tensor1D {
  return tf.tidy(() => {
    const n = Math.log2(p.shape[1]);
    const d = walshHadamard(tf.sub(p, q) as tf.Tensor2D);
    return tf.sum(tf.mul(tf.square(d), spectrumTensor(n, sigmas)), 1) as tf.Tensor1D;
  });
}
