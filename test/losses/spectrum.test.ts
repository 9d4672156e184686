/**
 * The observable picture: binomial body-order weights and their moments (SCIENCE.md §2), the parity example of §3.3
 * (MMD = p_σ^n, invisible to every truncated MMD), truncated MMD against brute force, and the product-ansatz variance
 * against [R] Eq. 235 as written in SCIENCE.md and a Monte Carlo over Haar-random product states.
 */
import * as tf from '@tensorflow/tfjs';
import {
  bodyOrderSpectrum,
  bodyOrderStats,
  bodyOrderWeights,
  mmdTruncated,
  productAnsatzMmdVariance,
} from '../../src/losses/spectrum';
import { mmdLoss, pSigma } from '../../src/losses/mmd';
import { mmdZCorrelators } from '../../src/losses/mmdCorrelators';
import { probs } from '../../src/engines/engine';
import { Circuit } from '../../src/circuit/circuit';
import { createRng } from '../../src/rng';
import { initBackend } from '../../src/backend/backend';
import { randomDists, relDiff } from './reference';

const popcount = (x: number) =>
  x
    .toString(2)
    .split('')
    .filter((c) => c === '1').length;

test('at n = 1000 the weights are the Binomial(n, p_σ) pmf of a convolution reference, down to 1e-290 (no under- or overflow)', () => {
  // reference: the pmf of a sum of n Bernoulli(p) by n convolutions with [1 − p, p]; positive terms only, so no
  // cancellation, and no factor is ever formed apart (the plain product C(n, l)·(1−p)^{n−l}·p^l under- or overflows here)
  const n = 1000;
  for (const sigma of [0.5, 1, n / 4, n]) {
    const p = pSigma(sigma);
    let pmf = Float64Array.of(1);
    for (let k = 0; k < n; k++) {
      const next = new Float64Array(pmf.length + 1);
      for (let l = 0; l < pmf.length; l++) {
        next[l] += pmf[l] * (1 - p);
        next[l + 1] += pmf[l] * p;
      }
      pmf = next;
    }
    const w = bodyOrderWeights(n, [sigma]);
    let checked = 0;
    for (let l = 0; l <= n; l++)
      if (pmf[l] > 1e-290) {
        expect(relDiff(w[l], pmf[l], 1e-300)).toBeLessThan(1e-9);
        checked++;
      }
    expect(checked).toBeGreaterThan(100);
    expect(w.reduce((a, x) => a + x, 0)).toBeCloseTo(1, 12);
  }
});

test('body-order weights are Binomial(n, p_σ): sum 1, mean body order 2n·p_σ, variance 4n·p_σ(1 − p_σ)', () => {
  for (const n of [1, 4, 9, 16, 30])
    for (const sigma of [0.01, 0.5, 1, n / 4, n, 10 * n]) {
      const p = (1 - Math.exp(-1 / (2 * sigma))) / 2;
      const w = bodyOrderWeights(n, [sigma]);
      // plain binomial pmf, term by term
      let c = 1,
        sum = 0,
        mean = 0,
        m2 = 0;
      for (let l = 0; l <= n; l++) {
        const ref = c * (1 - p) ** (n - l) * p ** l;
        expect(relDiff(w[l], ref, 1e-300)).toBeLessThan(1e-9);
        sum += w[l];
        mean += 2 * l * w[l];
        m2 += 4 * l * l * w[l];
        c = (c * (n - l)) / (l + 1);
      }
      expect(sum).toBeCloseTo(1, 12);
      expect(mean).toBeCloseTo(2 * n * p, 9);
      expect(m2 - mean * mean).toBeCloseTo(4 * n * p * (1 - p), 9);
      const s = bodyOrderStats(n, [sigma]);
      expect(s.mean).toBeCloseTo(2 * n * p, 9);
      expect(s.variance).toBeCloseTo(4 * n * p * (1 - p), 9);
    }
});

test('σ = O(1) puts the weight on Θ(n)-body terms, σ = Θ(n) on low-body ones; averaged kernels mix the weights', () => {
  const n = 20,
    rows = bodyOrderSpectrum(n, [1, n / 4, n]);
  expect(rows.map((r) => r.sigma)).toEqual([1, 5, 20, 'average']);
  expect(rows[0].meanBodyOrder).toBeGreaterThan(0.3 * n); // 2n·p_1 ≈ 0.39·n
  expect(rows[2].meanBodyOrder).toBeLessThan(1.1); // 2n·p_n ≈ 1/2
  expect(rows[2].lowBodyWeight).toBeGreaterThan(0.95);
  rows[3].weights.forEach((w, l) =>
    expect(w).toBeCloseTo((rows[0].weights[l] + rows[1].weights[l] + rows[2].weights[l]) / 3, 12),
  );
  expect(rows[1].pSigma).toBeCloseTo(pSigma(5), 15);
});

describe('parity: uniform on even-parity strings vs uniform on all strings', () => {
  const even = (n: number) => Array.from({ length: 2 ** n }, (_, x) => (popcount(x) % 2 === 0 ? 2 / 2 ** n : 0));
  const uniform = (n: number) => new Array(2 ** n).fill(1 / 2 ** n);

  test('for n = 3 the even strings are {000, 011, 101, 110}, and MMD = p_σ^n for every n and σ', () => {
    expect(even(3).flatMap((v, x) => (v ? [x.toString(2).padStart(3, '0')] : []))).toEqual([
      '000',
      '011',
      '101',
      '110',
    ]);
    for (const n of [2, 3, 5, 8, 12])
      for (const sigma of [0.1, 1, n / 4, n]) {
        const got = tf.tidy(() => mmdLoss(tf.tensor2d([even(n)]), tf.tensor2d([uniform(n)]), [sigma]).dataSync()[0]);
        expect(relDiff(got, pSigma(sigma) ** n, 1e-30)).toBeLessThan(1e-4);
      }
  });

  test('every truncated MMD below order n is blind to it (≈ 0), order n sees it', () => {
    const n = 6,
      s = [1.5];
    const a = tf.tensor2d([even(n)]),
      b = tf.tensor2d([uniform(n)]);
    for (let k = 0; k < n; k++) expect(Math.abs(mmdTruncated(a, b, s, k).dataSync()[0])).toBeLessThan(1e-9);
    expect(relDiff(mmdTruncated(a, b, s, n).dataSync()[0], pSigma(1.5) ** n)).toBeLessThan(1e-4);
    tf.dispose([a, b]);
  });
});

test('truncated MMD: spectral route = Z-correlator loop = brute force over subsets |A| ≤ k', () => {
  const n = 5,
    sigmas = [0.4, 3];
  const q = randomDists('tq', n, 2),
    p = randomDists('tp', n, 1);
  const z = (d: number[], mask: number) => d.reduce((s, v, x) => s + (popcount(x & mask) % 2 ? -v : v), 0);
  for (const k of [0, 1, 2, 4, 5]) {
    const ref = q.map((row) => {
      let s = 0;
      for (let mask = 0; mask < 2 ** n; mask++) {
        const l = popcount(mask);
        if (l > k) continue;
        const w = sigmas.reduce((acc, sg) => acc + (1 - pSigma(sg)) ** (n - l) * pSigma(sg) ** l, 0) / sigmas.length;
        s += w * (z(row, mask) - z(p[0], mask)) ** 2;
      }
      return s;
    });
    const spectral = tf.tidy(() => mmdTruncated(tf.tensor2d(q), tf.tensor2d(p), sigmas, k).arraySync());
    const loop = tf.tidy(() => mmdZCorrelators(tf.tensor2d(q), tf.tensor2d(p), sigmas, { maxOrder: k }).arraySync());
    ref.forEach((r, b) => {
      expect(relDiff(spectral[b], r, 1e-8)).toBeLessThan(1e-5); // k = 0: r = 0, both within float noise of it
      expect(relDiff(loop[b], r, 1e-8)).toBeLessThan(1e-5);
    });
  }
});

describe('product-ansatz variance (Haar single-qubit unitaries)', () => {
  beforeAll(async () => {
    await initBackend('wasm'); // 40000 rows × 2^8: broadcasting ops are ~10× faster on wasm than on the cpu backend
  });
  afterAll(async () => {
    await initBackend('cpu');
  });

  /** [R] Eq. 235 exactly as SCIENCE.md §2 states it, with z_A by brute force. */
  function paperFormula(data: number[], sigma: number): number {
    const n = Math.log2(data.length),
      e = Math.exp(-1 / (2 * sigma)),
      p = (1 - e) / 2;
    const B = ((7 + 6 * e + 2 * e * e) / 15) ** n - ((4 + 4 * e + e * e) / 9) ** n;
    let C = 0;
    for (let mask = 1; mask < data.length; mask++) {
      const l = popcount(mask),
        zA = data.reduce((s, v, x) => s + (popcount(x & mask) % 2 ? -v : v), 0);
      C += (1 - p) ** (2 * (n - l)) * ((p * p) / 3) ** l * zA * zA;
    }
    return B + 4 * C;
  }

  /** A few strings carry the data, so the correlators z_A (the C_σ term) are large. */
  function peakedData(n: number, seed: string): number[] {
    const rng = createRng(seed),
      d = new Array(2 ** n).fill(0);
    for (let k = 0; k < 3; k++) d[rng.int(2 ** n)] += 1 / 3;
    return d;
  }

  test('closed form equals the formula of SCIENCE.md / [R] Eq. 235 for one bandwidth', () => {
    for (const n of [1, 3, 6])
      for (const sigma of [0.3, 1, n])
        for (const data of [peakedData(n, `pd${n}`), randomDists(`rd${n}`, n, 1)[0]])
          expect(relDiff(productAnsatzMmdVariance(data, [sigma]).variance, paperFormula(data, sigma))).toBeLessThan(
            1e-10,
          );
  });

  /** Haar-random product states through the engine: euler(a, b, c) per qubit with cos b uniform (Haar measure on SU(2)). */
  function monteCarloVariance(data: number[], sigmas: number[], samples: number, seed: string): number {
    const n = Math.log2(data.length),
      rng = createRng(seed);
    const circuit: Circuit = {
      nQubits: n,
      nParams: 3 * n,
      gates: Array.from({ length: n }, (_, q) => ({
        kind: 'euler' as const,
        qubits: [q],
        params: [{ p: 3 * q }, { p: 3 * q + 1 }, { p: 3 * q + 2 }],
      })),
    };
    const theta = Array.from({ length: samples * 3 * n }, (_, i) =>
      i % 3 === 1 ? Math.acos(1 - 2 * rng.uniform()) : 2 * Math.PI * rng.uniform(),
    );
    const losses = Array.from(
      tf.tidy(() =>
        mmdLoss(probs(circuit, tf.tensor2d(theta, [samples, 3 * n])), tf.tensor2d([data]), sigmas).dataSync(),
      ),
    );
    const mean = losses.reduce((s, v) => s + v, 0) / samples;
    return losses.reduce((s, v) => s + (v - mean) ** 2, 0) / (samples - 1);
  }

  test.each([
    [2, [0.5]],
    [4, [1]],
    [6, [1.5]],
    [8, [2]],
    [6, [0.01, 1.5, 6]],
  ] as const)('n = %i, σ = %j: Monte Carlo over Haar product states within 5%', (n, sigmas) => {
    const data = peakedData(n, `mc${n}`);
    const closed = productAnsatzMmdVariance(data, [...sigmas]);
    expect(closed.c).toBeGreaterThan(0.1 * closed.b); // the data term matters in this check
    const mc = monteCarloVariance(data, [...sigmas], 25000, `haar${n}`);
    expect(relDiff(mc, closed.variance)).toBeLessThan(0.05);
  });
});
