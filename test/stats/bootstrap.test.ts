/** The bootstrap's resamples (multiplicities that sum to D, seeded) and percentile intervals (type-7 quantiles). */
import { forEachResample, fullSample, percentileInterval } from '../../src/stats/bootstrap';
import { quantileSorted } from '../../src/stats/quantile';
import { createRng } from '../../src/rng';

test('each resample lists the draws picked with their counts (Σ = D), the same for the same seed', () => {
  const seen: string[] = [];
  forEachResample(7, 50, 3, (s) => {
    expect(s.mult.reduce((a, b) => a + b, 0)).toBe(7);
    expect([...s.rows].every((r, i) => r < 7 && (i === 0 || r > s.rows[i - 1]))).toBe(true);
    seen.push(`${s.rows}|${s.mult}`);
  });
  const again: string[] = [];
  forEachResample(7, 50, 3, (s) => void again.push(`${s.rows}|${s.mult}`));
  expect(again).toEqual(seen);
  expect(new Set(seen).size).toBeGreaterThan(40);
  expect(fullSample(3)).toEqual({ rows: Uint32Array.from([0, 1, 2]), mult: Float64Array.from([1, 1, 1]) });
});

test('resample counts follow Multinomial(D, 1/D): mean 1 and variance 1 − 1/D per draw', () => {
  const D = 5,
    R = 20000,
    sum = new Float64Array(D),
    sq = new Float64Array(D);
  forEachResample(D, R, 11, (s) => s.rows.forEach((r, i) => ((sum[r] += s.mult[i]), (sq[r] += s.mult[i] ** 2))));
  for (let b = 0; b < D; b++) {
    const m = sum[b] / R;
    expect(m).toBeCloseTo(1, 1);
    expect(sq[b] / R - m * m).toBeCloseTo(1 - 1 / D, 1);
  }
});

test('the percentile interval is the pair of type-7 quantiles at (1 ∓ level)/2 of the resampled values', () => {
  const rng = createRng(5),
    s = Float64Array.from({ length: 999 }, () => rng.normal());
  const e = percentileInterval(s, 0.1, 0.9),
    sorted = Float64Array.from(s).sort();
  expect(e).toEqual({ value: 0.1, lo: quantileSorted(sorted, 0.05), hi: quantileSorted(sorted, 0.95) });
  expect(e.lo!).toBeCloseTo(-1.645, 0);
  expect(percentileInterval(new Float64Array(0), 2, 0.9)).toEqual({ value: 2, lo: null, hi: null });
});
