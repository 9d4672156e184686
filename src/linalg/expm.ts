/**
 * Differentiable matrix exponential on the complex pair type by scaling and squaring (Higham 2005, "The scaling and
 * squaring method for the matrix exponential revisited"): e^A = (T_m(A/2^s))^{2^s}, with T_m the degree-m Taylor
 * polynomial evaluated by Horner's rule and s chosen so that ‖A/2^s‖₁ ≤ ½ (truncation ≤ ½^{m+1}/(m+1)!, ≈ 1e-14 for
 * m = 12). Every step is a complex matMul, so tfjs autodiff gives exact gradients of the approximation.
 * `gibbsState` computes ρ = e^{−H}/Tr e^{−H} with a trace normalisation after every squaring (no overflow) and
 * returns ln Z alongside. Matrices are [d, d] or batched [B, d, d].
 */
import * as tf from '@tensorflow/tfjs';
import { Complex } from '../complex/complex';
import { cmatMul, cscale, ctrace } from '../complex/matrix';

type Mat = tf.Tensor2D | tf.Tensor3D;

export interface ExpmOptions {
  /** Taylor degree m. @default 12 */
  order?: number;
  /** Largest ‖A/2^s‖₁ allowed before squaring. @default 0.5 */
  theta?: number;
}

/** An upper bound on max_b ‖A_b‖₁ (max column sum of |re| + |im|), read on the host: it only picks s. */
function oneNormBound(a: Complex<Mat>): number {
  return tf.tidy(() => {
    const absSum = tf.add(tf.abs(a.re), tf.abs(a.im));
    return tf.max(tf.sum(absSum, absSum.rank - 2)).dataSync()[0];
  });
}

function squarings(a: Complex<Mat>, theta: number): number {
  const norm = oneNormBound(a);
  if (!Number.isFinite(norm)) return 0; // NaN/Inf propagate to the result, where callers check
  return Math.max(0, Math.ceil(Math.log2(norm / theta)));
}

function identityLike<T extends Mat>(a: Complex<T>): Complex<T> {
  const d = a.re.shape[a.re.rank - 1];
  const eye = tf.eye(d);
  const re = (a.re.rank === 3 ? tf.tile(tf.expandDims(eye, 0), [a.re.shape[0], 1, 1]) : eye) as T;
  return { re, im: tf.zerosLike(re) };
}

/** T_m(A) = I + A(I + A/2(I + … (I + A/m))) by Horner's rule: m − 1 complex products. */
function taylor<T extends Mat>(a: Complex<T>, m: number): Complex<T> {
  const eye = identityLike(a);
  let t: Complex<T> = { re: tf.add(eye.re, tf.div(a.re, m)) as T, im: tf.add(eye.im, tf.div(a.im, m)) as T };
  for (let k = m - 1; k >= 1; k--) {
    const at = cmatMul(a, t);
    t = { re: tf.add(eye.re, tf.div(at.re, k)) as T, im: tf.add(eye.im, tf.div(at.im, k)) as T };
  }
  return t;
}

/**
 * e^A for a complex matrix [d, d] or a batch [B, d, d]; differentiable in A.
 * @example const { re, im } = expm({ re: tf.tensor2d([[0, 1], [-1, 0]]), im: tf.zeros([2, 2]) }); // rotation by 1 rad
 */
export function expm<T extends Mat>(a: Complex<T>, opts: ExpmOptions = {}): Complex<T> {
  const m = opts.order ?? 12,
    s = squarings(a, opts.theta ?? 0.5);
  const [re, im] = tf.tidy(() => {
    let t = taylor(cscale(a, 2 ** -s), m);
    for (let k = 0; k < s; k++) t = cmatMul(t, t);
    return [t.re, t.im];
  });
  return { re: re as T, im: im as T };
}

/**
 * The Gibbs state ρ = e^{−H}/Z of a Hermitian H ([d, d] or [B, d, d]) and ln Z ([] or [B]), both differentiable in H.
 * Each squaring is followed by division by the trace, so entries stay ≤ 1 whatever the spectrum's range; ln Z is
 * rebuilt from the traces: ln Z = 2^s ln t₀ + Σ_{k=1..s} 2^{s−k} ln t_k.
 */
export function gibbsState<T extends Mat>(h: Complex<T>, opts: ExpmOptions = {}): { rho: Complex<T>; logZ: tf.Tensor } {
  const m = opts.order ?? 12,
    s = squarings(h, opts.theta ?? 0.5);
  const [re, im, logZ] = tf.tidy(() => {
    let t = taylor(cscale(h, -(2 ** -s)), m);
    let tr = ctrace(t).re;
    let logZ = tf.mul(tf.log(tr), 2 ** s);
    t = cscale(t, tf.reciprocal(tr));
    for (let k = 1; k <= s; k++) {
      t = cmatMul(t, t);
      tr = ctrace(t).re;
      logZ = tf.add(logZ, tf.mul(tf.log(tr), 2 ** (s - k)));
      t = cscale(t, tf.reciprocal(tr));
    }
    return [t.re, t.im, logZ];
  });
  return { rho: { re: re as T, im: im as T }, logZ };
}
