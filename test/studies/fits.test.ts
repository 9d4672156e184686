/** Fits: exact lines, the t quantile vs table values, CI coverage by Monte Carlo, exponential fit of 2^{−n}. */
import { exponentialFit, linearFit, studentTQuantile } from '../../src/studies/fits';
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
