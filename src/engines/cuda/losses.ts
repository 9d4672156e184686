/**
 * Losses reduced on the device, so that a training step moves only θ, the per-row losses and ∂L/∂θ across the bus:
 *  - MMD (the V-statistic of exact distributions, losses/mmd.ts): v = q − p, its Walsh–Hadamard transform v̂ in
 *    ⌈n/4⌉ register passes, L = Σ_A w(|A|)·v̂_A² with the kernel's order weights w from the caller (mmdOrderWeights); ∂L/∂q = WHT(2·w⊙v̂) (the transform is symmetric);
 *  - KL(p‖q) with ε clipping, Σ p log p computed once per data tensor on the host (losses/explicit.ts klLoss);
 *  - TVD Σ|q − p| or ½Σ|q − p| (losses/explicit.ts tvdLoss, with tfjs' abs gradient).
 * The data distribution p ([1 or rows, 2^n]) is uploaded once per tensor (one slot: the last one used).
 */
import * as tf from '@tensorflow/tfjs';
import { ShapeError } from '../../errors';
import { arg } from './args';
import { DeviceBuffer } from './driver';
import { Launcher } from './launch';
import { onCudaRelease } from './device';
import { Forward, launcher, session, stateOf } from './runtime';

/**
 * The losses the device reduces; everything else reads probabilities through the engine's `probs`. MMD comes as the
 * weight of each Walsh order |A| = 0..n (losses/mmd.ts mmdOrderWeights), so the engine knows no kernel.
 */
export type DeviceLoss =
  { loss: 'mmd'; orderWeights: Float64Array } | { loss: 'kl'; epsilon: number } | { loss: 'tvd'; half: boolean };

interface DeviceTarget {
  tensor: tf.Tensor2D;
  buf: DeviceBuffer;
  rows: number;
  /** Σ_x p log p per data row (KL's constant part). */
  plogp: Float64Array;
}

let slot: DeviceTarget | null = null;
onCudaRelease(() => {
  if (slot && !slot.buf.freed) session().driver.free(slot.buf);
  slot = null;
});

/** The data distribution on the device (doubles), uploaded unless it is the tensor of the previous call. */
export function deviceTarget(data: tf.Tensor2D, rows: number, dim: number): DeviceTarget {
  const [r, d] = data.shape;
  if (d !== dim || (r !== 1 && r !== rows))
    throw new ShapeError(`cuda loss: data has shape [${data.shape}], expected [1 or ${rows}, ${dim}]`);
  if (slot && slot.tensor === data && !data.isDisposed && !slot.buf.freed) return slot;
  const drv = session().driver;
  if (slot && !slot.buf.freed) drv.free(slot.buf);
  slot = null;
  const p = Float64Array.from(data.dataSync());
  const plogp = new Float64Array(r);
  for (let i = 0; i < r; i++)
    for (let x = 0; x < d; x++) if (p[i * d + x] > 0) plogp[i] += p[i * d + x] * Math.log(p[i * d + x]);
  const buf = drv.alloc(p.byteLength, 'data distribution');
  drv.upload(buf, p);
  slot = { tensor: data, buf, rows: r, plogp };
  return slot;
}

/** In-place unnormalised WHT of every row of v [rows][dim] (doubles). */
function walsh(L: Launcher, v: DeviceBuffer, n: number): void {
  for (let low = 0; low < n; low += 4) {
    const bits = Math.min(4, n - low);
    L.each(`wht${bits}`, L.dim >> bits, [arg.buf(v), arg.u32(L.dim), arg.u32(low)], true);
  }
}

/** v̂ = WHT(|ψ|² − p) in the 'loss workspace', and the order weights on the device. */
function transformedDifference(
  L: Launcher,
  psi: DeviceBuffer,
  t: DeviceTarget,
  weights: Float64Array,
): { v: DeviceBuffer; w: DeviceBuffer } {
  const n = Math.log2(L.dim),
    s = L.session;
  if (weights.length !== n + 1)
    throw new ShapeError(`cuda MMD: ${weights.length} order weights for ${n} qubits (expected ${n + 1})`);
  const v = s.scratch.get('loss workspace', 8 * L.rows * L.dim);
  const w = s.scratch.get('mmd weights', weights.byteLength);
  s.driver.upload(w, weights);
  L.each('born_minus', L.dim, [
    arg.buf(psi),
    arg.buf(t.buf),
    arg.i32(t.rows === 1 ? 1 : 0),
    arg.buf(v),
    arg.u32(L.dim),
  ]);
  walsh(L, v, n);
  return { v, w };
}

/** Per-row losses [rows] of a forward record's Born distribution against the data. */
export function lossValues(f: Forward, data: tf.Tensor2D, spec: DeviceLoss): Float64Array {
  const psi = stateOf(f),
    L = launcher(f),
    s = L.session,
    dim = L.dim;
  const t = deviceTarget(data, f.rows, dim);
  const sums = s.scratch.get('loss values', 8 * f.rows);
  const out = { buffer: sums, offset: 0, stride: 1 };
  const shared = arg.i32(t.rows === 1 ? 1 : 0);
  if (spec.loss === 'mmd') {
    const { v, w } = transformedDifference(L, psi, t, spec.orderWeights);
    L.reduce('mmd_sum', dim, 1, [arg.buf(v), arg.buf(w), arg.u32(dim)], out, true);
  } else if (spec.loss === 'kl')
    L.reduce('kl_sum', dim, 1, [arg.buf(psi), arg.buf(t.buf), shared, arg.f64(spec.epsilon), arg.u32(dim)], out);
  else L.reduce('tvd_sum', dim, 1, [arg.buf(psi), arg.buf(t.buf), shared, arg.u32(dim)], out);
  const host = new Float64Array(f.rows);
  s.driver.download(host, sums);
  if (spec.loss === 'kl') return host.map((x, b) => t.plogp[t.rows === 1 ? 0 : b] - x);
  if (spec.loss === 'tvd' && spec.half) return host.map((x) => x / 2);
  return host;
}

/** Writes λ = 2·(∂L/∂q)⊙ψ for the loss's per-row cotangent dy [rows] (the seed of the adjoint sweep). */
export function seedLoss(
  L: Launcher,
  psi: DeviceBuffer,
  lam: DeviceBuffer,
  data: tf.Tensor2D,
  spec: DeviceLoss,
  dy: Float64Array,
): void {
  const s = L.session,
    dim = L.dim;
  const t = deviceTarget(data, L.rows, dim);
  const g = s.scratch.get('loss cotangent', 8 * L.rows);
  s.driver.upload(g, dy);
  const shared = arg.i32(t.rows === 1 ? 1 : 0);
  if (spec.loss === 'mmd') {
    const { v, w } = transformedDifference(L, psi, t, spec.orderWeights);
    L.each('mmd_cotangent', dim, [arg.buf(v), arg.buf(w), arg.buf(g), arg.u32(dim)], true);
    walsh(L, v, Math.log2(dim));
    L.each('seed_dq', dim, [arg.buf(psi), arg.buf(v), arg.buf(lam), arg.u32(dim)]);
  } else if (spec.loss === 'kl')
    L.each('kl_seed', dim, [
      arg.buf(psi),
      arg.buf(t.buf),
      shared,
      arg.f64(spec.epsilon),
      arg.buf(g),
      arg.buf(lam),
      arg.u32(dim),
    ]);
  else
    L.each('tvd_seed', dim, [
      arg.buf(psi),
      arg.buf(t.buf),
      shared,
      arg.f64(spec.half ? 0.5 : 1),
      arg.buf(g),
      arg.buf(lam),
      arg.u32(dim),
    ]);
}
