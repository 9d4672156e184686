/**
 * The rules that keep a decay verdict honest (used by decay.ts decayVerdict):
 *  - minimum requirements: ≥ 4 qubit counts (2 residual dof per two-parameter law, so that each law's fit can be
 *    tested), a span ≥ 4 in n and n_max/n_min ≥ 2 (a span of ln 2 in ln n) — conventions we chose, stated in the output;
 *  - separation: if the truth were the fitted exponential, the best power law through its values at the measured n
 *    would miss them by χ² = D₁ at the points' σ, and vice versa D₂; min(D₁, D₂) is the Δχ² a measurement at that σ
 *    expects between the laws (the "Asimov" data set of Cowan et al., Eur. Phys. J. C 71, 1554, 2011). Δχ² then
 *    scatters with sd ≈ 2√D, so the sign of the measured Δχ² favours the wrong law with probability ≈ Φ(−√D/2); below
 *    D = (2·z_level)² (10.8 at 95 %) that probability exceeds 1 − level and the verdict is "inconclusive";
 *  - how far to measure: the smallest n_max (same spacing, median σ) at which D reaches that threshold, and the factor
 *    on the draws that would do it at the same n (D ∝ 1/σ² ∝ draws).
 */
import { LinearFit, weightedLinearFit } from './leastSquares';

export const DECAY_REQUIREMENTS = { points: 4, spanN: 4, ratioN: 2 } as const;

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2));

/** What the measured n (sorted, distinct) lack for a law to be judged, as phrases; empty when all is met. */
export function requirementsMissing(xs: readonly number[]): string[] {
  const out: string[] = [],
    R = DECAY_REQUIREMENTS,
    a = xs[0],
    b = xs[xs.length - 1];
  if (new Set(xs).size < R.points) out.push(`≥ ${R.points} qubit counts (has ${new Set(xs).size})`);
  if (b - a < R.spanN) out.push(`a span ≥ ${R.spanN} in n (has ${fmt(b - a)})`);
  if (b / a < R.ratioN) out.push(`n_max/n_min ≥ ${R.ratioN} (has ${fmt(b / a)})`);
  return out;
}

/** σ of the residuals of ln y = a + b·x + c·ln x (OLS, dof N − 3), a noise estimate that either law's truth leaves unbiased; null when singular. */
export function threeTermScatter(xs: readonly number[], lnY: readonly number[]): number | null {
  const N = xs.length;
  if (N < 4) return null;
  const cols = [xs.map(() => 1), [...xs], xs.map(Math.log)];
  // normal equations A c = r, solved by Gaussian elimination with partial pivoting
  const A = cols.map((u) => cols.map((v) => u.reduce((s, ui, i) => s + ui * v[i], 0)));
  const rhs = cols.map((u) => u.reduce((s, ui, i) => s + ui * lnY[i], 0));
  const scale = Math.max(...A.map((row, i) => Math.abs(row[i])));
  for (let k = 0; k < 3; k++) {
    const piv = [k, k + 1, k + 2]
      .filter((i) => i < 3)
      .reduce((m, i) => (Math.abs(A[i][k]) > Math.abs(A[m][k]) ? i : m), k);
    [A[k], A[piv]] = [A[piv], A[k]];
    [rhs[k], rhs[piv]] = [rhs[piv], rhs[k]];
    if (Math.abs(A[k][k]) < 1e-12 * scale) return null;
    for (let i = k + 1; i < 3; i++) {
      const f = A[i][k] / A[k][k];
      for (let j = k; j < 3; j++) A[i][j] -= f * A[k][j];
      rhs[i] -= f * rhs[k];
    }
  }
  const coef = [0, 0, 0];
  for (let k = 2; k >= 0; k--)
    coef[k] = (rhs[k] - [0, 1, 2].filter((j) => j > k).reduce((s, j) => s + A[k][j] * coef[j], 0)) / A[k][k];
  const rss = lnY.reduce((s, v, i) => s + (v - coef[0] - coef[1] * xs[i] - coef[2] * Math.log(xs[i])) ** 2, 0);
  return Math.sqrt(rss / (N - 3));
}

const expAt = (e: LinearFit, x: number) => e.intercept + e.slope * x;
const powAt = (p: LinearFit, x: number) => p.intercept + p.slope * Math.log(x);

/**
 * min(D₁, D₂)/s² over the points xs with σ(ln y) = sig (see the header) for the fitted exponential `e` (ln y on x) and
 * power law `p` (ln y on ln x), and the largest gap |ln y_exp − ln y_pow| in units of σ·s.
 */
export function separation(
  xs: readonly number[],
  sig: readonly number[],
  e: LinearFit,
  p: LinearFit,
  s2 = 1,
): { value: number; maxGapSigma: number } {
  const yExp = xs.map((x) => expAt(e, x)),
    yPow = xs.map((x) => powAt(p, x));
  const d1 = weightedLinearFit(xs.map(Math.log), yExp, sig).chi2; // a power law through the exponential's values
  const d2 = weightedLinearFit([...xs], yPow, sig).chi2; // an exponential through the power law's values
  const maxGapSigma = Math.max(...xs.map((_, i) => Math.abs(yExp[i] - yPow[i]) / sig[i])) / Math.sqrt(s2);
  return { value: Math.min(d1, d2) / s2, maxGapSigma };
}

const median = (v: readonly number[]) => {
  const s = [...v].sort((a, b) => a - b),
    m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Where the laws cannot be told apart at the measured n: the smallest n_max (continuing the median spacing, with the
 * median σ at the new points, the fitted laws extended) whose separation reaches `threshold` — null when none does up
 * to max(64, 4·n_max) — and threshold/separation, the factor on the draws that reaches it at the same n.
 */
export function decideAt(
  xs: readonly number[],
  sig: readonly number[],
  e: LinearFit,
  p: LinearFit,
  s2: number,
  threshold: number,
): { upToN: number | null; drawsFactor: number; searchedTo: number } {
  const now = separation(xs, sig, e, p, s2).value;
  const step = Math.max(1, median(xs.slice(1).map((x, i) => x - xs[i]))),
    s = median(sig),
    b = xs[xs.length - 1];
  const searchedTo = Math.max(64, 4 * b);
  const grid = [...xs],
    sigs = [...sig];
  let upToN: number | null = null;
  for (let k = 1; b + k * step <= searchedTo; k++) {
    grid.push(b + k * step);
    sigs.push(s);
    if (separation(grid, sigs, e, p, s2).value >= threshold) {
      upToN = Math.round(b + k * step);
      break;
    }
  }
  return { upToN, drawsFactor: now > 0 ? Math.max(1, threshold / now) : Infinity, searchedTo };
}
