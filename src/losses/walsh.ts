/**
 * The unnormalised Walsh–Hadamard transform over bitstrings, x̂_A = Σ_x (−1)^{|A ∧ x|} x_x, batched over rows:
 * for a difference of distributions it gives every Z-string correlator ⟨Z_A⟩ at once, in O(n·2^n). It is symmetric
 * and H·H = 2^n·I, so its gradient is the transform of the cotangent. Three implementations behind one function: tf
 * ops (n butterfly rounds as [·, 2] @ [[1, 1], [1, −1]] matMuls with a rank-3 transpose; GPU backends), plateau's
 * webgpu kernel (9 rounds in workgroup memory, then one pass per further bit) and in-place Float64 butterflies
 * wrapped as one tf op (cpu/wasm), tested against each other.
 */
import * as tf from '@tensorflow/tfjs';
import { isGpuBackend } from '../backend/backend';
import { PlateauWalsh } from '../engines/webgpu/names';
import { fastKernelsActive } from '../engines/webgpu/register';
import { walshHadamardInPlace } from './walshHost';

export { walshHadamardInPlace };

const H2 = [
  [1, 1],
  [1, -1],
];

/** tf-op WHT: each round mixes the last index bit and rotates it to the front, so n rounds restore the order. */
export function walshHadamardOps(x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const [B, D] = x.shape;
    const n = Math.log2(D);
    const h = tf.tensor2d(H2);
    let y: tf.Tensor = x;
    for (let r = 0; r < n; r++) {
      // one scope per round, freeing the previous round's buffers (peak ~3 states instead of ~3n)
      const next = tf.tidy(() => {
        const mixed = tf.matMul(tf.reshape(y, [B * (D / 2), 2]), h); // [B·D/2, 2]: mix the lowest bit
        return tf.reshape(tf.transpose(tf.reshape(mixed, [B, D / 2, 2]), [0, 2, 1]), [B, D]); // lowest bit → highest
      });
      if (y !== x) y.dispose();
      y = next;
    }
    return y as tf.Tensor2D;
  });
}

function walshHadamardHost(x: tf.Tensor2D): tf.Tensor2D {
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const t = args[0] as tf.Tensor2D;
    const transform = (src: tf.Tensor): tf.Tensor2D => {
      const v = Float64Array.from(src.dataSync());
      walshHadamardInPlace(v, t.shape[1]);
      return tf.tensor2d(Float32Array.from(v), t.shape);
    };
    return { value: transform(t), gradFunc: (dy: tf.Tensor) => transform(dy) };
  });
  return f(x) as tf.Tensor2D;
}

/**
 * WHT of each row of x [B, 2^n], differentiable. `auto`: plateau's webgpu kernel when it is active, tf ops on other GPU
 * backends, host butterflies otherwise (`kernel` requires the webgpu kernel).
 */
export function walshHadamard(x: tf.Tensor2D, impl: WalshImpl | 'auto' = 'auto'): tf.Tensor2D {
  const use = impl === 'auto' ? walshImpl() : impl;
  if (use === 'kernel') return tf.engine().runKernel(PlateauWalsh, { x }) as tf.Tensor2D;
  return use === 'ops' ? walshHadamardOps(x) : walshHadamardHost(x);
}

export type WalshImpl = 'ops' | 'host' | 'kernel';

/** What `auto` runs on the current backend: plateau's webgpu kernel when active, tf ops on GPU backends, else host. */
export function walshImpl(): WalshImpl {
  if (fastKernelsActive()) return 'kernel';
  return isGpuBackend() ? 'ops' : 'host';
}
