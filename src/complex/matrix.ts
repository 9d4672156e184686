/**
 * Complex matrices on the pair type: [.., d, d] real and imaginary parts (rank 2, or rank 3 for a batch). Products
 * are four real matMuls, so they run and differentiate on every backend (tfjs complex64 has neither gradients nor
 * wasm kernels). Row index first; a batch axis, when present, is axis 0.
 */
import * as tf from '@tensorflow/tfjs';
import { Complex } from './complex';

type Mat = tf.Tensor2D | tf.Tensor3D;

/** a·b (complex), optionally with either factor conjugate-transposed: a†·b, a·b†. Shapes as tf.matMul. */
export function cmatMul<T extends Mat>(a: Complex<T>, b: Complex<T>, adjA = false, adjB = false): Complex<T> {
  // (A^(†))(B^(†)): conjugation flips the sign of the imaginary part of the daggered factor.
  const sa = adjA ? -1 : 1,
    sb = adjB ? -1 : 1;
  const rr = tf.matMul(a.re, b.re, adjA, adjB),
    ii = tf.matMul(a.im, b.im, adjA, adjB);
  const ri = tf.matMul(a.re, b.im, adjA, adjB),
    ir = tf.matMul(a.im, b.re, adjA, adjB);
  return {
    re: tf.sub(rr, tf.mul(ii, sa * sb)) as T,
    im: tf.add(tf.mul(ri, sb), tf.mul(ir, sa)) as T,
  };
}

/** Identity of size d as a [d, d] real mask (for traces and diagonals). */
export function eyeMask(d: number): tf.Tensor2D {
  return tf.eye(d);
}

/** Tr A over the last two axes: [d, d] → [] or [B, d, d] → [B]. */
export function ctrace<T extends Mat>(a: Complex<T>): Complex {
  const d = a.re.shape[a.re.rank - 1];
  const eye = eyeMask(d);
  const axes = [a.re.rank - 2, a.re.rank - 1];
  return { re: tf.sum(tf.mul(a.re, eye), axes), im: tf.sum(tf.mul(a.im, eye), axes) };
}

/** Real part of the diagonal: [B, d, d] → [B, d] (or [d, d] → [d]). */
export function realDiagonal(a: Mat): tf.Tensor {
  return tf.sum(tf.mul(a, eyeMask(a.shape[a.rank - 1])), a.rank - 1);
}

/** Multiplies by a real scalar per matrix: s is a number, [] or [B] (broadcast over the matrix axes). */
export function cscale<T extends Mat>(a: Complex<T>, s: number | tf.Tensor): Complex<T> {
  const f = typeof s === 'number' || s.rank === 0 ? s : tf.reshape(s, [-1, 1, 1]);
  return { re: tf.mul(a.re, f) as T, im: tf.mul(a.im, f) as T };
}

/** Host copy of one matrix of a (batched) complex matrix as Float64 arrays, row-major. */
export function hostMatrices(a: Complex<Mat>): { re: Float64Array; im: Float64Array; batch: number; dim: number } {
  const dim = a.re.shape[a.re.rank - 1];
  const batch = a.re.rank === 3 ? a.re.shape[0] : 1;
  return { re: Float64Array.from(a.re.dataSync()), im: Float64Array.from(a.im.dataSync()), batch, dim };
}

/** tf.tidy for functions returning a complex pair (tidy's TensorContainer type does not admit the interface). */
export function tidyComplex<T extends tf.Tensor>(fn: () => Complex<T>): Complex<T> {
  const [re, im] = tf.tidy(() => {
    const c = fn();
    return [c.re, c.im];
  });
  return { re: re as T, im: im as T };
}
