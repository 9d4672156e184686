/**
 * The bitstring Gaussian kernel K_σ(x, y) = exp(−|x − y|²/(2σ)) (σ not squared, [R]) applied to vectors without ever
 * forming the 2^n × 2^n matrix: K_σ = ⊗_i [[1, e], [e, 1]], e = e^{−1/(2σ)}, so K·v is n butterfly rounds, O(n·2^n)
 * (SCIENCE.md §2). Several bandwidths give the averaged kernel K̄ = mean_σ K_σ. Two implementations behind one
 * function, tested against each other and a dense matrix: tf ops (a [·, 2] @ [2, 2] matMul per round, batched over
 * bandwidths, rotating the mixed bit to the front like walshHadamardOps; the GPU path) and Float64 host butterflies.
 */
import * as tf from '@tensorflow/tfjs';
import { isGpuBackend } from '../backend/backend';
import { ConfigError } from '../errors';

/** e = exp(−1/(2σ)): the kernel between two bitstrings differing in one bit. */
export function kernelDecay(sigma: number): number {
  if (!(Number.isFinite(sigma) && sigma > 0))
    throw new ConfigError(`MMD bandwidth must be a finite number > 0, got ${sigma}`);
  return Math.exp(-1 / (2 * sigma));
}

function checkSigmas(sigmas: readonly number[], where: string): number[] {
  if (sigmas.length === 0) throw new ConfigError(`${where}: at least one bandwidth is needed`);
  return sigmas.map(kernelDecay);
}

/** In place v ← K_σ v for every length-`dim` row of v, K_σ = ⊗[[1, e], [e, 1]]. */
export function kernelApplyInPlace(v: Float64Array, dim: number, e: number): void {
  for (let off = 0; off < v.length; off += dim)
    for (let h = 1; h < dim; h <<= 1)
      for (let i = off; i < off + dim; i += 2 * h)
        for (let j = i; j < i + h; j++) {
          const a = v[j],
            b = v[j + h];
          v[j] = a + e * b;
          v[j + h] = e * a + b;
        }
}

/** tf-op K̄·v: all bandwidths at once as a batched [S, ·, 2] @ [S, 2, 2] matMul per round; memory S·B·2^n. */
export function kernelApplyOps(v: tf.Tensor2D, sigmas: readonly number[]): tf.Tensor2D {
  const es = checkSigmas(sigmas, 'kernelApply');
  return tf.tidy(() => {
    const [B, D] = v.shape,
      S = es.length;
    const n = Math.round(Math.log2(D));
    const k = tf.tensor3d(
      es.flatMap((e) => [1, e, e, 1]),
      [S, 2, 2],
    );
    let y: tf.Tensor = tf.tile(tf.reshape(v, [1, B * D]), [S, 1]);
    for (let r = 0; r < n; r++) {
      // each round in its own scope, freeing the previous one's buffers: peak memory ~3·S·B·2^n floats, not n times that
      const next = tf.tidy(() => {
        const mixed = tf.matMul(tf.reshape(y, [S, (B * D) / 2, 2]), k); // mix the lowest index bit
        return tf.reshape(tf.transpose(tf.reshape(mixed, [S * B, D / 2, 2]), [0, 2, 1]), [S, B * D]); // lowest bit → highest
      });
      y.dispose();
      y = next;
    }
    return tf.mean(tf.reshape(y, [S, B, D]), 0) as tf.Tensor2D;
  });
}

/** Host K̄·v as one differentiable op: K̄ is symmetric, so the gradient is K̄ applied to the cotangent. */
function kernelApplyHost(v: tf.Tensor2D, sigmas: readonly number[]): tf.Tensor2D {
  const es = checkSigmas(sigmas, 'kernelApply');
  const apply = (src: tf.Tensor, shape: [number, number]): tf.Tensor2D => {
    const x = src.dataSync(),
      acc = new Float64Array(x.length),
      buf = new Float64Array(x.length);
    for (const e of es) {
      buf.set(x);
      kernelApplyInPlace(buf, shape[1], e);
      for (let i = 0; i < acc.length; i++) acc[i] += buf[i];
    }
    const out = new Float32Array(acc.length);
    for (let i = 0; i < acc.length; i++) out[i] = acc[i] / es.length;
    return tf.tensor2d(out, shape);
  };
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const t = args[0] as tf.Tensor2D;
    return { value: apply(t, t.shape), gradFunc: (dy: tf.Tensor) => apply(dy, t.shape) };
  });
  return f(v) as tf.Tensor2D;
}

/**
 * K̄·v per row, K̄ = mean_σ K_σ: v [batch, 2^n] → [batch, 2^n], differentiable. Host butterflies unless tf ops run on
 * a GPU (or `impl` forces one).
 */
export function kernelApply(
  v: tf.Tensor2D,
  sigmas: readonly number[],
  impl: 'auto' | 'ops' | 'host' = 'auto',
): tf.Tensor2D {
  const useOps = impl === 'ops' || (impl === 'auto' && isGpuBackend());
  return useOps ? kernelApplyOps(v, sigmas) : kernelApplyHost(v, sigmas);
}
