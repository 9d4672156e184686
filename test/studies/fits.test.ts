/**
 * Fits: exact lines, the t, χ² and normal distributions vs table values, CI coverage by Monte Carlo (OLS and WLS),
 * exponential fit of 2^{−n}, and the verdict's basic cases (known laws and the rules: test/studies/decay.test.ts).
 */
import {
  chiSquareSurvival,
  compareDecay,
  decayVerdict,
  exponentialFit,
  linearFit,
  normalQuantile,
  powerLawFit,
  sigmaLnFromInterval,
  studentTQuantile,
  weightedLinearFit,
} from '../../src/studies/fits';
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

test('χ² survival and normal quantiles match table values', () => {
  // χ² 95% points (any table): k=1 3.841, k=2 5.991, k=5 11.070, k=10 18.307; 99%: k=3 11.345
  for (const [x, k] of [
    [3.841, 1],
    [5.991, 2],
    [11.07, 5],
    [18.307, 10],
  ])
    expect(chiSquareSurvival(x, k)).toBeCloseTo(0.05, 4);
  expect(chiSquareSurvival(11.345, 3)).toBeCloseTo(0.01, 4);
  expect(chiSquareSurvival(3, 2)).toBeCloseTo(Math.exp(-1.5), 12); // k = 2: e^{−x/2}
  expect(chiSquareSurvival(0, 4)).toBe(1);
  expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 8);
  expect(normalQuantile(0.95)).toBeCloseTo(1.644853627, 8);
  expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
  expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902, 6);
  expect(() => normalQuantile(1)).toThrow('0 < p < 1');
});

test('WLS: equal σ gives the OLS line; χ² is Σ(r/σ)²; known-σ intervals cover ≈ 95% with unequal σ (Monte Carlo)', () => {
  const x = [2, 3, 5, 7, 11, 13],
    y = [1.2, 0.7, 0.1, -0.9, -2.2, -2.5];
  const o = linearFit(x, y),
    w = weightedLinearFit(
      x,
      y,
      x.map(() => 0.3),
    );
  expect(w.slope).toBeCloseTo(o.slope, 12);
  expect(w.intercept).toBeCloseTo(o.intercept, 12);
  expect(w.chi2).toBeCloseTo(
    x.reduce((s, v, i) => s + ((y[i] - o.intercept - o.slope * v) / 0.3) ** 2, 0),
    10,
  );
  expect(() => weightedLinearFit(x, y, [1, 1, 1, 1, 1, 0])).toThrow('σ > 0');
  const rng = createRng('wls'),
    sig = x.map((_, i) => 0.05 * (i + 1));
  let covered = 0,
    chi2 = 0;
  const trials = 2000;
  for (let k = 0; k < trials; k++) {
    const f = weightedLinearFit(
      x,
      x.map((v, i) => 1 - 0.4 * v + sig[i] * rng.normal()),
      sig,
    );
    if (f.slopeCI[0] <= -0.4 && -0.4 <= f.slopeCI[1]) covered++;
    chi2 += f.chi2 / trials;
  }
  // Birge scaling only widens intervals (when χ²/dof > 1), so coverage is ≥ 95% and close to it
  expect(covered / trials).toBeGreaterThan(0.94);
  expect(covered / trials).toBeLessThan(0.99);
  expect(chi2).toBeCloseTo(x.length - 2, 0); // E χ² = dof
});

test('σ of ln v from a percentile interval: a lognormal interval gives its σ back; missing or empty intervals give null', () => {
  const z = normalQuantile(0.975);
  expect(sigmaLnFromInterval(Math.exp(-0.2 * z), Math.exp(0.2 * z), 0.95)).toBeCloseTo(0.2, 12);
  expect(sigmaLnFromInterval(null, 1, 0.95)).toBeNull();
  expect(sigmaLnFromInterval(0, 1, 0.95)).toBeNull();
  expect(sigmaLnFromInterval(1, 1, 0.95)).toBeNull();
});

test('exact line: zero standard error; 2^{−n} gives log2 slope −1', () => {
  const f = linearFit([0, 1, 2, 3], [1, 3, 5, 7]);
  expect(f.slope).toBeCloseTo(2, 12);
  expect(f.intercept).toBeCloseTo(1, 12);
  expect(f.seSlope).toBeCloseTo(0, 12);
  const e = exponentialFit(
    [1, 2, 3, 4, 5],
    [1, 2, 3, 4, 5].map((n) => 3 * 2 ** -n),
  );
  expect(e.log2Slope).toBeCloseTo(-1, 10);
  expect(e.base).toBeCloseTo(0.5, 10);
  expect(Math.exp(e.intercept)).toBeCloseTo(3, 8);
  expect(() => exponentialFit([1, 2, 3], [1, 0, 2])).toThrow('positive');
});

test('95% CI of the slope covers the true slope ≈ 95% of the time (Monte Carlo, 2000 fits)', () => {
  const rng = createRng('ci'),
    x = [0, 1, 2, 3, 4, 5];
  let covered = 0;
  const trials = 2000;
  for (let k = 0; k < trials; k++) {
    const f = linearFit(
      x,
      x.map((v) => 0.5 - 0.7 * v + 0.3 * rng.normal()),
    );
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
  const p = powerLawFit(
    x,
    x.map((v) => 5 * v ** -1.5),
  );
  expect(p.slope).toBeCloseTo(-1.5, 10);
  expect(Math.exp(p.intercept)).toBeCloseTo(5, 8);
  const y = noisy('pl', x, (v) => Math.log(3) - 2 * Math.log(v));
  const c = compareDecay(x, y);
  const rss = (u: number[], f: { slope: number; intercept: number }) =>
    u.reduce((s, v, i) => s + (Math.log(y[i]) - f.intercept - f.slope * v) ** 2, 0);
  const rssExp = rss(x, c.exponential),
    rssPow = rss(x.map(Math.log), c.powerLaw);
  expect(c.deltaBic).toBeCloseTo(x.length * Math.log(rssPow / rssExp), 10);
  expect(() => powerLawFit([0, 1, 2], [1, 2, 3])).toThrow('x must be positive');
});

test('exponential data: slope recovered within its CI, exponential preferred, verdict "barren plateau"', () => {
  const x = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
    sig = x.map(() => 0.1);
  const v = decayVerdict(
    x,
    noisy('exp', x, (n) => 0.3 - 0.69 * n),
    0.95,
    'Var',
    sig,
  );
  expect(v.exponential.slopeCI[0]).toBeLessThan(-0.69);
  expect(v.exponential.slopeCI[1]).toBeGreaterThan(-0.69);
  expect(v.deltaBic).toBeGreaterThan(6);
  expect(v.preferred).toBe('exponential');
  expect(v.kind).toBe('barren plateau');
  expect(v.noise).toBe('intervals');
  expect(v.text).toMatch(
    /^Var ∝ e\^\{−0\.\d\d n\} \(95% CI −0\.\d\d…−0\.\d\d\): exponential — barren plateau \(ΔBIC = [\d.e+]+ over power law, (strong|very strong)\)$/,
  );
  // without per-point σ the noise comes from the scatter about a + b·n + c·ln n, and the reading is the same
  const u = decayVerdict(
    x,
    noisy('exp', x, (n) => 0.3 - 0.69 * n),
  );
  expect(u.noise).toBe('scatter');
  expect(u.kind).toBe('barren plateau');
  expect(u.text).toContain('no per-point intervals');
});

test('power-law data: exponent recovered, power law preferred, verdict "polynomial"; flat data: "flat"; growing: "growing"', () => {
  const x = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
    sig = x.map(() => 0.1);
  const v = decayVerdict(
    x,
    noisy('pow', x, (n) => -1 - 2 * Math.log(n)),
    0.95,
    'Var',
    sig,
  );
  expect(v.powerLaw.slopeCI[0]).toBeLessThan(-2);
  expect(v.powerLaw.slopeCI[1]).toBeGreaterThan(-2);
  expect(v.deltaBic).toBeLessThan(-6);
  expect(v.kind).toBe('polynomial');
  expect(v.text).toContain('polynomial — no barren plateau over n = 2…12');
  const flat = decayVerdict(
    x,
    noisy('flat', x, () => Math.log(0.8)),
    0.95,
    'Var',
    sig,
  );
  expect(flat.kind).toBe('flat');
  expect(flat.text).toContain('no significant change');
  const grow = decayVerdict(
    x,
    x.map((n) => Math.exp(0.5 * n)),
    0.95,
    'Var',
    sig,
  );
  expect(grow.kind).toBe('growing');
});

test('a short range with large scatter cannot tell the models apart: "inconclusive over n = a…b" with how far to measure', () => {
  const x = [5, 6, 7, 8, 9, 10];
  const v = decayVerdict(
    x,
    x.map((n, i) => Math.exp(-0.7 * n + [0.3, -0.3, 0.3, -0.3, 0.3, -0.3][i])),
    0.95,
    'Var',
    x.map(() => 0.3),
  );
  expect(v.kind).toBe('inconclusive');
  expect(v.separation!).toBeLessThan(v.separationThreshold);
  expect(v.text).toContain('inconclusive over n = 5…10');
  expect(v.decide!.upToN!).toBeGreaterThan(10);
  expect(v.text).toContain(`measure up to n ≈ ${v.decide!.upToN}`);
  // the unweighted comparison keeps its old meaning: ΔBIC = N·ln(RSS_pow/RSS_exp)
  const c = compareDecay(
    x,
    x.map((n) => Math.exp(-0.7 * n)),
  );
  expect(c.sigmaLn).toBeNull();
  expect(c.chi2Exponential).toBeNull();
});
