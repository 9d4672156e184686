/** Feature discretisation: property-based round trips (fast-check), Gray code, layout of several features. */
import fc from 'fast-check';
import { featureDataset } from '../../src/data/recipes';
import { binOf, decodeIndex, decodeSamples, encodeFeatures, fitFeatureMap, grayDecode, grayEncode } from '../../src/data/discretise';
import { popcount } from '../../src/circuit/bits';

const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });

test('Gray code: decode ∘ encode = id and neighbours differ in one bit', () => {
  fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 20 - 2 }), (b) => {
    expect(grayDecode(grayEncode(b))).toBe(b);
    expect(popcount(grayEncode(b) ^ grayEncode(b + 1))).toBe(1);
  }));
});

test('every value encodes to a bin whose interval contains it (uniform/quantile × binary/gray)', () => {
  fc.assert(fc.property(
    fc.array(finite, { minLength: 2, maxLength: 60 }), fc.integer({ min: 1, max: 6 }), fc.constantFrom('uniform', 'quantile'), fc.constantFrom('binary', 'gray'),
    (xs, bits, binning, code) => {
      // Ranges so narrow that 2^bits uniform edges cannot be distinct doubles are refused by fitFeatureMap: keep the
      // bin width well above the spacing of doubles near the values (relative 2^-52).
      const scale = Math.max(1e-300, ...xs.map(Math.abs));
      fc.pre((Math.max(...xs) - Math.min(...xs)) / 64 > 1e-12 * scale);
      const col = Float64Array.from(xs);
      const map = fitFeatureMap({ x: col }, [{ name: 'x', bits, binning: binning as 'uniform', code: code as 'binary' }]);
      const { indices, kept } = encodeFeatures(map, { x: col });
      expect(kept.length).toBe(xs.length);
      indices.forEach((idx, r) => {
        expect(idx).toBeLessThan(2 ** bits);
        const [d] = decodeIndex(map, idx);
        expect(d.lo).toBeLessThanOrEqual(xs[r]);
        expect(xs[r]).toBeLessThanOrEqual(d.hi);
        // Re-encoding the bin centre of a non-empty-width bin lands in the same bin.
        if (d.lo < d.centre && d.centre < d.hi) expect(binOf(map[0], d.centre)).toBe(d.bin);
      });
    }), { numRuns: 200 });
});

test('quantile bins hold equal shares of distinct data', () => {
  const xs = Float64Array.from({ length: 1024 }, (_, i) => Math.exp(i / 100));
  const map = fitFeatureMap({ x: xs }, [{ name: 'x', bits: 3, binning: 'quantile' }]);
  const counts = new Array(8).fill(0);
  for (const i of encodeFeatures(map, { x: xs }).indices) counts[i]++;
  for (const c of counts) expect(Math.abs(c - 128)).toBeLessThanOrEqual(1);
});

test('two features concatenate, first feature on the most significant qubits', () => {
  const cols = { a: Float64Array.of(0, 3.9, 1.2), b: Float64Array.of(0, 1, 0.49) };
  const map = fitFeatureMap(cols, [{ name: 'a', bits: 2, range: [0, 4] }, { name: 'b', bits: 1, range: [0, 1], code: 'gray' }]);
  expect(map.map((f) => f.firstQubit)).toEqual([0, 2]);
  // a: bins of width 1 → 0, 3, 1; b: 2 bins → 0, 1, 0. Index = a_bin·2 + b_bin.
  expect(Array.from(encodeFeatures(map, cols).indices)).toEqual([0b000, 0b111, 0b010]);
  expect(decodeSamples(map, [0b111]).a[0]).toBeCloseTo(3.5, 12);
  expect(decodeSamples(map, [0b111], () => 0).b[0]).toBeCloseTo(0.5, 12);
});

test('values outside a given range are dropped, clipped or rejected', () => {
  const cols = { m: Float64Array.of(50, 91, 130) };
  const map = fitFeatureMap(cols, [{ name: 'm', bits: 2, range: [60, 120] }]);
  expect(Array.from(encodeFeatures(map, cols, 'drop').kept)).toEqual([1]);
  expect(Array.from(encodeFeatures(map, cols, 'clip').indices)).toEqual([0, 2, 3]);
  expect(() => encodeFeatures(map, cols, 'error')).toThrow(/row 1: feature "m" = 50 is outside \[60, 120\]/);
  expect(() => fitFeatureMap(cols, [{ name: 'pt', bits: 2 }])).toThrow(/no column "pt" \(have: m\)/);
  expect(() => fitFeatureMap({ m: Float64Array.of(1, NaN) }, [{ name: 'm', bits: 2 }])).toThrow(/non-finite/);
});

test('quantile binning with a range: [lo, hi] selects, inner edges at the quantiles inside; fitted on the joint selection', () => {
  // x = 0..99, y = x mod 10: the range y ∈ [0, 4] keeps half the rows; x quantiles must be fitted on those rows only.
  const x = Float64Array.from({ length: 100 }, (_, i) => i), y = Float64Array.from(x, (v) => v % 10);
  const map = fitFeatureMap({ x }, [{ name: 'x', bits: 2, binning: 'quantile', range: [10, 50] }]);
  expect(map[0].edges[0]).toBe(10);
  expect(map[0].edges[4]).toBe(50);
  expect(map[0].edges[2]).toBeCloseTo(30, 12); // median of 10..50
  expect(() => fitFeatureMap({ x }, [{ name: 'x', bits: 2, binning: 'quantile', range: [200, 300] }])).toThrow(/feature "x": no values inside \[200, 300\]/);
  const ds = featureDataset({ x, y }, [{ name: 'x', bits: 2, binning: 'quantile' }, { name: 'y', bits: 1, range: [0, 4] }], { name: 't', kind: 't', description: 't', source: 'mem' });
  const perBin = [0, 0, 0, 0];
  for (const idx of ds.indices) perBin[idx >> 1]++;
  expect(perBin).toEqual([13, 12, 12, 13]); // 50 kept rows in four near-equal quantile bins (linear interpolation edges)
});
