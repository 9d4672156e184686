/**
 * tf.tidy for host results: runs `fn` in a tfjs scope and disposes every tensor it made, returning a plain value
 * (numbers, typed arrays) that tf.tidy's TensorContainer type does not admit.
 */
import * as tf from '@tensorflow/tfjs';

export function scoped<T>(fn: () => T): T {
  tf.engine().startScope();
  try {
    return fn();
  } finally {
    tf.engine().endScope();
  }
}
