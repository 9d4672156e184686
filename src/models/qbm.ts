/**
 * Quantum Boltzmann machines ([O] §4.4; Amin et al., PRX 8, 021050 (2018)): H(θ) = Σ_i θ_i P_i over Pauli terms P_i
 * (by default every 1- and 2-local term) on n_v visible + n_h hidden qubits (visible = qubits 0..n_v−1, as in
 * hiddenUnit.ts), ρ(θ) = e^{−H}/Z by the differentiable scaling-and-squaring exponential (linalg/expm.ts). The model
 * distribution is the visible marginal of diag ρ; the model state is ρ_v = Tr_h ρ. Dense 2^n × 2^n matrices: meant
 * for n_v + n_h ≤ 10 on a CPU. H is assembled without gathers: each term maps |x⟩ to phase_i(x)|x ⊕ f_i⟩, so H's
 * column x holds the coefficients c_f(x) = Σ_{i: f_i = f} θ_i phase_i(x) at rows x ⊕ f, placed by one batched matMul
 * with a constant 0/1 tensor [D, F, D] (F = number of distinct flip masks f).
 */
import * as tf from '@tensorflow/tfjs';
import { allPauliTerms } from '../circuit/ansatz/allPauli';
import { Complex } from '../complex/complex';
import { realDiagonal, tidyComplex } from '../complex/matrix';
import { ConfigError, ShapeError } from '../errors';
import { gibbsState } from '../linalg/expm';
import { marginalProbs } from '../state/born';
import { DensityBatch } from '../state/entanglement';

export interface PauliTerm {
  pauli: string;
  qubits: number[];
}

export interface QbmModel {
  readonly nVisible: number;
  readonly nHidden: number;
  readonly nQubits: number;
  readonly terms: PauliTerm[];
  /** Whether each term acts on at least one hidden qubit. */
  readonly hiddenCoupled: boolean[];
}

export const QBM_MAX_QUBITS = 10;

/** Every 1- and 2-local Pauli term on n_v + n_h qubits (or the given terms). */
export function qbmModel(spec: { nVisible: number; nHidden: number; terms?: PauliTerm[] }): QbmModel {
  const { nVisible: nv, nHidden: nh } = spec, n = nv + nh;
  if (!Number.isInteger(nv) || nv < 1 || !Number.isInteger(nh) || nh < 0 || n > QBM_MAX_QUBITS)
    throw new ConfigError(`qbmModel: need nVisible ≥ 1, nHidden ≥ 0, nVisible + nHidden ≤ ${QBM_MAX_QUBITS}; got ${nv}, ${nh}`);
  const terms = spec.terms ?? allPauliTerms(n);
  for (const t of terms)
    if (t.pauli.length !== t.qubits.length || !/^[IXYZ]+$/.test(t.pauli) || t.qubits.some((q) => !(q >= 0 && q < n)))
      throw new ConfigError(`qbmModel: bad term ${t.pauli} on [${t.qubits}] for ${n} qubits`);
  return { nVisible: nv, nHidden: nh, nQubits: n, terms, hiddenCoupled: terms.map((t) => t.qubits.some((q) => q >= nv)) };
}

interface Tables {
  masks: number[];
  coefRe: tf.Tensor2D; // [K, F·D]
  coefIm: tf.Tensor2D;
  place: tf.Tensor3D; // [D(x), F, D(y)]: 1 where y = x ⊕ mask_f
}

const tableCache = new WeakMap<QbmModel, { backend: string; tables: Tables }>();

function tables(m: QbmModel): Tables {
  const hit = tableCache.get(m);
  if (hit && hit.backend === tf.getBackend()) return hit.tables;
  const n = m.nQubits, D = 2 ** n;
  const bit = (q: number) => 1 << (n - 1 - q);
  const info = m.terms.map((t) => {
    let flip = 0, sign = 0, ys = 0;
    [...t.pauli].forEach((l, k) => {
      if (l === 'X' || l === 'Y') flip |= bit(t.qubits[k]);
      if (l === 'Y' || l === 'Z') sign |= bit(t.qubits[k]);
      if (l === 'Y') ys++;
    });
    return { flip, sign, ys };
  });
  const masks = [...new Set(info.map((i) => i.flip))];
  const F = masks.length, K = m.terms.length;
  const re = new Float32Array(K * F * D), im = new Float32Array(K * F * D);
  info.forEach(({ flip, sign, ys }, i) => {
    const f = masks.indexOf(flip);
    // P|x⟩ = i^{#Y} (−1)^{|x ∧ (Y ∨ Z)|} |x ⊕ flip⟩ (Y|0⟩ = i|1⟩, Y|1⟩ = −i|0⟩, Z|1⟩ = −|1⟩)
    const [pr, pi] = [[1, 0], [0, 1], [-1, 0], [0, -1]][ys % 4];
    for (let x = 0; x < D; x++) {
      let par = 0;
      for (let v = x & sign; v; v &= v - 1) par ^= 1;
      const s = par ? -1 : 1;
      re[i * F * D + f * D + x] = s * pr;
      im[i * F * D + f * D + x] = s * pi;
    }
  });
  const place = new Float32Array(D * F * D);
  for (let x = 0; x < D; x++) masks.forEach((mask, f) => (place[x * F * D + f * D + (x ^ mask)] = 1));
  const t: Tables = { masks, coefRe: tf.tensor2d(re, [K, F * D]), coefIm: tf.tensor2d(im, [K, F * D]), place: tf.tensor3d(place, [D, F, D]) };
  tf.keep(t.coefRe); tf.keep(t.coefIm); tf.keep(t.place);
  if (hit) tf.dispose([hit.tables.coefRe, hit.tables.coefIm, hit.tables.place]);
  tableCache.set(m, { backend: tf.getBackend(), tables: t });
  return t;
}

/** H(θ) = Σ_i θ_i P_i for each row of θ [B, K]: [B, D, D] complex, differentiable in θ. */
export function qbmHamiltonian(m: QbmModel, theta: tf.Tensor2D): Complex<tf.Tensor3D> {
  const [B, K] = theta.shape;
  if (K !== m.terms.length) throw new ShapeError(`qbmHamiltonian: θ has ${K} columns, the model has ${m.terms.length} terms`);
  const t = tables(m), D = 2 ** m.nQubits, F = t.masks.length;
  return tidyComplex(() => {
    const build = (coef: tf.Tensor2D) => {
      const c = tf.transpose(tf.reshape(tf.matMul(theta, coef), [B, F, D]), [2, 0, 1]); // [D(x), B, F]
      return tf.transpose(tf.matMul(c, t.place), [1, 2, 0]) as tf.Tensor3D; // [B, D(y), D(x)]
    };
    return { re: build(t.coefRe), im: build(t.coefIm) };
  });
}

/** ρ(θ) = e^{−H(θ)}/Z and ln Z per row: [B, D, D], [B]. */
export function qbmState(m: QbmModel, theta: tf.Tensor2D): { rho: DensityBatch; logZ: tf.Tensor1D } {
  const h = qbmHamiltonian(m, theta);
  try {
    const g = gibbsState(h);
    return { rho: g.rho, logZ: g.logZ as tf.Tensor1D };
  } finally {
    tf.dispose([h.re, h.im]);
  }
}

/** Model distribution: the visible marginal of diag ρ, [B, 2^n_v]. */
export function qbmVisibleProbs(m: QbmModel, theta: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const { rho } = qbmState(m, theta);
    const p = realDiagonal(rho.re) as tf.Tensor2D;
    return m.nHidden === 0 ? p : marginalProbs(p, [...Array(m.nVisible).keys()]);
  });
}

/** ρ_v = Tr_h ρ, [B, 2^n_v, 2^n_v] (hidden qubits are the least significant ones). */
export function qbmVisibleState(m: QbmModel, theta: tf.Tensor2D): DensityBatch {
  const B = theta.shape[0], dv = 2 ** m.nVisible, dh = 2 ** m.nHidden;
  return tidyComplex(() => {
    const { rho } = qbmState(m, theta);
    if (m.nHidden === 0) return rho;
    const eyeFlat = tf.reshape(tf.eye(dh), [dh * dh, 1]);
    const trace = (x: tf.Tensor3D) =>
      tf.reshape(tf.matMul(tf.reshape(tf.transpose(tf.reshape(x, [B * dv, dh, dv, dh]), [0, 2, 1, 3]), [B * dv * dv, dh * dh]), eyeFlat), [B, dv, dv]) as tf.Tensor3D;
    return { re: trace(rho.re), im: trace(rho.im) };
  });
}
