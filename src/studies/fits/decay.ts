/**
 * Exponential vs power-law decay of a variance against the qubit count n, judged as a referee would: both laws fitted
 * to ln Var by least squares weighted with each point's uncertainty, compared by Δχ², and a verdict only where the
 * measured range can separate the laws at that uncertainty (decayRules.ts: minimum points and span, the separation of
 * the two fitted laws, and how far to measure to decide). σ(ln Var) comes from each point's bootstrap interval;
 * without intervals it is estimated from the scatter about ln Var = a + b·n + c·ln n, which contains both laws.
 */
import { ConfigError } from '../../errors';
import { normalQuantile, studentTQuantile } from '../../stats/distributions';
import { decideAt, DECAY_REQUIREMENTS, requirementsMissing, separation, threeTermScatter } from './decayRules';
import {
  ExponentialFit,
  exponentialFit,
  LinearFit,
  powerLawFit,
  weightedExponentialFit,
  weightedPowerLawFit,
} from './leastSquares';

export type Strength = 'weak' | 'positive' | 'strong' | 'very strong';

export interface DecayComparison {
  /** ln y = a + b·x. */
  exponential: ExponentialFit;
  /** ln y = a + b·ln x. */
  powerLaw: LinearFit;
  /** Residual sums of squares of ln y under each model (unweighted). */
  rssExponential: number;
  rssPowerLaw: number;
  /**
   * 2·ln(likelihood ratio) of the two fits, positive when it favours the exponential; both models have two coefficients,
   * so this is also ΔBIC = ΔAIC. Unweighted: N·ln(RSS_pow/RSS_exp) (Gaussian errors, variance profiled out). Weighted:
   * (χ²_pow − χ²_exp)/s² with s² = max(1, χ²_best/dof) (the σ_i scaled up when even the better law misfits them).
   */
  deltaBic: number;
  /** The model with the lower BIC, or 'neither' when |ΔBIC| < 2 (Kass & Raftery 1995: "not worth more than a bare mention"). */
  preferred: 'exponential' | 'power law' | 'neither';
  /** Kass & Raftery's words for |ΔBIC|: < 2 weak, 2–6 positive, 6–10 strong, > 10 very strong. */
  strength: Strength;
  /** σ of ln y used as weights, or null for the unweighted comparison. */
  sigmaLn: number[] | null;
  /** χ² and goodness-of-fit p-values of each law (weighted only). */
  chi2Exponential: number | null;
  chi2PowerLaw: number | null;
  pExponential: number | null;
  pPowerLaw: number | null;
}

const rssOf = (u: readonly number[], lnY: readonly number[], f: LinearFit) =>
  u.reduce((s, v, i) => s + (lnY[i] - f.intercept - f.slope * v) ** 2, 0);

function strengthOf(a: number): Strength {
  return a < 2 ? 'weak' : a < 6 ? 'positive' : a < 10 ? 'strong' : 'very strong';
}

/**
 * Exponential vs power-law decay of y(x) (x = qubit count, y = a variance): both fits with intervals, and which one
 * the data support by ΔBIC (see DecayComparison.deltaBic). Needs ≥ 3 points with x, y > 0. With `sigmaLn` (σ of ln y
 * per point) the fits are weighted; `sigmaDof` says σ was estimated with that many degrees of freedom. Unweighted, a
 * perfect fit is floored at RSS = 1e-24·N so that ΔBIC stays finite.
 */
export function compareDecay(
  x: readonly number[],
  y: readonly number[],
  level = 0.95,
  sigmaLn?: readonly number[],
  sigmaDof?: number,
): DecayComparison {
  const lnY = y.map(Math.log),
    lnX = x.map(Math.log),
    N = x.length;
  let exponential: ExponentialFit, powerLaw: LinearFit, deltaBic: number;
  let chi: Pick<DecayComparison, 'chi2Exponential' | 'chi2PowerLaw' | 'pExponential' | 'pPowerLaw'> = {
    chi2Exponential: null,
    chi2PowerLaw: null,
    pExponential: null,
    pPowerLaw: null,
  };
  if (sigmaLn) {
    const e = weightedExponentialFit(x, y, sigmaLn, level, sigmaDof),
      p = weightedPowerLawFit(x, y, sigmaLn, level, sigmaDof);
    const s2 = Math.max(1, Math.min(e.chi2, p.chi2) / (N - 2));
    exponential = e;
    powerLaw = p;
    deltaBic = (p.chi2 - e.chi2) / s2;
    chi = { chi2Exponential: e.chi2, chi2PowerLaw: p.chi2, pExponential: e.pValue, pPowerLaw: p.pValue };
  } else {
    exponential = exponentialFit(x, y, level);
    powerLaw = powerLawFit(x, y, level);
    const floor = 1e-24 * N;
    deltaBic = N * Math.log(Math.max(rssOf(lnX, lnY, powerLaw), floor) / Math.max(rssOf(x, lnY, exponential), floor));
  }
  const a = Math.abs(deltaBic);
  return {
    exponential,
    powerLaw,
    rssExponential: rssOf(x, lnY, exponential),
    rssPowerLaw: rssOf(lnX, lnY, powerLaw),
    deltaBic,
    preferred: a < 2 ? 'neither' : deltaBic > 0 ? 'exponential' : 'power law',
    strength: strengthOf(a),
    sigmaLn: sigmaLn ? [...sigmaLn] : null,
    ...chi,
  };
}

/** σ of ln v from a two-sided percentile interval [lo, hi] at `level` (null when the interval is missing or not positive). */
export function sigmaLnFromInterval(
  lo: number | null | undefined,
  hi: number | null | undefined,
  level: number,
): number | null {
  if (lo === null || lo === undefined || hi === null || hi === undefined || !(lo > 0) || !(hi > lo)) return null;
  return (Math.log(hi) - Math.log(lo)) / (2 * normalQuantile(0.5 + level / 2));
}

export interface DecayVerdict extends DecayComparison {
  /**
   * 'barren plateau' (exponential decay preferred over a range that separates the laws), 'polynomial' (power law
   * preferred), 'flat' (no significant change), 'growing', or 'inconclusive' (decays, but the law cannot be told).
   */
  kind: 'barren plateau' | 'polynomial' | 'flat' | 'growing' | 'inconclusive';
  /** One line, e.g. "Var ∝ e^{−0.69 n} (95% CI −0.74…−0.64): exponential — barren plateau (ΔBIC = 12.0 over power law, very strong)". */
  text: string;
  /** The measured range of n. */
  range: [number, number];
  /** y(last)/y(first): the change over the range. */
  fold: number;
  /** Where σ(ln y) came from. */
  noise: 'intervals' | 'scatter' | 'none';
  /** Minimum requirements not met (decayRules.ts DECAY_REQUIREMENTS); empty when met. */
  missing: string[];
  /** Separation of the two fitted laws at the measured n and σ (decayRules.ts separation), its threshold, and the largest pointwise gap in σ. */
  separation: number | null;
  separationThreshold: number;
  maxGapSigma: number | null;
  /** Where the laws could not be told apart: the n up to which to measure (null if beyond the search), or the factor on the draws at the same n. */
  decide: { upToN: number | null; drawsFactor: number } | null;
}

const num = (v: number, d = 2) =>
  (Math.abs(v) >= 100 || (v !== 0 && Math.abs(v) < 0.01) ? v.toExponential(1) : v.toFixed(d)).replace(/-/g, '−');
const fold = (r: number) => (r >= 1 ? `×${num(r, 2)}` : `÷${num(1 / r, 2)}`);

/**
 * The verdict on a variance scan over n (x) of y > 0, with `sigmaLn` the σ of each ln y (from bootstrap intervals:
 * sigmaLnFromInterval) when known. In order: (1) does y change? the last point against the first in units of their σ,
 * at `level`; (2) if it decays: are the minimum requirements met (DECAY_REQUIREMENTS)? (3) does the measured range
 * separate e^{−bn} from n^{−a} at this σ (decayRules.ts separation ≥ (2·z_level)²)? If not: "inconclusive over
 * n = a…b", with how far to measure to decide; (4) else the law with the lower χ² by ΔBIC, whose strength is capped at
 * "positive" when the other law also fits within noise (p ≥ 1 − level) or the preferred one does not.
 */
export function decayVerdict(
  x: readonly number[],
  y: readonly number[],
  level = 0.95,
  what = 'Var',
  sigmaLn?: readonly number[],
): DecayVerdict {
  if (x.length !== y.length || x.length < 3)
    throw new ConfigError(
      `decayVerdict: need ≥ 3 points with x and y of equal length, got ${x.length} and ${y.length}`,
    );
  if (sigmaLn && sigmaLn.length !== x.length)
    throw new ConfigError(`decayVerdict: need one σ per point, got ${sigmaLn.length} for ${x.length}`);
  const order = x.map((_, i) => i).sort((i, j) => x[i] - x[j]);
  const xs = order.map((i) => x[i]),
    ys = order.map((i) => y[i]),
    N = xs.length;
  let sig = sigmaLn ? order.map((i) => sigmaLn[i]) : undefined,
    sigmaDof: number | undefined,
    noise: DecayVerdict['noise'] = sig ? 'intervals' : 'none';
  if (!sig && N >= DECAY_REQUIREMENTS.points + 1) {
    const s = threeTermScatter(xs, ys.map(Math.log));
    if (s !== null && s > 0) {
      sig = xs.map(() => s);
      sigmaDof = N - 3;
      noise = 'scatter';
    }
  }
  const c = compareDecay(xs, ys, level, sig, sigmaDof);
  const range: [number, number] = [xs[0], xs[N - 1]],
    over = `n = ${range[0]}…${range[1]}`;
  const r = ys[N - 1] / ys[0],
    pct = `${Math.round(level * 100)}% CI`;
  const base = { range, fold: r, noise, separationThreshold: (2 * normalQuantile(level)) ** 2 };
  const e = c.exponential,
    p = c.powerLaw;
  const expText = `${what} ∝ e^{${num(e.slope)} n} (${pct} ${num(e.slopeCI[0])}…${num(e.slopeCI[1])})`;
  const powText = `${what} ∝ n^{${num(p.slope)}} (${pct} ${num(p.slopeCI[0])}…${num(p.slopeCI[1])})`;
  const scatterNote =
    noise === 'scatter' ? ' (σ from the scatter about ln Var = a + b·n + c·ln n: no per-point intervals)' : '';
  const done = (kind: DecayVerdict['kind'], text: string, extra: Partial<DecayVerdict> = {}): DecayVerdict => ({
    ...c,
    ...base,
    missing: [],
    separation: null,
    maxGapSigma: null,
    decide: null,
    ...extra,
    kind,
    text: text + scatterNote,
  });

  // (1) change over the range: last vs first point (model-free), or the OLS slope's t-interval without any σ
  let z: number | null = null,
    sign: number;
  if (sig) {
    z = (Math.log(ys[N - 1]) - Math.log(ys[0])) / Math.hypot(sig[0], sig[N - 1]);
    const q = sigmaDof !== undefined ? studentTQuantile(0.5 + level / 2, sigmaDof) : normalQuantile(0.5 + level / 2);
    sign = z < -q ? -1 : z > q ? 1 : 0;
  } else sign = e.slopeCI[1] < 0 ? -1 : e.slopeCI[0] > 0 ? 1 : 0;
  const change = `${what} ${fold(r)} over ${over}${z === null ? '' : ` (last vs first: ${num(z, 1)}σ)`}`;
  if (sign === 0) return done('flat', `${change}: no significant change — no decay seen over this range`);
  if (sign > 0) return done('growing', `${change}: grows with n`);

  // (2) minimum requirements for telling the laws apart
  const missing = requirementsMissing(xs);
  if (!sig)
    missing.push(
      `per-point uncertainties (bootstrap intervals, or ≥ ${DECAY_REQUIREMENTS.points + 1} points for the scatter)`,
    );
  if (missing.length)
    return done(
      'inconclusive',
      `${change}: decays, but e^{−bn} cannot be told from n^{−a}: needs ${missing.join(', ')} — inconclusive`,
      { missing },
    );

  // (3) can this range separate the two laws at this σ?
  const s2 = Math.max(1, Math.min(c.chi2Exponential!, c.chi2PowerLaw!) / (N - 2));
  const sep = separation(xs, sig!, e, p, s2);
  const extra = { separation: sep.value, maxGapSigma: sep.maxGapSigma };
  if (sep.value < base.separationThreshold) {
    const d = decideAt(xs, sig!, e, p, s2, base.separationThreshold);
    const how = `${d.upToN === null ? `the laws stay within noise of each other up to n = ${d.searchedTo}` : `to decide, measure up to n ≈ ${d.upToN}`} (same σ per point) or take ×${num(d.drawsFactor, 1)} the draws`;
    return done(
      'inconclusive',
      `${change}; ${expText.replace(`${what} ∝ `, `${what} ∝ `)} or ${powText.replace(`${what} ∝ `, '')}: inconclusive over ${over} — the fitted laws differ by ≤ ${num(sep.maxGapSigma, 1)}σ there (separation ${num(sep.value, 1)} < ${num(base.separationThreshold, 1)}); ${how}`,
      { ...extra, decide: { upToN: d.upToN, drawsFactor: d.drawsFactor } },
    );
  }

  // (4) the preferred law, with its strength capped where the other law also fits (or this one does not)
  if (c.preferred === 'neither')
    return done(
      'inconclusive',
      `${expText} or ${powText.replace(`${what} ∝ `, '')}: inconclusive over ${over} (|ΔBIC| = ${num(Math.abs(c.deltaBic), 1)} < 2: the data sit between the two laws)`,
      extra,
    );
  const alpha = 1 - level,
    isExp = c.preferred === 'exponential';
  const pOther = isExp ? c.pPowerLaw! : c.pExponential!,
    pSelf = isExp ? c.pExponential! : c.pPowerLaw!;
  const caveats: string[] = [];
  if (pOther >= alpha)
    caveats.push(`the ${isExp ? 'power law' : 'exponential'} also fits within noise, p = ${num(pOther)}`);
  if (pSelf < alpha)
    caveats.push(
      `neither law fits within noise: χ²/dof = ${num((isExp ? c.chi2Exponential! : c.chi2PowerLaw!) / (N - 2), 1)} for the ${isExp ? 'exponential' : 'power law'}`,
    );
  const strength: Strength =
    caveats.length && (c.strength === 'strong' || c.strength === 'very strong') ? 'positive' : c.strength;
  const by = `(ΔBIC = ${num(Math.abs(c.deltaBic), 1)} over ${isExp ? 'power law' : 'exponential'}, ${strength}${caveats.length ? `; ${caveats.join('; ')}` : ''})`;
  return isExp
    ? done('barren plateau', `${expText}: exponential — barren plateau ${by}`, { ...extra, strength })
    : done('polynomial', `${powText}: polynomial — no barren plateau over ${over} ${by}`, { ...extra, strength });
}
