/** Type-7 quantiles, medians and the median member against values computed by hand (h = (m − 1)p, interpolate). */
import { medianMember, spread } from '../../../src/studies/compare/quantiles';
import { median, quantile } from '../../../src/stats/quantile';

test('quartiles of 1..4: h = 0.75 → 1.75, h = 1.5 → 2.5, h = 2.25 → 3.25', () => {
  expect(quantile([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75, 12);
  expect(median([4, 3, 2, 1])).toBeCloseTo(2.5, 12);
  expect(quantile([1, 2, 3, 4], 0.75)).toBeCloseTo(3.25, 12);
});

test('unsorted odd count: [7, 1, 3] → Q1 = 1 + ½·2 = 2, median 3, Q3 = 3 + ½·4 = 5', () => {
  expect(spread([7, 1, 3])).toEqual({ median: 3, q1: 2, q3: 5, min: 1, max: 7, count: 3 });
});

test('1..10: Q1 = 3 + ¼ = 3.25, median 5.5, Q3 = 7 + ¾ = 7.75 (numpy.percentile gives the same)', () => {
  const x = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
  expect(quantile(x, 0.25)).toBeCloseTo(3.25, 12);
  expect(median(x)).toBeCloseTo(5.5, 12);
  expect(quantile(x, 0.75)).toBeCloseTo(7.75, 12);
  expect(quantile(x, 0)).toBe(1);
  expect(quantile(x, 1)).toBe(10);
});

test('five TVDs: [0.1, 0.5, 0.2, 0.9, 0.4] → sorted 0.1 0.2 0.4 0.5 0.9: Q1 = 0.2, median 0.4, Q3 = 0.5 (integer h)', () => {
  const s = spread([0.1, 0.5, 0.2, 0.9, 0.4]);
  expect([s.q1, s.median, s.q3]).toEqual([0.2, 0.4, 0.5]);
});

test('one value, no values, bad input', () => {
  expect(spread([0.7])).toEqual({ median: 0.7, q1: 0.7, q3: 0.7, min: 0.7, max: 0.7, count: 1 });
  expect(Number.isNaN(median([]))).toBe(true);
  expect(() => median([1, NaN])).toThrow(/non-finite/);
  expect(() => quantile([1], 1.5)).toThrow(/\[0, 1\]/);
});

test('the median member is the middle run (lower middle for an even count), by position', () => {
  expect(medianMember([0.3, 0.1, 0.2])).toBe(2);
  expect(medianMember([4, 1, 3, 2])).toBe(3); // sorted 1, 2, 3, 4 → lower middle 2 sits at position 3
  expect(medianMember([5, 5, 5])).toBe(1);
  expect(medianMember([])).toBe(-1);
});
