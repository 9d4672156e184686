/**
 * Straight-line least squares for scaling studies, one implementation for both cases: weighted (WLS, weights 1/σ_i²
 * with σ_i known, e.g. from bootstrap intervals) and ordinary (OLS, unit weights, scale estimated from the residuals).
 * Standard errors from (XᵀWX)⁻¹; with known σ the interval uses the normal quantile unless χ²/dof > 1, when the errors
 * are scaled by √(χ²/dof) (Birge ratio, as the PDG does) and the t quantile is used. Seber & Lee, "Linear Regression
 * Analysis", §3 and §10.1. Exponential (ln y on x) and power-law (ln y on ln x) fits are lines in disguise.
 */
import { ConfigError } from '../../errors';
import { chiSquareSurvival, normalQuantile, studentTQuantile } from '../../stats/distributions';

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

export interface WeightedLinearFit extends LinearFit {
  /** Σ (r_i/σ_i)²: the χ² of the fit. */
  chi2: number;
  /** P(χ²_dof > chi2): the goodness of fit (1 when dof = 0). */
  pValue: number;
  /** √max(1, χ²/dof), the factor applied to the standard errors. */
  scale: number;
}

export interface ExponentialFit extends LinearFit {
  /** e^{slope}: the factor per unit of x. */
  base: number;
  /** slope / ln 2: exponent in base 2 (−1 means y ∝ 2^{−x}). */
  log2Slope: number;
  log2SlopeCI: [number, number];
}

function checkData(x: readonly number[], y: readonly number[], where: string): void {
  if (x.length !== y.length || x.length < 3)
    throw new ConfigError(`${where}: need ≥ 3 points with x and y of equal length, got ${x.length} and ${y.length}`);
  if (![...x, ...y].every(Number.isFinite)) throw new ConfigError(`${where}: non-finite value in the data`);
}

/**
 * The line through (x, y) with weights w. `scale`: 'estimate' (OLS: s² = RSS/dof, t quantile) or 'birge' (known σ:
 * errors × √max(1, χ²/dof); normal quantile, or t_{sigmaDof} when σ itself was estimated with sigmaDof degrees of freedom).
 */
function fitLine(
  x: readonly number[],
  y: readonly number[],
  w: readonly number[],
  level: number,
  scale: 'estimate' | 'birge',
  sigmaDof?: number,
  where = 'linearFit',
): WeightedLinearFit {
  const n = x.length;
  let sw = 0,
    swx = 0,
    swy = 0;
  for (let i = 0; i < n; i++) {
    sw += w[i];
    swx += w[i] * x[i];
    swy += w[i] * y[i];
  }
  const mx = swx / sw,
    my = swy / sw;
  let sxx = 0,
    sxy = 0,
    syy = 0;
  for (let i = 0; i < n; i++) {
    sxx += w[i] * (x[i] - mx) ** 2;
    sxy += w[i] * (x[i] - mx) * (y[i] - my);
    syy += w[i] * (y[i] - my) ** 2;
  }
  if (!(sxx > 0)) throw new ConfigError(`${where}: all x are equal`);
  const slope = sxy / sxx,
    intercept = my - slope * mx;
  let chi2 = 0;
  for (let i = 0; i < n; i++) chi2 += w[i] * (y[i] - intercept - slope * x[i]) ** 2;
  const dof = n - 2;
  const s2 = scale === 'estimate' ? chi2 / dof : Math.max(1, dof > 0 ? chi2 / dof : 1);
  const seSlope = Math.sqrt(s2 / sxx),
    seIntercept = Math.sqrt(s2 * (1 / sw + (mx * mx) / sxx));
  const p = 0.5 + level / 2;
  const q =
    scale === 'estimate' || s2 > 1
      ? studentTQuantile(p, dof)
      : sigmaDof !== undefined
        ? studentTQuantile(p, sigmaDof)
        : normalQuantile(p);
  return {
    slope,
    intercept,
    seSlope,
    seIntercept,
    level,
    dof,
    n,
    slopeCI: [slope - q * seSlope, slope + q * seSlope],
    interceptCI: [intercept - q * seIntercept, intercept + q * seIntercept],
    r2: syy > 0 ? 1 - chi2 / syy : 1,
    chi2,
    pValue: dof > 0 ? chiSquareSurvival(chi2, dof) : 1,
    scale: Math.sqrt(s2),
  };
}

/** OLS of y on x with standard errors and `level` (default 0.95) confidence intervals; needs ≥ 3 points. */
export function linearFit(x: readonly number[], y: readonly number[], level = 0.95): LinearFit {
  checkData(x, y, 'linearFit');
  const {
    chi2: _c,
    pValue: _p,
    scale: _s,
    ...f
  } = fitLine(
    x,
    y,
    x.map(() => 1),
    level,
    'estimate',
  );
  return f;
}

/**
 * WLS of y on x with known standard deviations σ [n] of y (weights 1/σ²): χ², its p-value, and intervals from the
 * normal quantile (t_{dof} with errors scaled by √(χ²/dof) when χ²/dof > 1; t_{sigmaDof} when σ is itself an estimate).
 */
export function weightedLinearFit(
  x: readonly number[],
  y: readonly number[],
  sigma: readonly number[],
  level = 0.95,
  sigmaDof?: number,
): WeightedLinearFit {
  checkData(x, y, 'weightedLinearFit');
  if (sigma.length !== x.length || !sigma.every((s) => s > 0 && Number.isFinite(s)))
    throw new ConfigError(`weightedLinearFit: need ${x.length} finite σ > 0, got [${sigma.join(', ')}]`);
  return fitLine(
    x,
    y,
    sigma.map((s) => 1 / (s * s)),
    level,
    'birge',
    sigmaDof,
    'weightedLinearFit',
  );
}

const withBase = <F extends LinearFit>(f: F): F & ExponentialFit => ({
  ...f,
  base: Math.exp(f.slope),
  log2Slope: f.slope / Math.LN2,
  log2SlopeCI: [f.slopeCI[0] / Math.LN2, f.slopeCI[1] / Math.LN2],
});

function positive(v: readonly number[], what: string, where: string): void {
  const bad = v.find((u) => !(u > 0));
  if (bad !== undefined) throw new ConfigError(`${where}: ${what} must be positive, got ${bad}`);
}

/** y ≈ A·e^{b x}: OLS of ln y on x (y must be positive). */
export function exponentialFit(x: readonly number[], y: readonly number[], level = 0.95): ExponentialFit {
  positive(y, 'y', 'exponentialFit');
  return withBase(linearFit(x, y.map(Math.log), level));
}

/** The weighted exponential fit: WLS of ln y on x with σ(ln y) = sigmaLn. */
export function weightedExponentialFit(
  x: readonly number[],
  y: readonly number[],
  sigmaLn: readonly number[],
  level = 0.95,
  sigmaDof?: number,
): WeightedLinearFit & ExponentialFit {
  positive(y, 'y', 'weightedExponentialFit');
  return withBase(weightedLinearFit(x, y.map(Math.log), sigmaLn, level, sigmaDof));
}

/** One line for tables: "slope −0.69 ± 0.05 (95% CI [−0.80, −0.58]), R² 0.99". */
export function formatFit(f: LinearFit, digits = 3): string {
  return `slope ${f.slope.toFixed(digits)} ± ${f.seSlope.toFixed(digits)} (${Math.round(f.level * 100)}% CI [${f.slopeCI[0].toFixed(digits)}, ${f.slopeCI[1].toFixed(digits)}]), R² ${f.r2.toFixed(3)}`;
}

/** y ≈ A·x^{b}: OLS of ln y on ln x (x and y must be positive); `slope` is the exponent b. */
export function powerLawFit(x: readonly number[], y: readonly number[], level = 0.95): LinearFit {
  positive(x, 'x', 'powerLawFit');
  positive(y, 'y', 'powerLawFit');
  return linearFit(x.map(Math.log), y.map(Math.log), level);
}

/** The weighted power-law fit: WLS of ln y on ln x with σ(ln y) = sigmaLn. */
export function weightedPowerLawFit(
  x: readonly number[],
  y: readonly number[],
  sigmaLn: readonly number[],
  level = 0.95,
  sigmaDof?: number,
): WeightedLinearFit {
  positive(x, 'x', 'weightedPowerLawFit');
  positive(y, 'y', 'weightedPowerLawFit');
  return weightedLinearFit(x.map(Math.log), y.map(Math.log), sigmaLn, level, sigmaDof);
}
