/**
 * Quantum relative entropy S(σ‖ρ) = Tr σ ln σ − Tr σ ln ρ of batched density matrices [B, d, d], as one tfjs op that
 * is differentiable in ρ (σ is a fixed target). tfjs has no matrix logarithm, so value and gradient come from the
 * host eigensolver: with ρ = U diag(λ) U†, the derivative of −Tr σ ln ρ is −G, G = U (F ⊙ U†σU) U†, where
 * F_ij = (ln λ_i − ln λ_j)/(λ_i − λ_j) and F_ii = 1/λ_i (Daleckii–Krein formula for the Fréchet derivative of ln).
 * Eigenvalues of ρ are clipped at `eps` (default 1e-8) so that rank-deficient ρ gives a large, finite value.
 */
import * as tf from '@tensorflow/tfjs';
import { ShapeError } from '../errors';
import { eigHermitian, eigvalsHermitian } from '../linalg/eigh';
import { DensityBatch } from './entanglement';
import { spectrumEntropy } from './entanglement';

interface HostMat {
  re: Float64Array;
  im: Float64Array;
}

/** X†·Y·X for d×d row-major complex host matrices (X† Y X with the dagger on the left factor). */
function sandwich(x: HostMat, y: HostMat, d: number, daggerLeft: boolean): HostMat {
  // daggerLeft: X†YX; otherwise X Y X†
  const get = (m: HostMat, i: number, j: number, dag: boolean): [number, number] =>
    dag ? [m.re[j * d + i], -m.im[j * d + i]] : [m.re[i * d + j], m.im[i * d + j]];
  const mul = (
    a: (i: number, j: number) => [number, number],
    b: (i: number, j: number) => [number, number],
  ): HostMat => {
    const out = { re: new Float64Array(d * d), im: new Float64Array(d * d) };
    for (let i = 0; i < d; i++)
      for (let k = 0; k < d; k++) {
        const [ar, ai] = a(i, k);
        if (ar === 0 && ai === 0) continue;
        for (let j = 0; j < d; j++) {
          const [br, bi] = b(k, j);
          out.re[i * d + j] += ar * br - ai * bi;
          out.im[i * d + j] += ar * bi + ai * br;
        }
      }
    return out;
  };
  const first = mul(
    (i, j) => get(x, i, j, daggerLeft),
    (i, j) => get(y, i, j, false),
  );
  return mul(
    (i, j) => get(first, i, j, false),
    (i, j) => get(x, i, j, !daggerLeft),
  );
}

/**
 * S(σ‖ρ) per row: σ [1 or B, d, d] (constant), ρ [B, d, d] → [B], differentiable in ρ.
 */
export function quantumRelativeEntropy(
  sigma: DensityBatch,
  rho: DensityBatch,
  opts: { eps?: number } = {},
): tf.Tensor1D {
  const eps = opts.eps ?? 1e-8;
  const [B, d] = rho.re.shape;
  const sb = sigma.re.shape[0];
  if (sigma.re.shape[1] !== d || (sb !== 1 && sb !== B))
    throw new ShapeError(`quantumRelativeEntropy: σ is [${sigma.re.shape}], ρ is [${rho.re.shape}]`);
  const sRe = Float64Array.from(sigma.re.dataSync()),
    sIm = Float64Array.from(sigma.im.dataSync());
  const sig = (b: number): HostMat => {
    const o = (sb === 1 ? 0 : b) * d * d;
    return { re: sRe.subarray(o, o + d * d), im: sIm.subarray(o, o + d * d) };
  };
  const negEntropySigma = Array.from(
    { length: sb },
    (_, b) => -spectrumEntropy(eigvalsHermitian(sig(b).re, sig(b).im, d)),
  );
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const rRe = (args[0] as tf.Tensor).dataSync(),
      rIm = (args[1] as tf.Tensor).dataSync();
    const value = new Float32Array(B);
    const grads: HostMat[] = [];
    for (let b = 0; b < B; b++) {
      const e = eigHermitian(rRe.subarray(b * d * d, (b + 1) * d * d), rIm.subarray(b * d * d, (b + 1) * d * d), d, {
        vectors: true,
      });
      const u = { re: e.vectorsRe!, im: e.vectorsIm! };
      const lam = Array.from(e.values, (l) => Math.max(l, eps)),
        ln = lam.map(Math.log);
      const s = sandwich(u, sig(b), d, true); // U†σU
      let cross = 0;
      for (let k = 0; k < d; k++) cross += ln[k] * s.re[k * d + k];
      value[b] = negEntropySigma[sb === 1 ? 0 : b] - cross;
      const w: HostMat = { re: new Float64Array(d * d), im: new Float64Array(d * d) };
      for (let i = 0; i < d; i++)
        for (let j = 0; j < d; j++) {
          const fij =
            Math.abs(lam[i] - lam[j]) > 1e-12 * Math.max(lam[i], lam[j])
              ? (ln[i] - ln[j]) / (lam[i] - lam[j])
              : 1 / lam[i];
          w.re[i * d + j] = fij * s.re[i * d + j];
          w.im[i * d + j] = fij * s.im[i * d + j];
        }
      grads.push(sandwich(u, w, d, false)); // G = U W U†
    }
    return {
      value: tf.tensor1d(value),
      gradFunc: (dy: tf.Tensor) => {
        const g = dy.dataSync(),
          gr = new Float32Array(B * d * d),
          gi = new Float32Array(B * d * d);
        // ∂(−Tr σ ln ρ)/∂Re ρ = −Re G, ∂/∂Im ρ = −Im G (G Hermitian)
        grads.forEach((G, b) => {
          for (let k = 0; k < d * d; k++) {
            gr[b * d * d + k] = -g[b] * G.re[k];
            gi[b * d * d + k] = -g[b] * G.im[k];
          }
        });
        return [tf.tensor3d(gr, [B, d, d]), tf.tensor3d(gi, [B, d, d])];
      },
    };
  });
  return f(rho.re, rho.im) as tf.Tensor1D;
}
