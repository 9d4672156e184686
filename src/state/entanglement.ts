/**
 * Entanglement readouts of batched pure states [batch, 2^n] (bit order: circuit/bits.ts). The reduced density matrix
 * of qubits A is ρ_A = M·M† with M = ψ reshaped to [d_A, d_B] after moving A's qubits to the front (rank-4
 * transposes only, which wasm handles correctly); ρ_A, purity Tr ρ² and the Rényi-2 entropy −ln Tr ρ² are tfjs ops
 * (differentiable). Von Neumann entropies and trace distances need eigenvalues, computed on the host (linalg/eigh),
 * so they are plain numbers and not differentiable. Natural logarithms throughout.
 */
import * as tf from '@tensorflow/tfjs';
import { Complex, StateBatch } from '../complex/complex';
import { cmatMul, hostMatrices, tidyComplex } from '../complex/matrix';
import { ShapeError } from '../errors';
import { eigvalsHermitian } from '../linalg/eigh';
import { nQubitsOf } from './born';

/** Density matrices [batch, d, d]. */
export type DensityBatch = Complex<tf.Tensor3D>;

/**
 * Reorders the qubits of every row: qubit i of the result is qubit order[i] of x ([batch, 2^n] real). One rank-4
 * transpose per moved qubit.
 */
export function permuteQubits(x: tf.Tensor2D, order: readonly number[]): tf.Tensor2D {
  const [B, D] = x.shape,
    n = nQubitsOf(D, 'permuteQubits');
  return tf.tidy(() => {
    const cur = [...Array(n).keys()];
    let y = x;
    order.forEach((q, i) => {
      const j = cur.indexOf(q);
      if (j === i) return;
      // [prefix 2^i][middle 2^(j−i)][qubit q][suffix]: swap middle and q
      y = tf.reshape(tf.transpose(tf.reshape(y, [B * 2 ** i, 2 ** (j - i), 2, 2 ** (n - j - 1)]), [0, 2, 1, 3]), [
        B,
        D,
      ]);
      cur.splice(j, 1);
      cur.splice(i, 0, q);
    });
    return y === x ? tf.clone(x) : y;
  });
}

/**
 * ρ_A = Tr_B |ψ⟩⟨ψ| for the qubits `keep` (keep[0] is the most significant qubit of ρ_A's index): [B, 2^n] →
 * [B, 2^|A|, 2^|A|]. Differentiable in the state.
 */
export function reducedDensityMatrix(state: StateBatch, keep: readonly number[]): DensityBatch {
  const [B, D] = state.re.shape,
    n = nQubitsOf(D, 'reducedDensityMatrix');
  if (
    keep.length === 0 ||
    new Set(keep).size !== keep.length ||
    keep.some((q) => !Number.isInteger(q) || q < 0 || q >= n)
  )
    throw new ShapeError(`reducedDensityMatrix: qubits [${keep}] must be distinct, non-empty and in 0..${n - 1}`);
  const order = [...keep, ...[...Array(n).keys()].filter((q) => !keep.includes(q))];
  const dA = 2 ** keep.length,
    dB = D / dA;
  return tidyComplex(() => {
    const m = {
      re: tf.reshape(permuteQubits(state.re, order), [B, dA, dB]) as tf.Tensor3D,
      im: tf.reshape(permuteQubits(state.im, order), [B, dA, dB]) as tf.Tensor3D,
    };
    return cmatMul(m, m, false, true);
  });
}

/** Tr ρ² = Σ_ij |ρ_ij|² (ρ Hermitian): [B, d, d] → [B]. Differentiable. */
export function purity(rho: DensityBatch): tf.Tensor1D {
  return tf.tidy(() => tf.sum(tf.add(tf.square(rho.re), tf.square(rho.im)), [1, 2]) as tf.Tensor1D);
}

/** Rényi-2 entropy −ln Tr ρ²: [B, d, d] → [B]. Differentiable; a lower bound on the von Neumann entropy. */
export function renyi2Entropy(rho: DensityBatch): tf.Tensor1D {
  return tf.tidy(() => tf.neg(tf.log(purity(rho))) as tf.Tensor1D);
}

/** Eigenvalues (ascending) of every density matrix of the batch, on the host. */
export function densitySpectra(rho: DensityBatch): Float64Array[] {
  const { re, im, batch, dim } = hostMatrices(rho);
  return Array.from({ length: batch }, (_, b) =>
    eigvalsHermitian(
      re.subarray(b * dim * dim, (b + 1) * dim * dim),
      im.subarray(b * dim * dim, (b + 1) * dim * dim),
      dim,
    ),
  );
}

/** −Σ λ ln λ over a spectrum (eigenvalues ≤ 1e-15, round-off, contribute nothing). */
export function spectrumEntropy(lambda: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < lambda.length; k++) if (lambda[k] > 1e-15) s -= lambda[k] * Math.log(lambda[k]);
  return s;
}

/** Von Neumann entropy S(ρ) = −Tr ρ ln ρ of each matrix of the batch (host, not differentiable). */
export function vonNeumannEntropy(rho: DensityBatch): Float64Array {
  return Float64Array.from(densitySpectra(rho), spectrumEntropy);
}

/** T(ρ, I/d) = ½‖ρ − I/d‖₁ = ½ Σ_k |λ_k − 1/d| per matrix (host). */
export function traceDistanceToMaximallyMixed(rho: DensityBatch): Float64Array {
  return Float64Array.from(densitySpectra(rho), (lam) => lam.reduce((s, l) => s + Math.abs(l - 1 / lam.length), 0) / 2);
}

/** T(ρ, σ) = ½‖ρ − σ‖₁ per pair of rows (σ may be a single matrix [1, d, d]); host. */
export function traceDistance(rho: DensityBatch, sigma: DensityBatch): Float64Array {
  const diff = tf.tidy(() => ({
    re: tf.sub(rho.re, sigma.re) as tf.Tensor3D,
    im: tf.sub(rho.im, sigma.im) as tf.Tensor3D,
  }));
  try {
    return Float64Array.from(densitySpectra(diff), (lam) => lam.reduce((s, l) => s + Math.abs(l), 0) / 2);
  } finally {
    tf.dispose([diff.re, diff.im]);
  }
}
