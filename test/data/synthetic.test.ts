/** Each synthetic target has its defining property, checked by brute force and by the correlators of stats.ts. */
import * as tf from '@tensorflow/tfjs';
import { barsAndStripesDataset, barsAndStripesPatterns, cardinalityDataset, evenParityDataset, ghzDataset, liuWangGaussianDataset, randomStringsDataset } from '../../src/data/synthetic';
import { empiricalDistribution, empiricalTensor, bitstringsOf } from '../../src/data/dataset';
import { allCorrelators } from '../../src/data/stats';
import { mmdLoss, pSigma } from '../../src/losses/mmd';
import { initBackend } from '../../src/backend/backend';

const pc = (x: number) => x.toString(2).split('').filter((c) => c === '1').length;

test('GHZ: ½ on 0…0 and 1…1; ⟨Z_A⟩ = 1 for even |A|, 0 for odd |A|', () => {
  const n = 5, p = empiricalDistribution(ghzDataset(n)), z = allCorrelators(p);
  expect(p[0]).toBeCloseTo(0.5, 15);
  expect(p[31]).toBeCloseTo(0.5, 15);
  for (let a = 0; a < 32; a++) expect(z[a]).toBeCloseTo(pc(a) % 2 === 0 ? 1 : 0, 12);
});

test('even parity: 2^(n−1) strings, ⟨Z_A⟩ = 0 for 0 < |A| < n and ⟨Z_[n]⟩ = 1; the n = 3 example', () => {
  expect(bitstringsOf(evenParityDataset(3))).toEqual(['000', '011', '101', '110']);
  for (const n of [3, 4, 6]) {
    const p = empiricalDistribution(evenParityDataset(n)), z = allCorrelators(p);
    expect(p.filter((v) => v > 0).length).toBe(2 ** (n - 1));
    for (let a = 1; a < 2 ** n - 1; a++) expect(Math.abs(z[a])).toBeLessThan(1e-12);
    expect(z[2 ** n - 1]).toBeCloseTo(1, 12);
  }
});

test('even parity vs uniform: exact MMD = p_σ^n (SCIENCE.md §3.3)', async () => {
  await initBackend('cpu');
  const n = 4, par = empiricalTensor(evenParityDataset(n)), uni = tf.fill([1, 16], 1 / 16) as tf.Tensor2D;
  for (const s of [0.5, 1, 4]) expect(mmdLoss(par, uni, [s]).dataSync()[0]).toBeCloseTo(pSigma(s) ** n, 6);
  tf.dispose([par, uni]);
});

test('cardinality: uniform on the C(n, k) strings of weight k', () => {
  const ds = cardinalityDataset(6);
  expect(ds.indices.length).toBe(20);
  ds.indices.forEach((x) => expect(pc(x)).toBe(3));
  ds.weights.forEach((w) => expect(w).toBeCloseTo(1 / 20, 15));
  expect(cardinalityDataset(5, 1).indices.length).toBe(5);
});

test('random strings: m distinct strings, reproducible by seed', () => {
  const a = randomStringsDataset(6, 36, 3), b = randomStringsDataset(6, 36, 3), c = randomStringsDataset(6, 36, 4);
  expect(new Set(a.indices).size).toBe(36);
  expect(Array.from(a.indices)).toEqual(Array.from(b.indices));
  expect(Array.from(a.indices)).not.toEqual(Array.from(c.indices));
  expect(() => randomStringsDataset(3, 9, 1)).toThrow(/count must be an integer in 1\.\.min\(2\^3/);
});

test('bars and stripes: 2^r + 2^c − 2 patterns, each with constant rows or constant columns', () => {
  expect(barsAndStripesPatterns(2, 2)).toEqual([0b0000, 0b0011, 0b0101, 0b1010, 0b1100, 0b1111]);
  for (const [r, c] of [[3, 3], [2, 4], [4, 3]]) {
    const pats = barsAndStripesPatterns(r, c);
    expect(pats.length).toBe(2 ** r + 2 ** c - 2);
    const bit = (x: number, i: number, j: number) => (x >> (r * c - 1 - (i * c + j))) & 1;
    let valid = 0;
    for (let x = 0; x < 2 ** (r * c); x++) {
      let rowsConst = true, colsConst = true;
      for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) {
        if (bit(x, i, j) !== bit(x, i, 0)) rowsConst = false;
        if (bit(x, i, j) !== bit(x, 0, j)) colsConst = false;
      }
      if (rowsConst || colsConst) {
        valid++;
        expect(pats).toContain(x);
      }
    }
    expect(valid).toBe(pats.length);
  }
  expect(barsAndStripesDataset(3, 3).card.qubitMap).toEqual({ kind: 'pixels', rows: 3, cols: 3, order: 'row-major' });
});

test('Liu–Wang double Gaussian: normalised, mirror-symmetric, peaks at 2/7 and 5/7 of 2^n', () => {
  const n = 8, N = 256, p = empiricalDistribution(liuWangGaussianDataset(n));
  expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  for (let x = 1; x < N; x++) expect(p[x]).toBeCloseTo(p[N - x], 12);
  const argmax = p.indexOf(Math.max(...p.subarray(0, N / 2)));
  expect(Math.abs(argmax - (2 / 7) * N)).toBeLessThanOrEqual(2);
});
