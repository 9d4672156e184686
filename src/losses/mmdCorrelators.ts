/**
 * MMD in its Z-correlator form, written as an explicit loop over subsets A of qubits (SCIENCE.md §2, [R] §IV):
 *   L = Σ_A mean_σ (1 − p_σ)^{n−|A|} p_σ^{|A|} (⟨Z_A⟩_q − ⟨Z_A⟩_p)²,
 * each ⟨Z_A⟩ read with state/born.zExpectations. It shares no code with the Walsh–Hadamard or Kronecker routes, so it
 * is the third, independent implementation (all subsets: n ≤ 14), and with `maxOrder` the k-body truncated MMD at
 * larger n. Cost O(#subsets · 2^n); subsets are processed in chunks so that no table exceeds 2^22 entries.
 */
import * as tf from '@tensorflow/tfjs';
import { popcount } from '../circuit/bits';
import { ConfigError, NotSupportedError } from '../errors';
import { nQubitsOf, zExpectations } from '../state/born';

/** Largest #subsets × 2^n the explicit loop accepts (all subsets at n = 14). */
const MAX_WORK = 4 ** 14;
const CHUNK_ENTRIES = 1 << 22;

/** Subsets A with |A| ≤ maxOrder as qubit lists (qubit 0 = most significant bit, circuit/bits.ts), by mask. */
export function subsetsUpTo(nQubits: number, maxOrder: number): number[][] {
  const out: number[][] = [];
  for (let m = 0; m < 2 ** nQubits; m++) {
    if (popcount(m) > maxOrder) continue;
    const qs: number[] = [];
    for (let q = 0; q < nQubits; q++) if ((m >>> (nQubits - 1 - q)) & 1) qs.push(q);
    out.push(qs);
  }
  return out;
}

/**
 * Σ over subsets |A| ≤ maxOrder (default n) of the kernel weight times (⟨Z_A⟩_q − ⟨Z_A⟩_p)²:
 * q [B, 2^n], p [B or 1, 2^n] → [B]. Differentiable in q and p.
 */
export function mmdZCorrelators(
  q: tf.Tensor2D,
  p: tf.Tensor2D,
  sigmas: readonly number[],
  opts: { maxOrder?: number } = {},
): tf.Tensor1D {
  const n = nQubitsOf(q.shape[1], 'mmdZCorrelators');
  const k = opts.maxOrder ?? n;
  if (!(Number.isInteger(k) && k >= 0))
    throw new ConfigError(`mmdZCorrelators: maxOrder must be an integer ≥ 0, got ${k}`);
  if (sigmas.length === 0) throw new ConfigError('mmdZCorrelators: at least one bandwidth is needed');
  const ps = sigmas.map((s) => {
    if (!(Number.isFinite(s) && s > 0))
      throw new ConfigError(`mmdZCorrelators: bandwidth must be a finite number > 0, got ${s}`);
    return (1 - Math.exp(-1 / (2 * s))) / 2;
  });
  const subsets = subsetsUpTo(n, k),
    dim = 2 ** n;
  if (subsets.length * dim > MAX_WORK)
    throw new NotSupportedError(
      `mmdZCorrelators: ${subsets.length} subsets × 2^${n} exceeds the explicit loop's limit (4^14); use mmdLoss`,
    );
  const weight = (A: number[]) => ps.reduce((s, pp) => s + (1 - pp) ** (n - A.length) * pp ** A.length, 0) / ps.length;
  const chunk = Math.max(1, Math.floor(CHUNK_ENTRIES / dim));
  return tf.tidy(() => {
    let total: tf.Tensor = tf.zeros([q.shape[0]]);
    for (let s = 0; s < subsets.length; s += chunk) {
      const part = subsets.slice(s, s + chunk);
      const w = tf.tensor2d(part.map(weight), [1, part.length]);
      const diff = tf.sub(zExpectations(q, part), zExpectations(p, part)); // [B, K]
      total = tf.add(total, tf.reshape(tf.matMul(tf.square(diff), w, false, true), [-1]));
    }
    return total as tf.Tensor1D;
  });
}
