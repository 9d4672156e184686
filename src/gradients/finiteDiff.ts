/**
 * Central finite differences of a per-row objective f(θ) [batch] over θ [batch, nParams]: the independent check of
 * autodiff and parameter-shift gradients (error O(h²) plus float32 rounding ≈ 1e-7/h; h = 1e-3 balances them).
 */
import * as tf from '@tensorflow/tfjs';

export function finiteDiffGrad(f: (theta: tf.Tensor2D) => tf.Tensor1D, theta: tf.Tensor2D, h = 1e-3): tf.Tensor2D {
  const [B, P] = theta.shape;
  const th = theta.arraySync();
  const rows: number[][] = [];
  for (let b = 0; b < B; b++)
    for (let p = 0; p < P; p++)
      for (const s of [h, -h]) {
        const r = th[b].slice();
        r[p] += s;
        rows.push(r);
      }
  const v = tf.tidy(() => f(tf.tensor2d(rows.flat(), [rows.length, P]))).dataSync();
  const grad = new Float32Array(B * P);
  for (let i = 0; i < B * P; i++) grad[i] = (v[2 * i] - v[2 * i + 1]) / (2 * h);
  return tf.tensor2d(grad, [B, P]);
}
