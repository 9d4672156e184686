/**
 * Composite Gauss–Legendre quadrature in Float64: m-point nodes and weights on [−1, 1] by Newton's method on P_m
 * (Golub & Welsch give the same nodes; Abramowitz & Stegun 25.4.29), applied on equal panels between given
 * breakpoints, so that kinks placed at breakpoints cost no accuracy.
 */
import { ConfigError } from '../errors';

const rules = new Map<number, { x: Float64Array; w: Float64Array }>();

/** Nodes and weights of the m-point Gauss–Legendre rule on [−1, 1] (memoised). */
export function gaussLegendre(m: number): { x: Float64Array; w: Float64Array } {
  const hit = rules.get(m);
  if (hit) return hit;
  if (!(Number.isInteger(m) && m >= 1 && m <= 200))
    throw new ConfigError(`gaussLegendre: need an integer 1 ≤ m ≤ 200, got ${m}`);
  const x = new Float64Array(m),
    w = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (m + 0.5)),
      dp = 0;
    for (let it = 0; it < 100; it++) {
      let p0 = 1,
        p1 = 0;
      for (let k = 1; k <= m; k++) [p0, p1] = [((2 * k - 1) * z * p0 - (k - 1) * p1) / k, p0];
      dp = (m * (z * p0 - p1)) / (z * z - 1); // P_m'(z)
      const dz = p0 / dp;
      z -= dz;
      if (Math.abs(dz) < 1e-16) break;
    }
    x[i] = z;
    w[i] = 2 / ((1 - z * z) * dp * dp);
  }
  const r = { x, w };
  rules.set(m, r);
  return r;
}

/** ∫ f over [bp₀, bp_last], each interval between consecutive breakpoints cut into `panels` panels of an m-point rule. */
export function integrate(f: (t: number) => number, breakpoints: readonly number[], panels = 16, m = 20): number {
  const { x, w } = gaussLegendre(m);
  let s = 0;
  for (let b = 0; b + 1 < breakpoints.length; b++) {
    const lo = breakpoints[b],
      h = (breakpoints[b + 1] - lo) / panels;
    if (!(h > 0)) continue;
    for (let p = 0; p < panels; p++) {
      const mid = lo + (p + 0.5) * h;
      for (let i = 0; i < m; i++) s += (w[i] * h * f(mid + (x[i] * h) / 2)) / 2;
    }
  }
  return s;
}
