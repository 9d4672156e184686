/**
 * Exact MMD with the bitstring Gaussian kernel K_σ(x, y) = exp(−|x − y|²/(2σ)) (σ not squared, as in [R]). Because
 * K_σ = ⊗_i [[1, e], [e, 1]] (e = e^{−1/(2σ)}) is diagonalised by the Walsh–Hadamard transform,
 *   MMD = (p − q)ᵀ K (p − q) = Σ_A (1 − p_σ)^{n−|A|} p_σ^{|A|} (⟨Z_A⟩_p − ⟨Z_A⟩_q)²,   p_σ = (1 − e)/2,
 * computed with one transform of p − q for any number of bandwidths (their kernels are averaged): O(n·2^n), nothing
 * of size 4^n (SCIENCE.md §2). `mmdKronecker` is the second, independent route (K·v in Kronecker form, kernel.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { popcount } from '../circuit/bits';
import { ConfigError } from '../errors';
import { kernelApply } from './kernel';
import { rowSum } from './reduce';
import { walshHadamard, walshHadamardInPlace, walshImpl } from './walsh';

/** p_σ = (1 − e^{−1/(2σ)})/2: the per-qubit weight of a Z in the kernel's correlator expansion. */
export function pSigma(sigma: number): number {
  if (!(sigma > 0)) throw new ConfigError(`MMD bandwidth must be positive, got ${sigma}`);
  return (1 - Math.exp(-1 / (2 * sigma))) / 2;
}

/** Weight of a Z-string of Hamming weight k in the multi-bandwidth kernel: mean_σ (1 − p_σ)^{n−k} p_σ^k, k = 0..n. */
export function mmdOrderWeights(nQubits: number, sigmas: readonly number[]): Float64Array {
  if (sigmas.length === 0) throw new ConfigError('MMD needs at least one bandwidth, got none');
  const w = new Float64Array(nQubits + 1);
  for (const s of sigmas) {
    const p = pSigma(s);
    for (let k = 0; k <= nQubits; k++) w[k] += ((1 - p) ** (nQubits - k) * p ** k) / sigmas.length;
  }
  return w;
}

/** The weight of every Walsh index A, byOrder[|A|], as a [1, 2^n] tensor. */
export function walshWeights(byOrder: Float64Array): tf.Tensor2D {
  const dim = 2 ** (byOrder.length - 1),
    w = new Float32Array(dim);
  for (let a = 0; a < dim; a++) w[a] = byOrder[popcount(a)];
  return tf.tensor2d(w, [1, dim]);
}

/**
 * Σ_A byOrder[|A|] x̂_A ŷ_A per row (x̂ = WHT of x): the bilinear form xᵀK̄y for the kernel whose Z-string weights are
 * byOrder (length n + 1). y = null means y = x. x [B, 2^n], y [B or 1, 2^n] → [B]; differentiable in both.
 */
export function spectralForm(x: tf.Tensor2D, y: tf.Tensor2D | null, byOrder: Float64Array): tf.Tensor1D {
  if (y === null && walshImpl() === 'host') return spectralSquareHost(x, byOrder);
  return tf.tidy(() => {
    const xh = walshHadamard(x);
    return weightedDot(xh, y === null ? xh : walshHadamard(y), walshWeights(byOrder));
  });
}

/**
 * spectralForm(x, null) on the host as one op: Σ_A w_|A| x̂_A² per row from one Float64 transform, whose result the
 * gradient 2·dy·H(w⊙x̂) (H symmetric) reuses in place. On cpu/wasm this replaces a transform tensor, a weight tensor,
 * a product and a matMul, and their gradients: at n = 24 each of those is a 64 MB float32 tensor. Should the gradient
 * be taken a second time, the transform is recomputed from x.
 */
function spectralSquareHost(x: tf.Tensor2D, byOrder: Float64Array): tf.Tensor1D {
  const [rows, dim] = x.shape;
  const transform = (t: tf.Tensor): Float64Array => {
    const v = new Float64Array(rows * dim);
    v.set(t.dataSync());
    walshHadamardInPlace(v, dim);
    return v;
  };
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const input = args[0] as tf.Tensor2D;
    let xh: Float64Array | null = transform(input);
    const out = new Float32Array(rows);
    for (let b = 0; b < rows; b++) {
      let s = 0;
      for (let a = 0, k = b * dim; a < dim; a++, k++) s += byOrder[popcount(a)] * xh[k] * xh[k];
      out[b] = s;
    }
    return {
      value: tf.tensor1d(out),
      gradFunc: (dy: tf.Tensor) => {
        const v = xh ?? transform(input),
          d = dy.dataSync();
        xh = null;
        for (let b = 0; b < rows; b++) for (let a = 0, k = b * dim; a < dim; a++, k++) v[k] *= byOrder[popcount(a)];
        walshHadamardInPlace(v, dim);
        const g = new Float32Array(v.length);
        for (let b = 0; b < rows; b++) {
          const scale = 2 * d[b];
          for (let k = b * dim; k < (b + 1) * dim; k++) g[k] = scale * v[k];
        }
        return tf.tensor2d(g, [rows, dim]);
      },
    };
  });
  return f(x) as tf.Tensor1D;
}

/**
 * Σ_j w_j x_j y_j per row: x, y [B or 1, D], w [1, D] → [B]. Contracted by matMul, because broadcasting elementwise ops
 * over [B, D] × [1, D] are an order of magnitude slower on the tfjs cpu backend.
 */
export function weightedDot(x: tf.Tensor2D, y: tf.Tensor2D, w: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    let col: tf.Tensor2D;
    if (y.shape[0] === 1) col = tf.matMul(x, tf.mul(y, w), false, true);
    else if (x.shape[0] === 1) col = tf.matMul(y, tf.mul(x, w), false, true);
    else col = tf.matMul(x === y ? tf.square(x) : tf.mul(x, y), w, false, true);
    return tf.reshape(col, [-1]) as tf.Tensor1D;
  });
}

/**
 * MMD²(p, q) per row, averaged over the bandwidths: p [B, 2^n], q [B or 1, 2^n] → [B]. Differentiable in both.
 * One Walsh–Hadamard transform of p − q serves every bandwidth.
 */
export function mmdLoss(p: tf.Tensor2D, q: tf.Tensor2D, sigmas: readonly number[]): tf.Tensor1D {
  return tf.tidy(() => spectralForm(tf.sub(p, q) as tf.Tensor2D, null, mmdOrderWeights(Math.log2(p.shape[1]), sigmas)));
}

/** xᵀK̄y per row with K̄ = mean_σ K_σ: x [B, 2^n], y [B or 1, 2^n] → [B]. The cross term E_{x,y}K of sample MMDs. */
export function kernelBilinear(x: tf.Tensor2D, y: tf.Tensor2D, sigmas: readonly number[]): tf.Tensor1D {
  return spectralForm(x, y, mmdOrderWeights(Math.log2(x.shape[1]), sigmas));
}

/**
 * MMD²(p, q) = (p − q)ᵀ K̄ (p − q) with K̄·v applied directly in Kronecker form (kernel.ts), one pass per bandwidth:
 * the second exact implementation, equal to mmdLoss up to rounding. Shapes as mmdLoss.
 */
export function mmdKronecker(
  p: tf.Tensor2D,
  q: tf.Tensor2D,
  sigmas: readonly number[],
  impl: 'auto' | 'ops' | 'host' = 'auto',
): tf.Tensor1D {
  return tf.tidy(() => {
    const d = tf.sub(p, q) as tf.Tensor2D;
    return rowSum(tf.mul(d, kernelApply(d, sigmas, impl))); // mixed-sign terms: see reduce.ts
  });
}
