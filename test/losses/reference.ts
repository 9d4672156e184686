/**
 * Plain Float64 references for the loss tests, written from the definitions (SCIENCE.md §2) with loops over bitstrings
 * and a dense 2^n × 2^n kernel matrix; nothing here imports src/losses. Only for n ≤ 8.
 */
import { createRng } from '../../src/rng';
import { Circuit } from '../../src/circuit/circuit';
import { C, denseState } from '../reference/dense';

/** Random distributions over 2^n outcomes; `zeros` is the fraction of entries set exactly to 0. */
export function randomDists(seed: string, n: number, rows: number, zeros = 0): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: rows }, () => {
    const v = Array.from({ length: 2 ** n }, () => (rng.uniform() < zeros ? 0 : rng.uniform() ** 2));
    if (!v.some((x) => x > 0)) v[0] = 1;
    const s = v.reduce((a, b) => a + b, 0);
    return v.map((x) => x / s);
  });
}

/** The float32 values a tensor would hold, as Float64 numbers (so references see the same inputs). */
export const f32 = (v: number[]): number[] => Array.from(Float32Array.from(v));

const clip = (x: number, eps: number) => Math.max(x, eps);

export function refKl(q: number[], p: number[], eps: number): number {
  let s = 0;
  for (let x = 0; x < p.length; x++) if (p[x] > 0) s += p[x] * Math.log(p[x] / clip(q[x], eps));
  return s;
}

export function refReverseKl(q: number[], p: number[], eps: number): number {
  let s = 0;
  for (let x = 0; x < p.length; x++) if (q[x] > 0) s += q[x] * Math.log(clip(q[x], eps) / clip(p[x], eps));
  return s;
}

export function refJs(q: number[], p: number[]): number {
  let s = 0;
  for (let x = 0; x < p.length; x++) {
    const m = (p[x] + q[x]) / 2;
    if (p[x] > 0) s += 0.5 * p[x] * Math.log(p[x] / m);
    if (q[x] > 0) s += 0.5 * q[x] * Math.log(q[x] / m);
  }
  return s;
}

export function refTvd(q: number[], p: number[]): number {
  return p.reduce((s, px, x) => s + Math.abs(px - q[x]), 0);
}

export function refFidelity(q: number[], p: number[]): number {
  return 1 - p.reduce((s, px, x) => s + Math.sqrt(px * q[x]), 0);
}

export function refRenyi(q: number[], p: number[], alpha: number, eps: number): number {
  let s = 0;
  for (let x = 0; x < p.length; x++) if (p[x] > 0) s += p[x] ** alpha * clip(q[x], eps) ** (1 - alpha);
  return Math.log(s) / (alpha - 1);
}

const hamming = (x: number, y: number) => {
  let d = 0;
  for (let z = x ^ y; z; z >>>= 1) d += z & 1;
  return d;
};

/** Dense averaged kernel matrix K̄[x][y] = mean_σ exp(−|x − y|²/(2σ)), with |x − y|² the Hamming distance. */
export function denseKernel(n: number, sigmas: number[]): number[][] {
  const dim = 2 ** n;
  return Array.from({ length: dim }, (_, x) =>
    Array.from(
      { length: dim },
      (_, y) => sigmas.reduce((s, sg) => s + Math.exp(-hamming(x, y) / (2 * sg)), 0) / sigmas.length,
    ),
  );
}

export function quad(K: number[][], a: number[], b: number[]): number {
  let s = 0;
  for (let x = 0; x < a.length; x++) for (let y = 0; y < b.length; y++) s += a[x] * K[x][y] * b[y];
  return s;
}

/** MMD² = E_qq K − 2E_qp K + E_pp K with a dense kernel. */
export function refMmd(q: number[], p: number[], K: number[][]): number {
  return quad(K, q, q) - 2 * quad(K, q, p) + quad(K, p, p);
}

/** P(qubit i = 0) per qubit (qubit 0 = most significant bit). */
export function zeroMarginals(probs: number[], n: number): number[] {
  return Array.from({ length: n }, (_, i) =>
    probs.reduce((s, v, x) => s + (((x >> (n - 1 - i)) & 1) === 0 ? v : 0), 0),
  );
}

export function relDiff(a: number, b: number, floor = 1e-12): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), floor);
}

/** Dense references of L_QF and L_LQF for one parameter row. */
export function refQuantum(circuit: Circuit, theta: number[], data: number[]): { qf: number; lqf: number } {
  const n = circuit.nQubits,
    dim = 2 ** n;
  const cols = Array.from({ length: dim }, (_, j) =>
    denseState(
      circuit,
      theta,
      Array.from({ length: dim }, (_, i): C => [i === j ? 1 : 0, 0]),
    ),
  );
  const phi = data.map(Math.sqrt);
  // ⟨φ|ψ⟩ with ψ = U|0⟩ = column 0 (φ real)
  const ov = cols[0].reduce((s, [re, im], x) => [s[0] + phi[x] * re, s[1] + phi[x] * im], [0, 0]);
  // χ_j = (U†φ)_j = Σ_x conj(U_{xj}) φ_x
  const chi = cols.map((col) => col.reduce((s, [re, im], x) => [s[0] + re * phi[x], s[1] - im * phi[x]], [0, 0]));
  const chiProbs = chi.map(([re, im]) => re * re + im * im);
  const lqf = 1 - zeroMarginals(chiProbs, n).reduce((s, v) => s + v, 0) / n;
  return { qf: 1 - ov[0] ** 2 - ov[1] ** 2, lqf };
}
