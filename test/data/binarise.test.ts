/** The binarisation rule of Rudolph et al. on hand-made pooled images, for each documented variant; the wide path = the narrow one. */
import { binarise, binariseRows } from '../../src/data/showers/binarise';
import { toBitstring } from '../../src/circuit/bits';
import { fromIndices, rowString } from '../../src/data/bitRows';
import { createRng } from '../../src/rng';

// Two events of four pixels; expected bits worked out by hand from the documented rule (threshold = 0.1 × mean).
const PIXELS = [10, 0.5, 0.2, 1.5, /* event 2 */ 1, 1, 0.1, 0.05];
const bits = (rule: 'event' | 'pixel' | 'dataset', px = PIXELS, n = 4, f = 0.1) => Array.from(binarise(px, n, rule, f).indices, (x) => toBitstring(x, n));

test('per event: mean over the pixels of the same event', () => {
  // event 1: mean 3.05 → threshold 0.305: 10, 0.5, 1.5 exceed, 0.2 does not. event 2: mean 0.5375 → 0.05375: 0.05 does not.
  expect(bits('event')).toEqual(['1101', '1110']);
  expect(Array.from(binarise(PIXELS, 4, 'event').thresholds)).toEqual([0.305, 0.05375].map((v) => expect.closeTo(v, 12)));
});

test('per pixel: mean of that pixel over the dataset', () => {
  // pixel means 5.5, 0.75, 0.15, 0.775 → thresholds 0.55, 0.075, 0.015, 0.0775.
  expect(bits('pixel')).toEqual(['1111', '1110']);
});

test('dataset mean: one threshold from all pixels and events', () => {
  // mean 14.35 / 8 = 1.79375 → threshold 0.179375: event 2's 0.1 and 0.05 fall below it.
  expect(bits('dataset')).toEqual(['1111', '1100']);
});

test('the comparison is strict and the fraction is a parameter', () => {
  expect(bits('event', [1, 1, 1, 1], 4, 1)).toEqual(['0000']);
  expect(bits('event', [1, 1, 1, 1], 4, 0.999)).toEqual(['1111']);
  expect(bits('dataset', [3, 0, 0, 1], 4, 1)).toEqual(['1000']);
});

test('pixel q is qubit q, the most significant bit', () => {
  expect(Array.from(binarise([5, 0, 0, 0, 0, 0], 6, 'event').indices)).toEqual([32]);
});

test('bad rules and shapes are one-line errors', () => {
  expect(() => binarise(PIXELS, 4, 'median' as 'event')).toThrow(/rule must be one of event, pixel, dataset, got "median"/);
  expect(() => binarise(PIXELS, 3)).toThrow(/not a whole number of 3-pixel images/);
});

describe('binariseRows (any width)', () => {
  test.each(['event', 'pixel', 'dataset'] as const)('equals the narrow path bit for bit at n ≤ 30 (rule %s)', (rule) => {
    const rng = createRng(`wide-${rule}`);
    for (const n of [1, 5, 16, 30]) {
      // skewed deposits, some exactly at zero, so thresholds fall between values of every kind
      const px = Float64Array.from({ length: 200 * n }, () => (rng.uniform() < 0.2 ? 0 : rng.uniform() ** 3 * 10));
      const narrow = binarise(px, n, rule, 0.1), wide = binariseRows(px, n, rule, 0.1);
      expect(Array.from(wide.rows.bits)).toEqual(Array.from(fromIndices(narrow.indices, n).bits));
      expect(Array.from(wide.thresholds)).toEqual(Array.from(narrow.thresholds));
    }
  });

  test('64 pixels: pixel q is character q, the hand-worked rule as at 4 pixels', () => {
    const px = new Float64Array(64);
    px[0] = 10;
    px[63] = 0.2; // event mean 10.2/64 → threshold 0.0159: both on
    px[40] = 0.01; // below it
    const r = binariseRows(px, 64, 'event');
    expect(rowString(r.rows, 0)).toBe(`1${'0'.repeat(62)}1`);
    expect(() => binarise(px, 64)).toThrow(/64 pixels \(need 1\.\.30 qubits; binariseRows takes any width\)/);
  });
});
