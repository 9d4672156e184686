/**
 * Distribution functions for the fits: Student's t (CDF by the regularised incomplete beta function, quantile by
 * bisection; Abramowitz & Stegun 26.5, 26.7), χ² survival by the regularised upper incomplete gamma function
 * (special.ts), and the normal quantile (Acklam's rational approximation, refined by one Halley step on erfc: relative
 * error below 1e-14). All in Float64.
 */
import { ConfigError } from '../errors';
import { gammaQ, incompleteBeta } from './special';

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
  if (!(p > 0 && p < 1) || !(nu > 0))
    throw new ConfigError(`studentTQuantile: need 0 < p < 1 and ν > 0, got p=${p}, ν=${nu}`);
  let lo = -1e3,
    hi = 1e3;
  for (let k = 0; k < 200; k++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, nu) < p) lo = mid;
    else hi = mid;
  }
  quantileCache.set(key, (lo + hi) / 2);
  return (lo + hi) / 2;
}

/** P(χ²_k > x): the p-value of a χ² statistic x with k degrees of freedom. */
export function chiSquareSurvival(x: number, k: number): number {
  return x <= 0 ? 1 : gammaQ(k / 2, x / 2);
}

/** erfc(x), from Q(½, x²) for x ≥ 0. */
function erfc(x: number): number {
  return x >= 0 ? gammaQ(0.5, x * x) : 2 - gammaQ(0.5, x * x);
}

/** Φ⁻¹(p), the standard normal quantile (0 < p < 1). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new ConfigError(`normalQuantile: need 0 < p < 1, got ${p}`);
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  let x: number;
  if (p < lo || p > 1 - lo) {
    const q = Math.sqrt(-2 * Math.log(p < lo ? p : 1 - p));
    x =
      (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    if (p > 1 - lo) x = -x;
  } else {
    const q = p - 0.5,
      r = q * q;
    x =
      ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
      (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
  const e = 0.5 * erfc(-x / Math.SQRT2) - p,
    u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}
