/** Two-level row sums: accurate for long mixed-sign rows on every backend, and the same as tf.sum for short ones. */
import * as tf from '@tensorflow/tfjs';
import { rowSum } from '../../src/losses/reduce';
import { createRng } from '../../src/rng';
import { describeEachBackend, expectNoLeak } from '../helpers/backends';

describeEachBackend('rowSum', () => {
  test.each([[16], [4096], [2 ** 15], [2 ** 20]])('D = %i: equals the Float64 sum of the float32 values', (D) => {
    const rng = createRng(`rs${D}`),
      B = 2;
    const v = Float32Array.from({ length: B * D }, () => rng.uniform() - 0.45);
    const got = tf.tidy(() => rowSum(tf.tensor2d(v, [B, D])).arraySync());
    for (let b = 0; b < B; b++) {
      let ref = 0;
      for (let i = b * D; i < (b + 1) * D; i++) {
        ref += v[i];
      }
      expect(Math.abs(got[b] - ref)).toBeLessThan(1e-6 * Math.abs(ref)); // a float32 running sum misses this on wasm
    }
    const t = tf.tensor2d(v, [B, D]);
    expectNoLeak(() => rowSum(t).dispose());
    t.dispose();
  });
});
