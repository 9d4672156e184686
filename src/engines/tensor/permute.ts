/**
 * Differentiable permutation of the last axis: y[..., i] = x[..., perm[i]]. tfjs's gather gradient needs
 * UnsortedSegmentSum, which wasm lacks, so the gradient is another gather with the inverse permutation.
 */
import * as tf from '@tensorflow/tfjs';

export function permuteLastAxis(x: tf.Tensor2D, perm: tf.Tensor1D, inverse: tf.Tensor1D): tf.Tensor2D {
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
    value: tf.gather(args[0] as tf.Tensor, perm, 1),
    gradFunc: (dy: tf.Tensor) => tf.gather(dy, inverse, 1),
  }));
  return f(x) as tf.Tensor2D;
}

/** Index map of a permutation given as a function of the basis index, and its inverse. */
export function permutationTables(dim: number, map: (i: number) => number): { perm: Int32Array; inverse: Int32Array } {
  const perm = new Int32Array(dim),
    inverse = new Int32Array(dim);
  for (let i = 0; i < dim; i++) {
    perm[i] = map(i);
    inverse[perm[i]] = i;
  }
  return { perm, inverse };
}
