/**
 * Eigen-decomposition of a Hermitian matrix in plain TypeScript (tfjs has no eigensolver): cyclic complex Jacobi.
 * Each rotation first removes the phase of H_pq (H ← V†HV, V = diag(1, e^{−iφ}) on (p, q)), then applies the real
 * Jacobi rotation that zeroes the now-real |H_pq| (Golub & Van Loan §8.5; t = sgn τ/(|τ| + √(1 + τ²)),
 * τ = (H_qq − H_pp)/(2|H_pq|)). Quadratic convergence; Float64; meant for d up to ~2^8 (a few seconds at 256).
 * Input row-major; eigenvectors are the columns of V (row-major), H = V·diag(λ)·V†; values ascending.
 */
import { ConfigError, NumericalError } from '../errors';

export interface HermitianEig {
  values: Float64Array;
  /** Columns are eigenvectors (row-major d×d), present when asked for. */
  vectorsRe?: Float64Array;
  vectorsIm?: Float64Array;
}

/**
 * Eigenvalues (ascending) and, if `vectors`, eigenvectors of the Hermitian d×d matrix re + i·im (row-major; `im`
 * null for a real symmetric matrix). Only the matrix's Hermitian part is used in effect (it is assumed Hermitian).
 */
export function eigHermitian(
  re: ArrayLike<number>,
  im: ArrayLike<number> | null,
  d: number,
  opts: { vectors?: boolean; maxSweeps?: number } = {},
): HermitianEig {
  if (re.length !== d * d || (im && im.length !== d * d))
    throw new ConfigError(`eigHermitian: expected ${d * d} entries, got ${re.length}`);
  const ar = Float64Array.from(re),
    ai = im ? Float64Array.from(im) : new Float64Array(d * d);
  const wantV = opts.vectors ?? false;
  const vr = wantV ? new Float64Array(d * d) : null,
    vi = wantV ? new Float64Array(d * d) : null;
  if (vr) for (let k = 0; k < d; k++) vr[k * d + k] = 1;
  let frob = 0;
  for (let k = 0; k < d * d; k++) frob += ar[k] * ar[k] + ai[k] * ai[k];
  const tol = 1e-30 * Math.max(frob, 1e-300);
  const maxSweeps = opts.maxSweeps ?? 100;
  let sweep = 0;
  for (; sweep < maxSweeps; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += ar[p * d + q] ** 2 + ai[p * d + q] ** 2;
    if (2 * off <= tol * 1e4 || off === 0) break;
    for (let p = 0; p < d - 1; p++)
      for (let q = p + 1; q < d; q++) {
        const hr = ar[p * d + q],
          hi = ai[p * d + q];
        const g = Math.hypot(hr, hi);
        if (g * g <= tol) continue;
        rotate(ar, ai, vr, vi, d, p, q, hr / g, hi / g, g);
      }
  }
  if (sweep === maxSweeps) throw new NumericalError(`eigHermitian: no convergence in ${maxSweeps} sweeps (d=${d})`);
  const diag = Array.from({ length: d }, (_, k) => ar[k * d + k]);
  const order = [...diag.keys()].sort((a, b) => diag[a] - diag[b]);
  const values = Float64Array.from(order, (k) => diag[k]);
  if (!vr || !vi) return { values };
  const sr = new Float64Array(d * d),
    si = new Float64Array(d * d);
  for (let r = 0; r < d; r++)
    order.forEach((k, c) => {
      sr[r * d + c] = vr[r * d + k];
      si[r * d + c] = vi[r * d + k];
    });
  return { values, vectorsRe: sr, vectorsIm: si };
}

/** Eigenvalues only (ascending). */
export function eigvalsHermitian(re: ArrayLike<number>, im: ArrayLike<number> | null, d: number): Float64Array {
  return eigHermitian(re, im, d).values;
}

/** One Jacobi step on (p, q): H ← U†HU, V ← VU with U = diag(1, e^{−iφ})·R(c, s) on (p, q), e^{iφ} = (cr + i·ci). */
function rotate(
  ar: Float64Array,
  ai: Float64Array,
  vr: Float64Array | null,
  vi: Float64Array | null,
  d: number,
  p: number,
  q: number,
  cr: number,
  ci: number,
  g: number,
): void {
  const app = ar[p * d + p],
    aqq = ar[q * d + q];
  const tau = (aqq - app) / (2 * g);
  const t = (tau >= 0 ? 1 : -1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
  const c = 1 / Math.sqrt(1 + t * t),
    s = t * c;
  // Phase: column q ·= e^{−iφ}, row q ·= e^{iφ} (the diagonal entry H_qq is unchanged by both together).
  for (let k = 0; k < d; k++) {
    if (k === q) continue;
    const xr = ar[k * d + q],
      xi = ai[k * d + q];
    ar[k * d + q] = xr * cr + xi * ci;
    ai[k * d + q] = xi * cr - xr * ci;
    ar[q * d + k] = ar[k * d + q];
    ai[q * d + k] = -ai[k * d + q];
  }
  // Real rotation on columns then rows (H stays Hermitian, so update the pair symmetrically).
  for (let k = 0; k < d; k++) {
    if (k === p || k === q) continue;
    const pr = ar[k * d + p],
      pi = ai[k * d + p],
      qr = ar[k * d + q],
      qi = ai[k * d + q];
    const npr = c * pr - s * qr,
      npi = c * pi - s * qi,
      nqr = s * pr + c * qr,
      nqi = s * pi + c * qi;
    ar[k * d + p] = npr;
    ai[k * d + p] = npi;
    ar[p * d + k] = npr;
    ai[p * d + k] = -npi;
    ar[k * d + q] = nqr;
    ai[k * d + q] = nqi;
    ar[q * d + k] = nqr;
    ai[q * d + k] = -nqi;
  }
  ar[p * d + p] = app - t * g;
  ar[q * d + q] = aqq + t * g;
  ai[p * d + p] = ai[q * d + q] = 0;
  ar[p * d + q] = ar[q * d + p] = ai[p * d + q] = ai[q * d + p] = 0;
  if (!vr || !vi) return;
  for (let k = 0; k < d; k++) {
    const xr = vr[k * d + q],
      xi = vi[k * d + q];
    const qr = xr * cr + xi * ci,
      qi = xi * cr - xr * ci; // column q · e^{−iφ}
    const pr = vr[k * d + p],
      pi = vi[k * d + p];
    vr[k * d + p] = c * pr - s * qr;
    vi[k * d + p] = c * pi - s * qi;
    vr[k * d + q] = s * pr + c * qr;
    vi[k * d + q] = s * pi + c * qi;
  }
}
