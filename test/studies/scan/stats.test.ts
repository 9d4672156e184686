/** Draw statistics: plain formulas, the bootstrap's seeding, and its coverage of a known variance (Monte Carlo). */
import { createRng } from '../../../src/rng';
import { drawStats } from '../../../src/studies/scan/stats';

test('point values are the plain sample mean and unbiased variances, with offsets that would ruin a naive Σx² formula', () => {
  const rng = createRng('stats'),
    D = 50,
    P = 4;
  const values = Array.from({ length: D }, () => 1e4 + rng.normal() * 1e-2);
  const grads = Array.from({ length: D * P }, () => rng.normal());
  const s = drawStats(values, grads, P, { resamples: 0, level: 0.95, seed: 1 });
  const mean = values.reduce((a, b) => a + b, 0) / D;
  const v = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (D - 1);
  expect(s.lossMean.value).toBeCloseTo(mean, 9);
  expect(Math.abs(s.lossVar.value / v - 1)).toBeLessThan(1e-8);
  const col = (k: number) => Array.from({ length: D }, (_, b) => grads[b * P + k]);
  const uvar = (x: number[]) => {
    const m = x.reduce((a, b) => a + b, 0) / x.length;
    return x.reduce((a, b) => a + (b - m) ** 2, 0) / (x.length - 1);
  };
  const comp = [0, 1, 2, 3].map((k) => uvar(col(k)));
  comp.forEach((c, k) => expect(s.grad!.componentVar[k]).toBeCloseTo(c, 12));
  expect(s.grad!.varMean.value).toBeCloseTo(comp.reduce((a, b) => a + b, 0) / P, 12);
  expect(s.grad!.varFirst.value).toBeCloseTo(comp[0], 12);
  expect(s.grad!.meanVar.value).toBeCloseTo(
    uvar(Array.from({ length: D }, (_, b) => (col(0)[b] + col(1)[b] + col(2)[b] + col(3)[b]) / 4)),
    12,
  );
  expect(s.lossVar.lo).toBeNull();
});

test('bootstrap intervals: same seed, same interval; another seed, another; they bracket the estimate', () => {
  const rng = createRng('boot');
  const values = Array.from({ length: 200 }, () => rng.normal());
  const a = drawStats(values, null, 0, { resamples: 300, level: 0.9, seed: 7 });
  const b = drawStats(values, null, 0, { resamples: 300, level: 0.9, seed: 7 });
  const c = drawStats(values, null, 0, { resamples: 300, level: 0.9, seed: 8 });
  expect(a).toEqual(b);
  expect(c.lossVar.lo).not.toBe(a.lossVar.lo);
  expect(a.lossVar.lo!).toBeLessThan(a.lossVar.value);
  expect(a.lossVar.hi!).toBeGreaterThan(a.lossVar.value);
  expect(a.grad).toBeNull();
});

test('the 90% percentile interval of a variance covers the true variance about 90% of the time (400 data sets)', () => {
  const rng = createRng('coverage');
  let covered = 0;
  const trials = 400;
  for (let t = 0; t < trials; t++) {
    const values = Array.from({ length: 100 }, () => 2 * rng.normal()); // true variance 4
    const s = drawStats(values, null, 0, { resamples: 200, level: 0.9, seed: t });
    if (s.lossVar.lo! <= 4 && 4 <= s.lossVar.hi!) covered++;
  }
  // percentile intervals of a variance under-cover slightly at D = 100; binomial sd at 0.9 and 400 trials is 0.015
  expect(covered / trials).toBeGreaterThan(0.8);
  expect(covered / trials).toBeLessThan(0.96);
});
