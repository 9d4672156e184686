/**
 * A generative task on the visible units of a hidden-unit QNN, shared by the gradient-free and remedy studies:
 * learn a target visible distribution p* (default: ½ on 0…0 and ½ on 1…1, a classical mixture) with the loss
 * KL(p*‖q) (q clipped at ε = 1e-6 as in [R]); success means exact TVD Σ|p* − q| < `successTvd` ([R]'s convention,
 * range [0, 2]). With `shots` > 0 every loss evaluation sees q estimated from that many samples (seeded), and Adam's
 * gradient is a shot-based parameter shift (all-Pauli circuits: ∂ = s·[f(θ + π/4) − f(θ − π/4)] per gate e^{−iθsP}).
 */
import * as tf from '@tensorflow/tfjs';
import { isParamRef } from '../../circuit/circuit';
import { NotSupportedError } from '../../errors';
import { HiddenUnitModel, visibleProbs } from '../../models/hiddenUnit';
import { Rng } from '../../rng';
import { sampleBatch } from '../../state/sample';

export interface VisibleTask {
  target: Float64Array;
  eps: number;
  shots: number;
  successTvd: number;
}

/** ½ on 0…0 and ½ on 1…1 over n visible bits. */
export function ghzTarget(nVisible: number): Float64Array {
  const p = new Float64Array(2 ** nVisible);
  p[0] += 0.5;
  p[p.length - 1] += 0.5;
  return p;
}

export function klHost(p: ArrayLike<number>, q: ArrayLike<number>, eps: number): number {
  let s = 0;
  for (let x = 0; x < p.length; x++) if (p[x] > 0) s += p[x] * Math.log(p[x] / Math.max(q[x], eps));
  return s;
}

/** Σ|p − q| ([R]'s convention, range [0, 2]). */
export function tvdHost(p: ArrayLike<number>, q: ArrayLike<number>): number {
  let s = 0;
  for (let x = 0; x < p.length; x++) s += Math.abs(p[x] - q[x]);
  return s;
}

/** Visible distributions of host rows θ, exact ([R, D_v] Float32, row-major). */
export function visibleRows(model: HiddenUnitModel, xs: ArrayLike<number>[]): Float32Array {
  const P = model.circuit.nParams,
    flat = new Float32Array(xs.length * P);
  xs.forEach((x, r) => flat.set(Array.from(x), r * P));
  return tf.tidy(() => visibleProbs(model, tf.tensor2d(flat, [xs.length, P])).dataSync() as Float32Array);
}

/**
 * The distributions the loss sees: exact, or estimated from `task.shots` samples per row. Below 100 shots the
 * samples are drawn (state/sample.ts); from 100 on, the histogram is drawn from its normal (CLT) approximation with
 * the multinomial covariance (diag q − qqᵀ)/N, clipped at 0 and renormalised: O(D_v) per row instead of O(N).
 */
function observed(q: Float32Array, dv: number, task: VisibleTask, rng: Rng): Float64Array {
  if (task.shots <= 0) return Float64Array.from(q);
  if (task.shots < 100) {
    const { counts } = sampleBatch(q, dv, task.shots, rng);
    return Float64Array.from(counts, (c) => c / task.shots);
  }
  const out = new Float64Array(q.length),
    sq = new Float64Array(dv),
    z = new Float64Array(dv);
  for (let r = 0; r < q.length / dv; r++) {
    let proj = 0,
      sum = 0;
    for (let x = 0; x < dv; x++) {
      sq[x] = Math.sqrt(Math.max(q[r * dv + x], 0));
      z[x] = rng.normal();
      proj += sq[x] * z[x];
    }
    // x = √q ⊙ z − q (√q · z) has covariance diag q − q qᵀ when Σq = 1
    for (let x = 0; x < dv; x++) {
      const v = Math.max(0, q[r * dv + x] + (sq[x] * z[x] - q[r * dv + x] * proj) / Math.sqrt(task.shots));
      out[r * dv + x] = v;
      sum += v;
    }
    for (let x = 0; x < dv; x++) out[r * dv + x] /= sum;
  }
  return out;
}

/** Loss per host row (KL(p*‖q̂), shot-sampled if the task says so). */
export function taskLosses(model: HiddenUnitModel, task: VisibleTask, xs: ArrayLike<number>[], rng: Rng): number[] {
  const dv = task.target.length,
    q = observed(visibleRows(model, xs), dv, task, rng);
  return xs.map((_, r) => klHost(task.target, q.subarray(r * dv, (r + 1) * dv), task.eps));
}

/** Exact KL and TVD of one point. */
export function exactScores(
  model: HiddenUnitModel,
  task: VisibleTask,
  x: ArrayLike<number>,
): { kl: number; tvd: number } {
  const q = visibleRows(model, [x]);
  return { kl: klHost(task.target, q, task.eps), tvd: tvdHost(task.target, q) };
}

/** KL(p*‖q) per row as a tfjs op: q [B, D_v] → [B]. */
export function klTensor(q: tf.Tensor2D, task: VisibleTask): tf.Tensor1D {
  return tf.tidy(() => {
    const p = tf.tensor2d(Float32Array.from(task.target), [1, task.target.length]);
    const mask = tf.greater(p, 0);
    const terms = tf.where(
      mask,
      tf.mul(p, tf.sub(tf.log(tf.maximum(p, 1e-30)), tf.log(tf.maximum(q, task.eps)))),
      tf.zerosLike(q),
    );
    return tf.sum(terms, 1) as tf.Tensor1D;
  });
}

/** Gate scale of every parameter, requiring exactly one `pauli` gate per parameter (shift rule ±π/4). */
function pauliScales(model: HiddenUnitModel): Float64Array {
  const s = new Float64Array(model.circuit.nParams);
  const seen = new Uint8Array(model.circuit.nParams);
  for (const g of model.circuit.gates)
    for (const a of g.params ?? []) {
      if (!isParamRef(a)) continue;
      if (g.kind !== 'pauli' || seen[a.p])
        throw new NotSupportedError(
          `shot gradients need one pauli gate per parameter; parameter ${a.p} of "${model.circuit.name}" is not`,
        );
      seen[a.p] = 1;
      s[a.p] = a.scale ?? 1;
    }
  return s;
}

/** ∇θ KL(p*‖q̂) from shifted circuits, each shifted distribution estimated from `task.shots` samples. */
export function shotGradient(model: HiddenUnitModel, task: VisibleTask, theta: Float64Array, rng: Rng): Float64Array {
  const P = theta.length,
    dv = task.target.length,
    scales = pauliScales(model);
  const q0 = observed(visibleRows(model, [theta]), dv, task, rng);
  const dLdq = Array.from(q0, (q, x) => (q > task.eps ? -task.target[x] / q : 0));
  const rows: Float64Array[] = [];
  for (let k = 0; k < P; k++)
    for (const sh of [Math.PI / 4, -Math.PI / 4]) {
      const r = Float64Array.from(theta);
      r[k] += sh / scales[k]; // the gate angle is s·θ_k
      rows.push(r);
    }
  const q = observed(visibleRows(model, rows), dv, task, rng);
  const g = new Float64Array(P);
  for (let k = 0; k < P; k++) {
    let s = 0;
    for (let x = 0; x < dv; x++) s += dLdq[x] * (q[2 * k * dv + x] - q[(2 * k + 1) * dv + x]);
    g[k] = scales[k] * s; // angle a = s·θ_k: ∂/∂θ_k = s·[f(a + π/4) − f(a − π/4)]
  }
  return g;
}
