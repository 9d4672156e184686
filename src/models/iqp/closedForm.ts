/**
 * Exact ⟨Z_a⟩_θ of IQP models whose generators are all 1- or 2-body, at any n, with no z sampling. Write u = (−1)^z.
 * For a mask a with set qubits A, only generators with odd overlap enter the phase: singles i ∈ A and pairs {i, k} with
 * i ∈ A, k ∉ A, so Φ = Σ_{i∈A} 2θ_i u_i + Σ_{k∉A} u_k c_k(u_A), c_k = Σ_{i∈A, {i,k}} 2θ_ik u_i. Each u_k (k ∉ A) appears
 * once and linearly, and E_u cos(x + y·u) = cos x · cos y for a uniform sign u, so
 *   ⟨Z_a⟩ = E_{u_A ∈ {±1}^|A|} cos(Σ_{i∈A} 2θ_i u_i) · Π_{k∉A} cos c_k(u_A)
 * — 2^{|A|−1} terms (u → −u leaves each unchanged), O(2^{|A|}·|A|·degree) per mask. Host Float64, gradients by hand.
 * This is the noise-free reference at large n for low-body masks (σ ∝ n); k ≥ 3-body generators need the MC route.
 */
import { BitRows, getBit } from '../../data/bitRows';
import { NotSupportedError, ShapeError } from '../../errors';
import { Generators, incidence } from './generators';

/** Largest mask weight enumerated (2^19 sign patterns). */
export const MAX_EXACT_MASK_WEIGHT = 20;

/** Throws unless every generator has 1 or 2 qubits. */
export function requireTwoBody(g: Generators, who: string): void {
  for (let j = 0; j < g.count; j++)
    if (g.offsets[j + 1] - g.offsets[j] > 2) throw new NotSupportedError(`${who}: the closed form needs generators of at most 2 qubits; generator ${j} has ${g.offsets[j + 1] - g.offsets[j]} (use the Monte-Carlo estimator)`);
}

export interface ExactCorrelators {
  /** ⟨Z_a⟩_θ per mask, [N_a]. */
  values: Float64Array;
  /** Σ_a dq_a ∂⟨Z_a⟩/∂θ, [m], when dq was given. */
  grad: Float64Array | null;
}

/**
 * ⟨Z_a⟩_θ for every row of `masks` and, with `dq` [N_a], the vector–Jacobian product Σ_a dq_a ∇_θ⟨Z_a⟩.
 * θ is one parameter vector [m].
 */
export function exactCorrelators(g: Generators, theta: ArrayLike<number>, masks: BitRows, dq?: ArrayLike<number>): ExactCorrelators {
  requireTwoBody(g, 'exactCorrelators');
  if (theta.length !== g.count) throw new ShapeError(`exactCorrelators: θ has ${theta.length} entries, the model ${g.count} generators`);
  if (masks.nQubits !== g.nQubits) throw new ShapeError(`exactCorrelators: masks have ${masks.nQubits} qubits, the model ${g.nQubits}`);
  const n = g.nQubits, inc = incidence(g), values = new Float64Array(masks.rows), grad = dq ? new Float64Array(g.count) : null;
  const inA = new Int32Array(n).fill(-1), acc = new Float64Array(n), slot = new Int32Array(n).fill(-1);
  for (let r = 0; r < masks.rows; r++) {
    const A: number[] = [];
    for (let q = 0; q < n; q++) if (getBit(masks, r, q)) A.push(q);
    const w = A.length;
    if (w === 0) {
      values[r] = 1;
      continue;
    }
    if (w > MAX_EXACT_MASK_WEIGHT) throw new NotSupportedError(`exactCorrelators: mask ${r} has weight ${w} > ${MAX_EXACT_MASK_WEIGHT} (2^${w - 1} sign patterns); use the Monte-Carlo estimator`);
    A.forEach((q, s) => (inA[q] = s));
    // the generators with odd overlap: singles of A (coefficient on u_i) and pairs leaving A (coefficient on u_i·u_k)
    const single = new Float64Array(w).fill(NaN), singleGen = new Int32Array(w).fill(-1);
    const pairFrom: number[] = [], pairTo: number[] = [], pairGen: number[] = [], outside: number[] = [];
    A.forEach((i, s) => {
      for (let t = inc.offsets[i]; t < inc.offsets[i + 1]; t++) {
        const j = inc.gens[t], a = g.offsets[j], b = g.offsets[j + 1];
        if (b - a === 1) {
          single[s] = 2 * theta[j];
          singleGen[s] = j;
          continue;
        }
        const k = g.qubits[a] === i ? g.qubits[a + 1] : g.qubits[a];
        if (inA[k] >= 0) continue; // both ends in A: even overlap
        if (slot[k] < 0) {
          slot[k] = outside.length;
          outside.push(k);
        }
        pairFrom.push(s);
        pairTo.push(slot[k]);
        pairGen.push(j);
      }
    });
    const K = outside.length, cosK = new Float64Array(K), pre = new Float64Array(K + 1), suf = new Float64Array(K + 1), u = new Int8Array(w);
    const patterns = 2 ** (w - 1), d = dq ? dq[r] : 0;
    let total = 0;
    for (let pat = 0; pat < patterns; pat++) {
      for (let s = 0; s < w; s++) u[s] = s === 0 ? 1 : (pat >>> (s - 1)) & 1 ? -1 : 1;
      let lin = 0;
      for (let s = 0; s < w; s++) if (singleGen[s] >= 0) lin += single[s] * u[s];
      acc.fill(0, 0, K);
      for (let e = 0; e < pairGen.length; e++) acc[pairTo[e]] += 2 * theta[pairGen[e]] * u[pairFrom[e]];
      pre[0] = 1;
      for (let k = 0; k < K; k++) pre[k + 1] = pre[k] * (cosK[k] = Math.cos(acc[k]));
      const cl = Math.cos(lin), P = pre[K];
      total += cl * P;
      if (!grad || d === 0) continue;
      const scale = d / patterns, sl = Math.sin(lin);
      for (let s = 0; s < w; s++) if (singleGen[s] >= 0) grad[singleGen[s]] += scale * -sl * 2 * u[s] * P;
      suf[K] = 1;
      for (let k = K - 1; k >= 0; k--) suf[k] = suf[k + 1] * cosK[k];
      for (let e = 0; e < pairGen.length; e++) {
        const k = pairTo[e], others = pre[k] * suf[k + 1];
        grad[pairGen[e]] += scale * cl * others * -Math.sin(acc[k]) * 2 * u[pairFrom[e]];
      }
    }
    values[r] = total / patterns;
    A.forEach((q) => (inA[q] = -1));
    outside.forEach((k) => (slot[k] = -1));
  }
  return { values, grad };
}
