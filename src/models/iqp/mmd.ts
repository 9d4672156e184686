/**
 * MMD² between data p and an IQP model q_θ without any 2^n object (SCIENCE.md §2, §6):
 *   MMD²_σ = E_{a ~ P_σ} (⟨Z_a⟩_p − ⟨Z_a⟩_θ)²,  a's bits iid Bernoulli(p_σ), p_σ = (1 − e^{−1/(2σ)})/2,
 *   ⟨Z_a⟩_θ = E_{z ~ uniform} cos(Σ_j 2θ_j (−1)^{g_j·z} (g_j·a mod 2)),  ⟨Z_a⟩_p = Σ_x p(x)(−1)^{x·a} (exact, from data).
 * Several bandwidths average their kernels: the a's are stratified, N_a/S per σ. The square is estimated without bias
 * by the U-statistic over z: with d_z = ⟨Z_a⟩_p − cos Φ_za, (1/(N(N−1))) Σ_{z≠z'} d_z d_z' = d̄² − s²_d/N — the mean
 * of the products of independent single-z estimates over all pairs of distinct draws. Masks a = 0 contribute exactly
 * 0 (both correlators are 1) and are skipped, but still counted. Differentiable in θ; any tfjs backend.
 */
import * as tf from '@tensorflow/tfjs';
import { BitRows, WeightedRows, zCorrelators } from '../../data/bitRows';
import { ConfigError, ShapeError } from '../../errors';
import { Rng } from '../../rng';
import { checkMemory, memoryBudget, MemoryBudget } from '../../memory';
import { Generators } from './generators';
import { allRows, bernoulliRows, kernelFlipProbability, oddOverlaps, selectRows, signTable, uniformRows } from './tables';
import { twoBodyTables } from './twoBody';
import { CorrelatorTables, zCosineSums, ZSumsPath } from './zSums';

export interface MmdSampleCounts {
  /** Bitmasks a per estimate, split evenly over the bandwidths. */
  a: number;
  /** z samples per estimate. */
  z: number;
}

/** One draw of everything an estimate needs: the tables of the non-zero masks, their data correlators and weights. */
export interface MmdDraw {
  tables: CorrelatorTables;
  /** The kept (non-zero) masks. */
  masks: BitRows;
  /** ⟨Z_a⟩_p of the kept masks. */
  dataCorrelators: Float64Array;
  /** Weight of each kept mask in the average (1/(S·N_σ) for sampled masks, the kernel weight when enumerated). */
  weights: Float64Array;
  /** 'u': z sampled, unbiased square; 'plain': z enumerated (the mean over z is exact). */
  square: 'u' | 'plain';
  /** Masks drawn in all (zeros included). */
  drawn: number;
}

/**
 * Bytes one estimate needs at most, for θ with `batch` rows: host tables (signs m·N_z, the odd-overlap lists bounded by
 * N_a·m, the two-body spins, fields and sums 3·n·N_z Float64, stored phases B·N_a·N_z Float64) and the tensor path's
 * operands (S and T in float32, the [B·N_z, N_a] phases and their cosines, kept by the tape). Nothing grows with 2^n.
 */
export function mmdDrawBytes(g: Generators, counts: MmdSampleCounts, batch = 1, path: 'cpu' | 'tensor' = 'cpu'): number {
  const { a, z } = counts, m = g.count, n = g.nQubits;
  const host = z * m + 4 * a * Math.min(m, 64 + m) + 24 * n * z + 8 * batch * a * z;
  return path === 'cpu' ? host : host + 4 * (z * m + a * m) + 4 * 4 * batch * z * a;
}

/** The memory budget of one estimate (memory.ts): free memory with its margin, capped by PLATEAU_IQP_MAX_BYTES when set. */
export function mmdByteBudget(): MemoryBudget {
  return memoryBudget('PLATEAU_IQP_MAX_BYTES');
}

/** Refuses, before anything is allocated, an estimate that would need more than the budget, naming the bytes. */
export function checkMmdBudget(g: Generators, counts: MmdSampleCounts, batch = 1, path: 'cpu' | 'tensor' = 'cpu'): void {
  checkMemory(`iqp mmd: ${counts.a} masks × ${counts.z} z samples × ${g.count} generators (batch ${batch}, ${path} path)`, [{ what: 'the Monte-Carlo tables', bytes: mmdDrawBytes(g, counts, batch, path) }], mmdByteBudget());
}

/** Draws masks (stratified over σ) and z rows from `rng`, and reads the data side. */
export function drawMmd(g: Generators, data: WeightedRows, sigmas: readonly number[], counts: MmdSampleCounts, rng: Rng): MmdDraw {
  const n = g.nQubits, S = sigmas.length;
  if (data.rows.nQubits !== n) throw new ShapeError(`iqp mmd: data have ${data.rows.nQubits} qubits, the model ${n}`);
  if (S === 0) throw new ConfigError('iqp mmd: at least one bandwidth is needed');
  if (!(Number.isInteger(counts.a) && counts.a >= S)) throw new ConfigError(`iqp mmd: need at least one mask a per bandwidth (${S}), got ${counts.a}`);
  if (!(Number.isInteger(counts.z) && counts.z >= 2)) throw new ConfigError(`iqp mmd: the unbiased square needs at least 2 z samples, got ${counts.z}`);
  checkMmdBudget(g, counts);
  const z = uniformRows(n, counts.z, rng);
  const keep: BitRows[] = [], weights: number[] = [];
  sigmas.forEach((sigma, s) => {
    const Ns = Math.floor(counts.a / S) + (s < counts.a % S ? 1 : 0);
    const a = bernoulliRows(n, Ns, kernelFlipProbability(sigma), rng);
    const nonzero: number[] = [];
    for (let r = 0; r < Ns; r++) if (a.bits.subarray(r * a.words, (r + 1) * a.words).some((w) => w !== 0)) nonzero.push(r);
    keep.push(selectRows(a, nonzero));
    for (const _ of nonzero) weights.push(1 / (S * Ns));
  });
  const masks = concatRows(keep, n);
  return {
    tables: { nGenerators: g.count, nZ: counts.z, signs: signTable(g, z), odd: oddOverlaps(g, masks), twoBody: twoBodyTables(g, z, masks) },
    masks, dataCorrelators: zCorrelators(data, masks), weights: Float64Array.from(weights), square: 'u', drawn: counts.a,
  };
}

/**
 * The exact MMD² as a draw: every z and every mask enumerated, masks weighted by the kernel, mean_σ (1 − p_σ)^{n−|A|}
 * p_σ^{|A|}. O(4^n) work: a reference for n ≤ 10, not a method.
 */
export function exactMmdDraw(g: Generators, data: WeightedRows, sigmas: readonly number[]): MmdDraw {
  const n = g.nQubits;
  if (n > 12) throw new ShapeError(`exactMmdDraw: 4^${n} terms; the enumeration is a reference for n ≤ 12`);
  const ps = sigmas.map(kernelFlipProbability), all = allRows(n), keep: number[] = [], weights: number[] = [];
  for (let x = 1; x < 2 ** n; x++) {
    let k = 0;
    for (let v = x; v; v &= v - 1) k++;
    keep.push(x);
    weights.push(ps.reduce((acc, p) => acc + (1 - p) ** (n - k) * p ** k, 0) / ps.length);
  }
  const masks = selectRows(all, keep);
  return {
    tables: { nGenerators: g.count, nZ: 2 ** n, signs: signTable(g, all), odd: oddOverlaps(g, masks), twoBody: twoBodyTables(g, all, masks) },
    masks, dataCorrelators: zCorrelators(data, masks), weights: Float64Array.from(weights), square: 'plain', drawn: 2 ** n,
  };
}

function concatRows(parts: BitRows[], n: number): BitRows {
  const rows = parts.reduce((s, p) => s + p.rows, 0), words = Math.ceil(n / 32), bits = new Uint32Array(rows * words);
  let o = 0;
  for (const p of parts) {
    bits.set(p.bits, o);
    o += p.bits.length;
  }
  return { nQubits: n, rows, words, bits };
}

/** Model correlator estimates ⟨Z_a⟩_θ for the draw's masks, [B, N_a'] (the z-mean of cos Φ). Differentiable. */
export function modelCorrelators(theta: tf.Tensor2D, d: MmdDraw, path: ZSumsPath = 'auto'): tf.Tensor2D {
  return tf.tidy(() => tf.div(tf.squeeze(tf.slice(zCosineSums(theta, d.tables, path), [0, 0, 0], [-1, 1, -1]), [1]), d.tables.nZ) as tf.Tensor2D);
}

/** The MMD² estimate per row of θ [B, m] → [B], differentiable in θ (unbiased for sampled draws, exact for exactMmdDraw). */
export function iqpMmd(theta: tf.Tensor2D, d: MmdDraw, path: ZSumsPath = 'auto'): tf.Tensor1D {
  const Na = d.weights.length, N = d.tables.nZ;
  if (Na === 0) return tf.zeros([theta.shape[0]]);
  return tf.tidy(() => {
    const sums = zCosineSums(theta, d.tables, path);
    const c1 = tf.squeeze(tf.slice(sums, [0, 0, 0], [-1, 1, -1]), [1]), c2 = tf.squeeze(tf.slice(sums, [0, 1, 0], [-1, 1, -1]), [1]);
    const p = tf.tensor2d(Float32Array.from(d.dataCorrelators), [1, Na]), w = tf.tensor2d(Float32Array.from(d.weights), [Na, 1]);
    const mean = tf.sub(p, tf.div(c1, N)); // d̄ = ⟨Z_a⟩_p − (1/N)Σ_z cos Φ
    let sq: tf.Tensor = tf.square(mean);
    // sample variance of d_z = of cos Φ_z: (C2 − C1²/N)/(N − 1); the U-statistic is d̄² − s²/N
    if (d.square === 'u') sq = tf.sub(sq, tf.div(tf.sub(c2, tf.div(tf.square(c1), N)), N * (N - 1)));
    return tf.reshape(tf.matMul(sq, w), [-1]) as tf.Tensor1D;
  });
}

/**
 * A draw over given masks (no zeros) with given weights and sampled z: iqpMmd then estimates Σ_a w_a (⟨Z_a⟩_p −
 * ⟨Z_a⟩_θ)² without bias — e.g. the k-body correlator error, with every |A| = k mask at weight 1.
 */
export function maskDraw(g: Generators, masks: BitRows, dataCorrelators: Float64Array, weights: Float64Array, zCount: number, rng: Rng): MmdDraw {
  if (!(Number.isInteger(zCount) && zCount >= 2)) throw new ConfigError(`iqp mmd: the unbiased square needs at least 2 z samples, got ${zCount}`);
  const z = uniformRows(g.nQubits, zCount, rng);
  return {
    tables: { nGenerators: g.count, nZ: zCount, signs: signTable(g, z), odd: oddOverlaps(g, masks), twoBody: twoBodyTables(g, z, masks) },
    masks, dataCorrelators, weights, square: 'u', drawn: masks.rows,
  };
}
