/**
 * Least-squares fits for scaling studies: ordinary least squares with standard errors and Student-t confidence
 * intervals, and the exponential fit y ≈ A·e^{b·n} done as OLS of ln y on n (the usual barren-plateau fit; b = −ln 2
 * means halving per unit of n). Formulas: any regression text (e.g. Seber & Lee, "Linear Regression Analysis", §3);
 * the t quantile inverts the regularised incomplete beta function by bisection (Abramowitz & Stegun 26.5, 26.7).
 */
import { ConfigError } from '../errors';

export interface LinearFit {
  slope: number;
  intercept: number;
  seSlope: number;
  seIntercept: number;
  /** Two-sided confidence interval of the slope at `level`. */
  slopeCI: [number, number];
  interceptCI: [number, number];
  level: number;
  r2: number;
  /** Residual degrees of freedom, points − 2. */
  dof: number;
  n: number;
}

export interface ExponentialFit extends LinearFit {
  /** e^{slope}: the factor per unit of x. */
  base: number;
  /** slope / ln 2: exponent in base 2 (−1 means y ∝ 2^{−x}). */
  log2Slope: number;
  log2SlopeCI: [number, number];
}

/** Continued fraction for the regularised incomplete beta function (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1, d = 1 - ((a + b) * x) / (a + 1);
  d = Math.abs(d) < tiny ? tiny : d;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d; d = Math.abs(d) < tiny ? tiny : d; c = 1 + aa / c; c = Math.abs(c) < tiny ? tiny : c; d = 1 / d; h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d; d = Math.abs(d) < tiny ? tiny : d; c = 1 + aa / c; c = Math.abs(c) < tiny ? tiny : c; d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}

function logGamma(x: number): number {
  // Lanczos approximation, g = 7, 9 terms (accurate to ~1e-15 for x > 0)
  const g = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let a = g[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += g[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** I_x(a, b), the regularised incomplete beta function. */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lbt = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x);
  return x < (a + 1) / (a + b + 2) ? (Math.exp(lbt) * betaContinuedFraction(a, b, x)) / a : 1 - (Math.exp(lbt) * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** P(T ≤ t) for Student's t with ν degrees of freedom. */
export function studentTCdf(t: number, nu: number): number {
  const tail = 0.5 * incompleteBeta(nu / (nu + t * t), nu / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

const quantileCache = new Map<string, number>();

/** The p-quantile of Student's t with ν degrees of freedom (bisection on the CDF; memoised). */
export function studentTQuantile(p: number, nu: number): number {
  const key = `${p}/${nu}`;
  const hit = quantileCache.get(key);
  if (hit !== undefined) return hit;
  if (!(p > 0 && p < 1) || !(nu > 0)) throw new ConfigError(`studentTQuantile: need 0 < p < 1 and ν > 0, got p=${p}, ν=${nu}`);
  let lo = -1e3, hi = 1e3;
  for (let k = 0; k < 200; k++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, nu) < p) lo = mid;
    else hi = mid;
  }
  quantileCache.set(key, (lo + hi) / 2);
  return (lo + hi) / 2;
}

/** OLS of y on x with standard errors and `level` (default 0.95) confidence intervals; needs ≥ 3 points. */
export function linearFit(x: readonly number[], y: readonly number[], level = 0.95): LinearFit {
  const n = x.length;
  if (n !== y.length || n < 3) throw new ConfigError(`linearFit: need ≥ 3 points with x and y of equal length, got ${n} and ${y.length}`);
  if (![...x, ...y].every(Number.isFinite)) throw new ConfigError('linearFit: non-finite value in the data');
  const mx = x.reduce((a, b) => a + b, 0) / n, my = y.reduce((a, b) => a + b, 0) / n;
  let sxx = 0, sxy = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i] - mx) ** 2;
    sxy += (x[i] - mx) * (y[i] - my);
    syy += (y[i] - my) ** 2;
  }
  if (sxx === 0) throw new ConfigError('linearFit: all x are equal');
  const slope = sxy / sxx, intercept = my - slope * mx;
  let sse = 0;
  for (let i = 0; i < n; i++) sse += (y[i] - intercept - slope * x[i]) ** 2;
  const dof = n - 2, s2 = sse / dof;
  const seSlope = Math.sqrt(s2 / sxx), seIntercept = Math.sqrt(s2 * (1 / n + (mx * mx) / sxx));
  const t = studentTQuantile(0.5 + level / 2, dof);
  return {
    slope, intercept, seSlope, seIntercept, level, dof, n,
    slopeCI: [slope - t * seSlope, slope + t * seSlope],
    interceptCI: [intercept - t * seIntercept, intercept + t * seIntercept],
    r2: syy > 0 ? 1 - sse / syy : 1,
  };
}

/** y ≈ A·e^{b x}: OLS of ln y on x (y must be positive). */
export function exponentialFit(x: readonly number[], y: readonly number[], level = 0.95): ExponentialFit {
  if (y.some((v) => !(v > 0))) throw new ConfigError(`exponentialFit: y must be positive, got ${y.find((v) => !(v > 0))}`);
  const f = linearFit(x, y.map(Math.log), level);
  return { ...f, base: Math.exp(f.slope), log2Slope: f.slope / Math.LN2, log2SlopeCI: [f.slopeCI[0] / Math.LN2, f.slopeCI[1] / Math.LN2] };
}

/** One line for tables: "slope −0.69 ± 0.05 (95% CI [−0.80, −0.58]), R² 0.99". */
export function formatFit(f: LinearFit, digits = 3): string {
  return `slope ${f.slope.toFixed(digits)} ± ${f.seSlope.toFixed(digits)} (${Math.round(f.level * 100)}% CI [${f.slopeCI[0].toFixed(digits)}, ${f.slopeCI[1].toFixed(digits)}]), R² ${f.r2.toFixed(3)}`;
}

/** y ≈ A·x^{b}: OLS of ln y on ln x (x and y must be positive); `slope` is the exponent b. */
export function powerLawFit(x: readonly number[], y: readonly number[], level = 0.95): LinearFit {
  if (x.some((v) => !(v > 0))) throw new ConfigError(`powerLawFit: x must be positive, got ${x.find((v) => !(v > 0))}`);
  if (y.some((v) => !(v > 0))) throw new ConfigError(`powerLawFit: y must be positive, got ${y.find((v) => !(v > 0))}`);
  return linearFit(x.map(Math.log), y.map(Math.log), level);
}

/** Residual sum of squares of a fit of ln y on u (u = x or ln x). */
function rss(u: readonly number[], lnY: readonly number[], f: LinearFit): number {
  return u.reduce((s, v, i) => s + (lnY[i] - f.intercept - f.slope * v) ** 2, 0);
}

export interface DecayComparison {
  /** ln y = a + b·x. */
  exponential: ExponentialFit;
  /** ln y = a + b·ln x. */
  powerLaw: LinearFit;
  /** Residual sums of squares of ln y under each model. */
  rssExponential: number;
  rssPowerLaw: number;
  /**
   * BIC(power law) − BIC(exponential) = N·ln(RSS_pow/RSS_exp): positive favours the exponential model. Both models have
   * two coefficients and fit the same response ln y with Gaussian errors of unknown variance (profiled out, σ̂² = RSS/N),
   * so the parameter penalties cancel and ΔAIC = ΔBIC = 2·ln(likelihood ratio) of the two least-squares fits.
   */
  deltaBic: number;
  /** The model with the lower BIC, or 'neither' when |ΔBIC| < 2 (Kass & Raftery 1995: "not worth more than a bare mention"). */
  preferred: 'exponential' | 'power law' | 'neither';
  /** Kass & Raftery's words for |ΔBIC|: < 2 weak, 2–6 positive, 6–10 strong, > 10 very strong. */
  strength: 'weak' | 'positive' | 'strong' | 'very strong';
}

/**
 * Exponential vs power-law decay of y(x) (x = qubit count, y = a variance): both fits with t-intervals, and which one
 * the data support by ΔBIC (see DecayComparison.deltaBic). Needs ≥ 3 points with x, y > 0. A perfect fit is floored
 * at RSS = 1e-24·N so that ΔBIC stays finite.
 */
export function compareDecay(x: readonly number[], y: readonly number[], level = 0.95): DecayComparison {
  const exponential = exponentialFit(x, y, level), powerLaw = powerLawFit(x, y, level);
  const lnY = y.map(Math.log), N = x.length, floor = 1e-24 * N;
  const rssExponential = rss(x, lnY, exponential), rssPowerLaw = rss(x.map(Math.log), lnY, powerLaw);
  const deltaBic = N * Math.log(Math.max(rssPowerLaw, floor) / Math.max(rssExponential, floor));
  const a = Math.abs(deltaBic);
  return {
    exponential, powerLaw, rssExponential, rssPowerLaw, deltaBic,
    preferred: a < 2 ? 'neither' : deltaBic > 0 ? 'exponential' : 'power law',
    strength: a < 2 ? 'weak' : a < 6 ? 'positive' : a < 10 ? 'strong' : 'very strong',
  };
}

export interface DecayVerdict extends DecayComparison {
  /** 'barren plateau' (exponential decay preferred), 'polynomial' (power law preferred), 'flat' (no significant decay), 'growing', or 'inconclusive'. */
  kind: 'barren plateau' | 'polynomial' | 'flat' | 'growing' | 'inconclusive';
  /** One line, e.g. "Var ∝ e^{−0.69 n} (95% CI −0.74…−0.64): exponential — barren plateau (ΔBIC = 12.0 over power law, very strong)". */
  text: string;
}

const num = (v: number, d = 2) => (Math.abs(v) >= 100 || (v !== 0 && Math.abs(v) < 0.01) ? v.toExponential(1) : v.toFixed(d)).replace('-', '−');

/**
 * The verdict on a variance scan: an exponential slope whose interval lies below zero and ΔBIC ≥ 2 in favour of the
 * exponential is a barren plateau; ΔBIC ≤ −2 with a decaying power law is polynomial decay; a slope interval
 * containing 0 is flat; |ΔBIC| < 2 with a decaying slope is inconclusive (extend the n range). `what` names y ("Var").
 */
export function decayVerdict(x: readonly number[], y: readonly number[], level = 0.95, what = 'Var'): DecayVerdict {
  const c = compareDecay(x, y, level);
  const pct = `${Math.round(level * 100)}% CI`;
  const e = c.exponential, p = c.powerLaw;
  const expText = `${what} ∝ e^{${num(e.slope)} n} (${pct} ${num(e.slopeCI[0])}…${num(e.slopeCI[1])})`;
  const powText = `${what} ∝ n^{${num(p.slope)}} (${pct} ${num(p.slopeCI[0])}…${num(p.slopeCI[1])})`;
  const by = (other: string) => `(ΔBIC = ${num(Math.abs(c.deltaBic), 1)} over ${other}, ${c.strength})`;
  let kind: DecayVerdict['kind'], text: string;
  if (e.slopeCI[0] <= 0 && e.slopeCI[1] >= 0) {
    kind = 'flat';
    text = `${expText}: no significant decay — no barren plateau`;
  } else if (e.slopeCI[0] > 0) {
    kind = 'growing';
    text = `${expText}: grows with n`;
  } else if (c.preferred === 'exponential') {
    kind = 'barren plateau';
    text = `${expText}: exponential — barren plateau ${by('power law')}`;
  } else if (c.preferred === 'power law') {
    kind = 'polynomial';
    text = `${powText}: polynomial — no barren plateau ${by('exponential')}`;
  } else {
    kind = 'inconclusive';
    text = `${expText} or ${powText}: inconclusive (|ΔBIC| = ${num(Math.abs(c.deltaBic), 1)} < 2; widen the n range)`;
  }
  return { ...c, kind, text };
}
