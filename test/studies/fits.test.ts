/** Fits: exact lines, the t quantile vs table values, CI coverage by Monte Carlo, exponential fit of 2^{−n}. */
import { compareDecay, decayVerdict, exponentialFit, linearFit, powerLawFit, studentTQuantile } from '../../src/studies/fits';
import { createRng } from '../../src/rng';

test('t quantiles match table values', () => {
  // Standard t-table (two-sided 95%): ν=1 12.706, ν=2 4.303, ν=5 2.571, ν=30 2.042; ν=10, 99.5%: 3.169
  expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.706, 2);
  expect(studentTQuantile(0.975, 2)).toBeCloseTo(4.303, 3);
  expect(studentTQuantile(0.975, 5)).toBeCloseTo(2.571, 3);
  expect(studentTQuantile(0.975, 30)).toBeCloseTo(2.042, 3);
  expect(studentTQuantile(0.995, 10)).toBeCloseTo(3.169, 3);
  expect(studentTQuantile(0.025, 5)).toBeCloseTo(-2.571, 3);
});

test('exact line: zero standard error; 2^{−n} gives log2 slope −1', () => {
  const f = linearFit([0, 1, 2, 3], [1, 3, 5, 7]);
  expect(f.slope).toBeCloseTo(2, 12);
  expect(f.intercept).toBeCloseTo(1, 12);
  expect(f.seSlope).toBeCloseTo(0, 12);
  const e = exponentialFit([1, 2, 3, 4, 5], [1, 2, 3, 4, 5].map((n) => 3 * 2 ** -n));
  expect(e.log2Slope).toBeCloseTo(-1, 10);
  expect(e.base).toBeCloseTo(0.5, 10);
  expect(Math.exp(e.intercept)).toBeCloseTo(3, 8);
  expect(() => exponentialFit([1, 2, 3], [1, 0, 2])).toThrow('positive');
});

test('95% CI of the slope covers the true slope ≈ 95% of the time (Monte Carlo, 2000 fits)', () => {
  const rng = createRng('ci'), x = [0, 1, 2, 3, 4, 5];
  let covered = 0;
  const trials = 2000;
  for (let k = 0; k < trials; k++) {
    const f = linearFit(x, x.map((v) => 0.5 - 0.7 * v + 0.3 * rng.normal()));
    if (f.slopeCI[0] <= -0.7 && -0.7 <= f.slopeCI[1]) covered++;
  }
  // binomial sd at p = 0.95, 2000 trials ≈ 0.0049: allow 3 sd
  expect(Math.abs(covered / trials - 0.95)).toBeLessThan(0.015);
});

/** ln y with seeded Gaussian noise of sd 0.1 on ln y. */
const noisy = (seed: string, x: number[], lnY: (v: number) => number) => {
  const rng = createRng(seed);
  return x.map((v) => Math.exp(lnY(v) + 0.1 * rng.normal()));
};

test('power-law fit recovers the exponent; RSS and ΔBIC recomputed by hand', () => {
  const x = [2, 3, 4, 5, 6, 8, 10, 12];
  const p = powerLawFit(x, x.map((v) => 5 * v ** -1.5));
  expect(p.slope).toBeCloseTo(-1.5, 10);
  expect(Math.exp(p.intercept)).toBeCloseTo(5, 8);
  const y = noisy('pl', x, (v) => Math.log(3) - 2 * Math.log(v));
  const c = compareDecay(x, y);
  const rss = (u: number[], f: { slope: number; intercept: number }) => u.reduce((s, v, i) => s + (Math.log(y[i]) - f.intercept - f.slope * v) ** 2, 0);
  const rssExp = rss(x, c.exponential), rssPow = rss(x.map(Math.log), c.powerLaw);
  expect(c.deltaBic).toBeCloseTo(x.length * Math.log(rssPow / rssExp), 10);
  expect(() => powerLawFit([0, 1, 2], [1, 2, 3])).toThrow('x must be positive');
});

test('exponential data: slope recovered within its CI, exponential preferred, verdict "barren plateau"', () => {
  const x = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  const v = decayVerdict(x, noisy('exp', x, (n) => 0.3 - 0.69 * n));
  expect(v.exponential.slopeCI[0]).toBeLessThan(-0.69);
  expect(v.exponential.slopeCI[1]).toBeGreaterThan(-0.69);
  expect(v.deltaBic).toBeGreaterThan(6);
  expect(v.preferred).toBe('exponential');
  expect(v.kind).toBe('barren plateau');
  expect(v.text).toMatch(/^Var ∝ e\^\{−0\.\d\d n\} \(95% CI −0\.\d\d…−0\.\d\d\): exponential — barren plateau \(ΔBIC = [\d.]+ over power law, (strong|very strong)\)$/);
});

test('power-law data: exponent recovered, power law preferred, verdict "polynomial"; flat data: "flat"', () => {
  const x = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  const v = decayVerdict(x, noisy('pow', x, (n) => -1 - 2 * Math.log(n)));
  expect(v.powerLaw.slopeCI[0]).toBeLessThan(-2);
  expect(v.powerLaw.slopeCI[1]).toBeGreaterThan(-2);
  expect(v.deltaBic).toBeLessThan(-6);
  expect(v.kind).toBe('polynomial');
  expect(v.text).toContain('polynomial — no barren plateau');
  const flat = decayVerdict(x, noisy('flat', x, () => Math.log(0.8)));
  expect(flat.kind).toBe('flat');
  const grow = decayVerdict(x, x.map((n) => Math.exp(0.5 * n)));
  expect(grow.kind).toBe('growing');
});

test('a short range with large scatter cannot tell the models apart: |ΔBIC| < 2 gives "inconclusive"', () => {
  const x = [6, 7, 8, 9, 10];
  const v = decayVerdict(x, x.map((n, i) => Math.exp(-0.7 * n + [0.3, -0.3, 0.3, -0.3, 0.3][i])));
  expect(Math.abs(v.deltaBic)).toBeLessThan(2);
  expect(v.kind).toBe('inconclusive');
  expect(v.text).toContain('inconclusive');
});
