/**
 * The CPU engine keeps ψ where it was made between the forward and the gradient: a single state in its workspace, a
 * batch in the ψ arena. When another op uses that memory in between (two circuits in one loss: their backward passes
 * run in reverse order), the forward must be rerun first; gradients stay those of the dense reference.
 */
import * as tf from '@tensorflow/tfjs';
import { cpuEngine } from '../../../src/engines/engine';
import { createRng } from '../../../src/rng';
import { denseProbs } from '../../reference/dense';
import { centralDiff } from '../../reference/centralDiff';
import { maxAbsDiff } from '../../helpers/backends';
import { randomCircuit } from '../../helpers/randomCircuit';

test.each([1, 3])('two ops (batch %i) on one workspace or arena in one loss: both gradients exact', (batch) => {
  const rng = createRng(`lean${batch}`);
  const a = randomCircuit(rng, 5, 30, 4),
    b = randomCircuit(rng, 5, 30, 4);
  const w = Array.from({ length: 32 }, () => rng.normal()),
    v = Array.from({ length: 32 }, () => rng.normal());
  const theta = Array.from({ length: batch }, () => Array.from({ length: 4 }, () => 3 * rng.normal()));
  const f = (t: number[]) =>
    denseProbs(a, t).reduce((s, p, x) => s + w[x] * p, 0) + denseProbs(b, t).reduce((s, p, x) => s + v[x] * p * p, 0);
  const want = theta.flatMap((row) => centralDiff(f, row));
  const wt = tf.tensor1d(w),
    vt = tf.tensor1d(v);
  const loss = (t: tf.Tensor) =>
    tf.add(
      tf.sum(tf.mul(cpuEngine.probs(a, t as tf.Tensor2D), wt)),
      tf.sum(tf.mul(tf.square(cpuEngine.probs(b, t as tf.Tensor2D)), vt)),
    ) as tf.Scalar;
  const g = tf.grad(loss)(tf.tensor2d(theta));
  expect(maxAbsDiff(g.dataSync(), want)).toBeLessThan(1e-4);
  tf.dispose([g, wt, vt]);
});
