/**
 * The CPU kernel for IQP models whose generators are all 1- or 2-body (no tfjs; Float64). With spins u_q(z) = (−1)^{z_q}
 * and the local field F_i(z) = 2θ_i + Σ_{k: {i,k}} 2θ_ik u_k(z), computed once per θ for all masks, the phase of mask a
 * with set qubits A is
 *   Φ_za = Σ_{i∈A} u_i(z) · (F_i(z) − Σ_{k∈A, {i,k}} 2θ_ik u_k(z))
 * (pairs inside A have even overlap and drop out). So a mask costs N_z·(|A| + |A|²) instead of N_z·|J_a| (|A|·degree),
 * and the backward pass folds the masks into per-qubit sums R_i(z) = Σ_{a∋i} ∂L/∂Φ_za:
 *   ∂L/∂θ_i = 2 Σ_z u_i R_i,  ∂L/∂θ_ik = 2 Σ_z u_i u_k (R_i + R_k − 2 Σ_{a∋i,k} ∂L/∂Φ_za).
 */
import { BitRows, setQubits } from '../../data/bitRows';
import { Generators, incidence } from './generators';
import { spinTable } from './tables';

export interface TwoBodyTables {
  nQubits: number;
  nZ: number;
  /** u_q(z) = ±1, qubit-major [n × N_z]. */
  spins: Float64Array;
  /** Generator index of {q}, or −1, [n]. */
  single: Int32Array;
  /** Edges as (i, k, generator), [E × 3]. */
  pairs: Int32Array;
  /** Set qubits of every mask (CSR). */
  mask: { offsets: Int32Array; qubits: Int32Array };
  /** Edges with both ends in the mask, per mask: CSR of (i, k, generator) triples. */
  inner: { offsets: Int32Array; triples: Int32Array };
}

/** Null unless every generator has one or two qubits. */
export function twoBodyTables(g: Generators, z: BitRows, masks: BitRows): TwoBodyTables | null {
  const n = g.nQubits, N = z.rows, single = new Int32Array(n).fill(-1), pairs: number[] = [];
  for (let j = 0; j < g.count; j++) {
    const a = g.offsets[j], w = g.offsets[j + 1] - a;
    if (w === 1) single[g.qubits[a]] = j;
    else if (w === 2) pairs.push(g.qubits[a], g.qubits[a + 1], j);
    else return null;
  }
  const mask = setQubits(masks), inc = incidence(g), inA = new Uint8Array(n), triples: number[] = [], offsets = new Int32Array(masks.rows + 1);
  for (let r = 0; r < masks.rows; r++) {
    const q0 = mask.offsets[r], q1 = mask.offsets[r + 1];
    for (let s = q0; s < q1; s++) inA[mask.qubits[s]] = 1;
    for (let s = q0; s < q1; s++) {
      const i = mask.qubits[s];
      for (let t = inc.offsets[i]; t < inc.offsets[i + 1]; t++) {
        const j = inc.gens[t], a = g.offsets[j];
        if (g.offsets[j + 1] - a !== 2 || g.qubits[a] !== i || !inA[g.qubits[a + 1]]) continue;
        triples.push(i, g.qubits[a + 1], j);
      }
    }
    for (let s = q0; s < q1; s++) inA[mask.qubits[s]] = 0;
    offsets[r + 1] = triples.length / 3;
  }
  const spins = Float64Array.from(spinTable(z));
  return { nQubits: n, nZ: N, spins, single, pairs: Int32Array.from(pairs), mask, inner: { offsets, triples: Int32Array.from(triples) } };
}

/** F_i(z) for one parameter row θ, [n × N_z]. */
export function localField(t: TwoBodyTables, th: ArrayLike<number>, out: Float64Array): void {
  const N = t.nZ, u = t.spins;
  out.fill(0);
  for (let i = 0; i < t.nQubits; i++) if (t.single[i] >= 0) out.fill(2 * th[t.single[i]], i * N, (i + 1) * N);
  for (let e = 0; e < t.pairs.length; e += 3) {
    const i = t.pairs[e] * N, k = t.pairs[e + 1] * N, c = 2 * th[t.pairs[e + 2]];
    for (let z = 0; z < N; z++) {
      out[i + z] += c * u[k + z];
      out[k + z] += c * u[i + z];
    }
  }
}

/** Φ_za for mask a into `phi` [N_z], from the local field F. */
export function twoBodyPhases(t: TwoBodyTables, th: ArrayLike<number>, F: Float64Array, a: number, phi: Float64Array): void {
  const N = t.nZ, u = t.spins;
  phi.fill(0);
  for (let s = t.mask.offsets[a]; s < t.mask.offsets[a + 1]; s++) {
    const bi = t.mask.qubits[s] * N;
    for (let z = 0; z < N; z++) phi[z] += u[bi + z] * F[bi + z];
  }
  // pairs inside A: F_i and F_k each hold 2θ_ik u_k resp. u_i, so 4θ_ik u_i u_k comes off once per pair
  for (let e = t.inner.offsets[a]; e < t.inner.offsets[a + 1]; e++) {
    const bi = t.inner.triples[3 * e] * N, bk = t.inner.triples[3 * e + 1] * N, c = 4 * th[t.inner.triples[3 * e + 2]];
    for (let z = 0; z < N; z++) phi[z] -= c * u[bi + z] * u[bk + z];
  }
}

/**
 * Adds ∂L/∂θ [m] given G_a(z) = ∂L/∂Φ_za for every mask (callback fills `G` [N_z] for mask a, or returns false when
 * the mask has no gradient), into `grad`.
 */
export function twoBodyBackward(t: TwoBodyTables, masks: number, fill: (a: number, G: Float64Array) => boolean, grad: Float64Array): void {
  const N = t.nZ, u = t.spins, n = t.nQubits, R = new Float64Array(n * N), G = new Float64Array(N);
  for (let a = 0; a < masks; a++) {
    if (!fill(a, G)) continue;
    for (let s = t.mask.offsets[a]; s < t.mask.offsets[a + 1]; s++) {
      const bi = t.mask.qubits[s] * N;
      for (let z = 0; z < N; z++) R[bi + z] += G[z];
    }
    for (let e = t.inner.offsets[a]; e < t.inner.offsets[a + 1]; e++) {
      const bi = t.inner.triples[3 * e] * N, bk = t.inner.triples[3 * e + 1] * N;
      let acc = 0;
      for (let z = 0; z < N; z++) acc += u[bi + z] * u[bk + z] * G[z];
      grad[t.inner.triples[3 * e + 2]] -= 4 * acc;
    }
  }
  for (let i = 0; i < n; i++) {
    if (t.single[i] < 0) continue;
    let acc = 0;
    for (let z = 0; z < N; z++) acc += u[i * N + z] * R[i * N + z];
    grad[t.single[i]] += 2 * acc;
  }
  for (let e = 0; e < t.pairs.length; e += 3) {
    const i = t.pairs[e] * N, k = t.pairs[e + 1] * N;
    let acc = 0;
    for (let z = 0; z < N; z++) acc += u[i + z] * u[k + z] * (R[i + z] + R[k + z]);
    grad[t.pairs[e + 2]] += 2 * acc;
  }
}
