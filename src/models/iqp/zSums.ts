/**
 * The hot op of the IQP estimator: for θ [B, m] and sampled (z, a), the phases Φ_bza = Σ_j 2θ_bj s_zj t_aj and their
 * sums over z, C1 = Σ_z cos Φ and C2 = Σ_z cos² Φ, as [B, 2, N_a] (C1 in row 0, C2 in row 1), differentiable in θ.
 * Two implementations behind one function, tested against each other:
 *  - 'tensor': tf ops, Φ = (S ∘ 2θ) · Tᵀ as one matMul per z chunk — runs unchanged on GPU backends;
 *  - 'cpu': one tf.customGrad over typed arrays that visits only the generators with t_aj = 1 (a's odd overlaps), so
 *    its cost is N_z·Σ_a|J_a| rather than N_z·N_a·m: with wide kernels (σ ∝ n, few bits per a) far below the GEMM;
 *    with ≤ 2-body generators it uses the local-field kernel of twoBody.ts, N_z·(2|E| + Σ_a |a|²).
 */
import * as tf from '@tensorflow/tfjs';
import { isGpuBackend } from '../../backend/backend';
import { ShapeError } from '../../errors';
import { OddOverlaps } from './tables';
import { localField, TwoBodyTables, twoBodyBackward, twoBodyPhases } from './twoBody';

export interface CorrelatorTables {
  /** Generators m (columns of θ). */
  nGenerators: number;
  /** z samples N_z. */
  nZ: number;
  /** s_zj = (−1)^{g_j·z}, generator-major [m × N_z]. */
  signs: Int8Array;
  /** Per mask a (N_a of them), the generators with odd overlap. */
  odd: OddOverlaps;
  /** Spin and mask tables of the faster CPU kernel, when every generator is 1- or 2-body (twoBody.ts). */
  twoBody?: TwoBodyTables | null;
}

export type ZSumsPath = 'tensor' | 'cpu' | 'auto';

/** Entries of one matMul output (B·chunk × N_a) or operand on the tensor path: 2^24 floats = 64 MB. */
const CHUNK_ENTRIES = 1 << 24;
/** Phases the CPU path keeps for its backward pass (Float64); past this it recomputes them. */
const STORE_PHASES = 1 << 25;

const nA = (t: CorrelatorTables) => t.odd.offsets.length - 1;

/** 'cpu' on backends whose ops run on the CPU, 'tensor' on GPU backends (and for 'tensor' asked explicitly). */
export function resolveZSumsPath(path: ZSumsPath): 'tensor' | 'cpu' {
  return path !== 'auto' ? path : isGpuBackend(tf.getBackend()) ? 'tensor' : 'cpu';
}

/** [B, 2, N_a]: Σ_z cos Φ_bza and Σ_z cos² Φ_bza. */
export function zCosineSums(theta: tf.Tensor2D, t: CorrelatorTables, path: ZSumsPath = 'auto'): tf.Tensor3D {
  if (theta.shape[1] !== t.nGenerators) throw new ShapeError(`zCosineSums: θ has ${theta.shape[1]} columns, the model ${t.nGenerators} generators`);
  if (t.signs.length !== t.nGenerators * t.nZ) throw new ShapeError(`zCosineSums: sign table has ${t.signs.length} entries, expected ${t.nGenerators}·${t.nZ}`);
  return resolveZSumsPath(path) === 'tensor' ? tensorSums(theta, t) : cpuSums(t)(theta);
}

/** Dense T [N_a, m] (0/1) of the odd overlaps. */
function overlapMatrix(t: CorrelatorTables): Float32Array {
  const m = t.nGenerators, out = new Float32Array(nA(t) * m);
  for (let a = 0; a < nA(t); a++) for (let k = t.odd.offsets[a]; k < t.odd.offsets[a + 1]; k++) out[a * m + t.odd.gens[k]] = 1;
  return out;
}

function tensorSums(theta: tf.Tensor2D, t: CorrelatorTables): tf.Tensor3D {
  const m = t.nGenerators, N = t.nZ, Na = nA(t), B = theta.shape[0];
  const chunk = Math.max(1, Math.min(N, Math.floor(CHUNK_ENTRIES / (B * Math.max(m, Na)))));
  return tf.tidy(() => {
    const T = tf.tensor2d(overlapMatrix(t), [Na, m]);
    const twoTheta = tf.reshape(tf.mul(theta, 2), [B, 1, m]);
    let c1: tf.Tensor = tf.zeros([B, Na]), c2: tf.Tensor = tf.zeros([B, Na]);
    for (let z0 = 0; z0 < N; z0 += chunk) {
      const len = Math.min(chunk, N - z0), s = new Float32Array(len * m);
      for (let j = 0; j < m; j++) for (let r = 0; r < len; r++) s[r * m + j] = t.signs[j * N + z0 + r];
      const M = tf.reshape(tf.mul(tf.tensor3d(s, [1, len, m]), twoTheta), [B * len, m]);
      const cos = tf.reshape(tf.cos(tf.matMul(M, T, false, true)), [B, len, Na]);
      c1 = tf.add(c1, tf.sum(cos, 1));
      c2 = tf.add(c2, tf.sum(tf.square(cos), 1));
    }
    return tf.stack([c1, c2], 1) as tf.Tensor3D;
  });
}

/** φ[z] = Σ_{j∈J_a} 2θ_j s_zj for one (row of θ, mask a), into `phi` [N_z]: the generic sparse kernel. */
function sparsePhases(th: Float64Array, t: CorrelatorTables, a: number, phi: Float64Array): void {
  const N = t.nZ, S = t.signs;
  phi.fill(0);
  for (let k = t.odd.offsets[a]; k < t.odd.offsets[a + 1]; k++) {
    const j = t.odd.gens[k], c = 2 * th[j], base = j * N;
    for (let z = 0; z < N; z++) phi[z] += c * S[base + z];
  }
}

/** Adds Σ_z G(z)·∂Φ_za/∂θ over masks to `grad` with the generic sparse kernel (∂Φ_za/∂θ_j = 2 s_zj on J_a). */
function sparseBackward(t: CorrelatorTables, fill: (a: number, G: Float64Array) => boolean, grad: Float64Array): void {
  const N = t.nZ, G = new Float64Array(N);
  for (let a = 0; a < nA(t); a++) {
    if (!fill(a, G)) continue;
    for (let k = t.odd.offsets[a]; k < t.odd.offsets[a + 1]; k++) {
      const j = t.odd.gens[k], base = j * N;
      let acc = 0;
      for (let z = 0; z < N; z++) acc += G[z] * t.signs[base + z];
      grad[j] += 2 * acc;
    }
  }
}

/** The phase kernel of one θ row: the two-body kernel when the tables have one, else the sparse kernel. */
function phaseKernel(t: CorrelatorTables, th: Float64Array): (a: number, phi: Float64Array) => void {
  const tb = t.twoBody;
  if (!tb) return (a, phi) => sparsePhases(th, t, a, phi);
  const F = new Float64Array(tb.nQubits * tb.nZ);
  localField(tb, th, F);
  return (a, phi) => twoBodyPhases(tb, th, F, a, phi);
}

function cpuSums(t: CorrelatorTables): (theta: tf.Tensor2D) => tf.Tensor3D {
  const m = t.nGenerators, N = t.nZ, Na = nA(t);
  return tf.customGrad((...args) => {
    const theta = args[0] as tf.Tensor2D, B = theta.shape[0], all = Float64Array.from(theta.dataSync());
    const rowOf = (b: number) => all.subarray(b * m, (b + 1) * m);
    const keep = B * Na * N <= STORE_PHASES ? new Float64Array(B * Na * N) : null, phi = new Float64Array(N);
    const out = new Float32Array(B * 2 * Na);
    for (let b = 0; b < B; b++) {
      const phases = phaseKernel(t, rowOf(b));
      for (let a = 0; a < Na; a++) {
        const f = keep ? keep.subarray((b * Na + a) * N, (b * Na + a + 1) * N) : phi;
        phases(a, f);
        let s1 = 0, s2 = 0;
        for (let z = 0; z < N; z++) {
          const c = Math.cos(f[z]);
          s1 += c;
          s2 += c * c;
        }
        out[b * 2 * Na + a] = s1;
        out[b * 2 * Na + Na + a] = s2;
      }
    }
    return {
      value: tf.tensor3d(out, [B, 2, Na]),
      gradFunc: (dy: tf.Tensor) => {
        // G_za = ∂L/∂Φ_za = −sin Φ·(dC1_a + 2 cos Φ·dC2_a)   (∂C1/∂Φ = −sin Φ, ∂C2/∂Φ = −2 cos Φ sin Φ)
        const g = dy.dataSync(), grad = new Float64Array(B * m);
        for (let b = 0; b < B; b++) {
          const phases = keep ? null : phaseKernel(t, rowOf(b)), gb = grad.subarray(b * m, (b + 1) * m);
          const fill = (a: number, G: Float64Array): boolean => {
            const d1 = g[b * 2 * Na + a], d2 = g[b * 2 * Na + Na + a];
            if (d1 === 0 && d2 === 0) return false;
            let f = phi;
            if (keep) f = keep.subarray((b * Na + a) * N, (b * Na + a + 1) * N);
            else phases!(a, phi);
            for (let z = 0; z < N; z++) G[z] = -Math.sin(f[z]) * (d1 + 2 * Math.cos(f[z]) * d2);
            return true;
          };
          if (t.twoBody) twoBodyBackward(t.twoBody, Na, fill, gb);
          else sparseBackward(t, fill, gb);
        }
        return tf.tensor2d(Float32Array.from(grad), [B, m]);
      },
    };
  }) as (theta: tf.Tensor2D) => tf.Tensor3D;
}
