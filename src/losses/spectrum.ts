/**
 * The observable picture of MMD (SCIENCE.md §2, [R] §IV): with p_σ = (1 − e^{−1/(2σ)})/2 the loss is
 * Σ_A (1−p_σ)^{n−|A|} p_σ^{|A|} (⟨Z_A⟩_q − ⟨Z_A⟩_p)², a two-copy observable whose terms with |A| = l have body order 2l
 * and total weight w_σ(l) = C(n, l)(1−p_σ)^{n−l} p_σ^l (a Binomial(n, p_σ) law for l: mean body order 2n·p_σ,
 * variance 4n·p_σ(1−p_σ)). Several bandwidths average their kernels, hence their weights. Here: the weights and their
 * moments, the k-body truncated MMD, and the closed-form loss variance of the product ansatz ([R] Eq. 235).
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '../errors';
import { mmdOrderWeights, pSigma, spectralForm } from './mmd';
import { walshHadamardInPlace } from './walsh';

/** C(n, l) for l = 0..n, in Float64 (exact up to n = 50). */
export function binomialRow(n: number): Float64Array {
  const c = new Float64Array(n + 1);
  c[0] = 1;
  for (let l = 0; l < n; l++) c[l + 1] = (c[l] * (n - l)) / (l + 1);
  return c;
}

/**
 * Body-order weights w(l) = C(n, l)·mean_σ (1−p_σ)^{n−l} p_σ^l, l = |A| = 0..n (body order 2l); they sum to 1. Each
 * term is formed in log space, log C(n, l) + (n−l) log(1−p) + l log p, then exponentiated: the product of the separate
 * factors overflows (C(n, l) past n ≈ 1030) or underflows ((1−p)^{n−l} p^l below 1e-308) long before w(l) does, which
 * at n = 1000 zeroed weights of 1e-25 and beyond.
 */
export function bodyOrderWeights(nQubits: number, sigmas: readonly number[]): Float64Array {
  mmdOrderWeights(nQubits, sigmas); // the same checks of the bandwidths
  const logC = new Float64Array(nQubits + 1),
    w = new Float64Array(nQubits + 1);
  for (let l = 0; l < nQubits; l++) logC[l + 1] = logC[l] + Math.log(nQubits - l) - Math.log(l + 1);
  for (const s of sigmas) {
    const p = pSigma(s),
      lp = Math.log(p),
      lq = Math.log1p(-p);
    for (let l = 0; l <= nQubits; l++)
      w[l] += Math.exp(logC[l] + (nQubits - l) * lq + (l === 0 ? 0 : l * lp)) / sigmas.length;
  }
  return w;
}

export interface BodyOrderStats {
  /** Mean body order Σ_l 2l·w(l); 2n·p_σ for one bandwidth. */
  mean: number;
  /** Variance of the body order; 4n·p_σ(1 − p_σ) for one bandwidth. */
  variance: number;
}

/** Mean and variance of the body order 2l under the weights w(l) (exact for mixtures of bandwidths too). */
export function bodyOrderStats(nQubits: number, sigmas: readonly number[]): BodyOrderStats {
  const w = bodyOrderWeights(nQubits, sigmas);
  let m1 = 0,
    m2 = 0;
  w.forEach((x, l) => {
    m1 += 2 * l * x;
    m2 += 4 * l * l * x;
  });
  return { mean: m1, variance: Math.max(0, m2 - m1 * m1) };
}

export interface SpectrumRow {
  /** The bandwidth, or 'average' for the averaged kernel of all of them. */
  sigma: number | 'average';
  pSigma: number | null;
  /** w(l), l = 0..n. */
  weights: number[];
  meanBodyOrder: number;
  sdBodyOrder: number;
  /** Share of the weight on terms of body order ≤ 4 (|A| ≤ 2), the "low-bodied" part. */
  lowBodyWeight: number;
}

/** The body-order spectrum of each bandwidth and (for several) of their averaged kernel, for tables and plots. */
export function bodyOrderSpectrum(nQubits: number, sigmas: readonly number[]): SpectrumRow[] {
  const row = (sig: number[], label: number | 'average'): SpectrumRow => {
    const w = Array.from(bodyOrderWeights(nQubits, sig)),
      s = bodyOrderStats(nQubits, sig);
    return {
      sigma: label,
      pSigma: label === 'average' ? null : pSigma(label),
      weights: w,
      meanBodyOrder: s.mean,
      sdBodyOrder: Math.sqrt(s.variance),
      lowBodyWeight: w.slice(0, 3).reduce((a, b) => a + b, 0),
    };
  };
  const rows = sigmas.map((s) => row([s], s));
  return sigmas.length > 1 ? [...rows, row([...sigmas], 'average')] : rows;
}

/**
 * k-body truncated MMD: only the terms with |A| ≤ maxOrder (body order ≤ 2·maxOrder), same weights, no renormalising.
 * It cannot tell apart distributions whose marginals agree up to order maxOrder (SCIENCE.md §3.3).
 * p [B, 2^n], q [B or 1, 2^n] → [B]; differentiable. maxOrder ≥ n gives the full MMD.
 */
export function mmdTruncated(p: tf.Tensor2D, q: tf.Tensor2D, sigmas: readonly number[], maxOrder: number): tf.Tensor1D {
  if (!(Number.isInteger(maxOrder) && maxOrder >= 0))
    throw new ConfigError(`mmdTruncated: maxOrder must be an integer ≥ 0, got ${maxOrder}`);
  const n = Math.log2(p.shape[1]);
  const w = mmdOrderWeights(n, sigmas).map((x, l) => (l <= maxOrder ? x : 0));
  return tf.tidy(() => spectralForm(tf.sub(p, q) as tf.Tensor2D, null, w));
}

export interface ProductVariance {
  /** Var_θ[L_MMD] over Haar-random single-qubit unitaries, = b + 4c. */
  variance: number;
  /** Data-independent part B_σ (for several bandwidths, mean over pairs (σ, σ′) of its two-bandwidth form). */
  b: number;
  /** Data part C_σ = Σ_{A≠∅} w_A² 3^{−|A|} ⟨Z_A⟩_p² (w_A the per-subset kernel weight). */
  c: number;
}

/**
 * Closed-form variance of the MMD loss over product states ⊗_i U_i|0⟩ with Haar-random U_i ([R] Eq. 235; SCIENCE.md §2):
 *   Var = B_σ + 4C_σ,  B_σ = [(7 + 6e + 2e²)/15]^n − [(4 + 4e + e²)/9]^n,  C_σ = Σ_{A≠∅} (1−p_σ)^{2(n−|A|)} (p_σ²/3)^{|A|} z_A².
 * Derivation (which also gives averaged kernels): ⟨Z_A⟩_q = ∏_{i∈A} z_i with z_i iid uniform on [−1, 1] (Haar Bloch
 * vectors), E z² = 1/3, E z⁴ = 1/5, so Cov(Z_A², Z_B²) = 5^{−|A∩B|}3^{−|AΔB|} − 3^{−|A|−|B|}, Cov(Z_A, Z_B) = δ_AB 3^{−|A|}
 * and the odd cross terms vanish. With product weights the double sum factorises per qubit:
 *   B(σ, σ′) = [(1−p)(1−p′) + (p(1−p′) + p′(1−p))/3 + pp′/5]^n − [(1 − 2p/3)(1 − 2p′/3)]^n,
 * which for σ = σ′ is the B_σ above (e = 1 − 2p). `data` is the data distribution p̃ (length 2^n). Host Float64.
 */
export function productAnsatzMmdVariance(data: ArrayLike<number>, sigmas: readonly number[]): ProductVariance {
  const dim = data.length,
    n = Math.log2(dim);
  if (!Number.isInteger(n) || n < 1)
    throw new ConfigError(`productAnsatzMmdVariance: data has ${dim} entries, not a power of two ≥ 2`);
  if (sigmas.length === 0) throw new ConfigError('productAnsatzMmdVariance: at least one bandwidth is needed');
  const ps = sigmas.map(pSigma),
    S = ps.length;
  let b = 0;
  for (const p of ps)
    for (const q of ps) {
      const both = (1 - p) * (1 - q) + (p * (1 - q) + q * (1 - p)) / 3 + (p * q) / 5;
      b += (both ** n - ((1 - (2 * p) / 3) * (1 - (2 * q) / 3)) ** n) / (S * S);
    }
  const z = Float64Array.from(data);
  walshHadamardInPlace(z, dim); // z_A = ⟨Z_A⟩_p̃ (unnormalised WHT of a distribution)
  const wByOrder = mmdOrderWeights(n, sigmas);
  let c = 0;
  for (let a = 1; a < dim; a++) {
    let k = 0;
    for (let m = a; m; m &= m - 1) k++;
    c += wByOrder[k] ** 2 * 3 ** -k * z[a] ** 2;
  }
  return { variance: b + 4 * c, b, c };
}
