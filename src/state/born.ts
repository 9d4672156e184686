/** Born probabilities and basic readouts of batched states [batch, 2^n]. Bit order: circuit/bits.ts. */
import * as tf from '@tensorflow/tfjs';
import { abs2, StateBatch } from '../complex/complex';
import { ShapeError } from '../errors';
import { maskOf, popcount } from '../circuit/bits';

/** |ψ|² per amplitude, [batch, 2^n]. */
export function bornProbs(state: StateBatch): tf.Tensor2D {
  return abs2(state);
}

export function nQubitsOf(dim: number, where: string): number {
  const n = Math.log2(dim);
  if (!Number.isInteger(n) || n < 1)
    throw new ShapeError(`${where}: last axis has length ${dim}, not a power of two ≥ 2`);
  return n;
}

/**
 * Marginal distribution of the qubits `keep`, in the order given (keep[0] becomes the most significant bit of the
 * result): [batch, 2^n] → [batch, 2^|keep|]. Sums one qubit out at a time through rank-4 reshapes.
 */
export function marginalProbs(probs: tf.Tensor2D, keep: readonly number[]): tf.Tensor2D {
  const [B, D] = probs.shape;
  const n = nQubitsOf(D, 'marginalProbs');
  if (new Set(keep).size !== keep.length || keep.some((q) => !Number.isInteger(q) || q < 0 || q >= n))
    throw new ShapeError(`marginalProbs: qubits [${keep}] must be distinct and in 0..${n - 1}`);
  return tf.tidy(() => {
    let p: tf.Tensor2D = probs;
    let alive = [...Array(n).keys()];
    for (let q = n - 1; q >= 0; q--) {
      if (keep.includes(q)) continue;
      const pos = alive.indexOf(q),
        m = alive.length;
      p = tf.reshape(tf.sum(tf.reshape(p, [B, 2 ** pos, 2, 2 ** (m - pos - 1)]), 2), [B, 2 ** (m - 1)]);
      alive = alive.filter((a) => a !== q);
    }
    const order = keep.map((q) => alive.indexOf(q));
    if (order.every((o, k) => o === k)) return tf.clone(p);
    const k = keep.length;
    return tf.reshape(tf.transpose(tf.reshape(p, [B, ...Array(k).fill(2)]), [0, ...order.map((o) => o + 1)]), [
      B,
      2 ** k,
    ]);
  });
}

/** ±1 table of Z-strings: column j is (−1)^{|x & mask_j|}, [2^n, K]. */
export function zStringTable(nQubits: number, subsets: readonly (readonly number[])[]): tf.Tensor2D {
  const dim = 2 ** nQubits,
    K = subsets.length;
  const masks = subsets.map((s) => maskOf(s, nQubits));
  const t = new Float32Array(dim * K);
  for (let x = 0; x < dim; x++) for (let j = 0; j < K; j++) t[x * K + j] = popcount(x & masks[j]) & 1 ? -1 : 1;
  return tf.tensor2d(t, [dim, K]);
}

/** ⟨Z_A⟩ = Σ_x p(x)(−1)^{Σ_{i∈A} x_i} for each subset A: [batch, 2^n] → [batch, K]. */
export function zExpectations(probs: tf.Tensor2D, subsets: readonly (readonly number[])[]): tf.Tensor2D {
  const n = nQubitsOf(probs.shape[1], 'zExpectations');
  for (const s of subsets)
    if (s.some((q) => !Number.isInteger(q) || q < 0 || q >= n))
      throw new ShapeError(`zExpectations: subset [${s}] out of range for ${n} qubits`);
  return tf.tidy(() => tf.matMul(probs, zStringTable(n, subsets)));
}
