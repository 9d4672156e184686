/**
 * The classical baselines against brute force at small n: their exact correlators ⟨Z_a⟩ (product formula, upward pass
 * on the tree) against Σ_x q(x)(−1)^{x·a} summed over every x of their distribution, that distribution against the
 * model's definition, and their samplers against their distributions.
 */
import { emptyRows, fromIndices, setBit, weighted, WeightedRows } from '../../src/data/bitRows';
import { chowLiuTree } from '../../src/data/stats';
import { fitChowLiu } from '../../src/models/classical/chowLiu';
import { fitIndependentPixels } from '../../src/models/classical/independent';
import { createRng } from '../../src/rng';

const bit = (x: number, q: number, n: number) => (x >>> (n - 1 - q)) & 1;

/** Every mask a ∈ {0,1}^n as rows (row a = basis index a). */
function allMasks(n: number) {
  return fromIndices(Uint32Array.from({ length: 2 ** n }, (_, a) => a), n);
}

/** Brute force: ⟨Z_a⟩ = Σ_x q(x) (−1)^{popcount(x & a)}. */
function bruteCorrelator(q: Float64Array, a: number): number {
  let s = 0;
  for (let x = 0; x < q.length; x++) {
    let par = 0;
    for (let y = x & a; y; y &= y - 1) par ^= 1;
    s += par ? -q[x] : q[x];
  }
  return s;
}

/** An exact distribution as weighted rows (one row per x). */
function exactRows(p: Float64Array, n: number): WeightedRows {
  return weighted(fromIndices(Uint32Array.from({ length: p.length }, (_, x) => x), n), p);
}

/** The distribution of a random tree Bayesian network on n bits (parent of v: a random earlier qubit). */
function treeDistribution(n: number, seed: string): Float64Array {
  const rng = createRng(seed), parent = Array.from({ length: n }, (_, v) => (v === 0 ? -1 : rng.int(v)));
  const p1 = Float64Array.from({ length: 2 * n }, () => 0.05 + 0.9 * rng.uniform());
  return Float64Array.from({ length: 2 ** n }, (_, x) => {
    let v = 1;
    for (let q = 0; q < n; q++) {
      const c = p1[2 * q + (q === 0 ? 0 : bit(x, parent[q], n))];
      v *= bit(x, q, n) ? c : 1 - c;
    }
    return v;
  });
}

function randomEvents(n: number, count: number, seed: string): WeightedRows {
  const rng = createRng(seed), rows = emptyRows(n, count);
  for (let r = 0; r < count; r++) {
    const core = rng.uniform() < 0.6;
    for (let q = 0; q < n; q++) if (rng.uniform() < (core && q % 3 !== 0 ? 0.85 : 0.2)) setBit(rows, r, q);
  }
  return weighted(rows);
}

describe('independent pixels', () => {
  test('correlators = brute force over its distribution; the distribution is the product of the data marginals', () => {
    const n = 6, data = randomEvents(n, 400, 'ind'), m = fitIndependentPixels(data), q = m.distribution()!;
    const z = m.correlators(allMasks(n));
    for (let a = 0; a < 2 ** n; a++) expect(z[a]).toBeCloseTo(bruteCorrelator(q, a), 12);
    expect(q.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    // marginals of q = data frequencies, counted directly from the rows
    for (let i = 0; i < n; i++) {
      let f = 0;
      for (let r = 0; r < data.rows.rows; r++) f += ((data.rows.bits[r] >>> i) & 1) * data.weights[r];
      let qi = 0;
      for (let x = 0; x < q.length; x++) if (bit(x, i, n)) qi += q[x];
      expect(qi).toBeCloseTo(f, 12);
    }
    // and it does not see correlations: a 2-body correlator is the product of the 1-body ones
    expect(z[0b110000]).toBeCloseTo(z[0b100000] * z[0b010000], 12);
  });

  test('samples follow the marginals (within 4 standard errors)', () => {
    const n = 5, m = fitIndependentPixels(randomEvents(n, 300, 'ind-s')), N = 20000, s = m.sample(N, createRng('s'));
    for (let i = 0; i < n; i++) {
      let k = 0;
      for (let r = 0; r < N; r++) k += (s.bits[r] >>> i) & 1;
      expect(Math.abs(k / N - m.mean[i])).toBeLessThan(4 * Math.sqrt((m.mean[i] * (1 - m.mean[i])) / N) + 1e-9);
    }
  });
});

describe('Chow–Liu tree', () => {
  test('recovers a tree-structured distribution exactly: q = p, every correlator = brute force', () => {
    const n = 7, p = treeDistribution(n, 'tree'), m = fitChowLiu(exactRows(p, n)), q = m.distribution()!;
    q.forEach((v, x) => expect(v).toBeCloseTo(p[x], 12));
    const z = m.correlators(allMasks(n));
    for (let a = 0; a < 2 ** n; a++) expect(z[a]).toBeCloseTo(bruteCorrelator(p, a), 12);
  });

  test('on data that are no tree: correlators = brute force over its own q, tree = stats.ts chowLiuTree, edge marginals = the data', () => {
    const n = 6, data = randomEvents(n, 500, 'cl'), m = fitChowLiu(data, 1), q = m.distribution()!;
    const z = m.correlators(allMasks(n));
    for (let a = 0; a < 2 ** n; a++) expect(z[a]).toBeCloseTo(bruteCorrelator(q, a), 12);
    const pData = new Float64Array(2 ** n);
    for (let r = 0; r < data.rows.rows; r++) {
      let x = 0;
      for (let i = 0; i < n; i++) x = 2 * x + ((data.rows.bits[r] >>> i) & 1);
      pData[x] += data.weights[r];
    }
    expect(m.edges).toEqual(chowLiuTree(pData, 1));
    expect(m.nParams).toBe(2 * n - 1);
    for (const [u, v] of m.edges) {
      const mask = (1 << (n - 1 - u)) | (1 << (n - 1 - v));
      expect(bruteCorrelator(q, mask)).toBeCloseTo(bruteCorrelator(pData, mask), 12);
    }
    // off the tree it is an approximation: some 2-body correlator differs from the data's
    let worst = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
      const mask = (1 << (n - 1 - i)) | (1 << (n - 1 - j));
      worst = Math.max(worst, Math.abs(bruteCorrelator(q, mask) - bruteCorrelator(pData, mask)));
    }
    expect(worst).toBeGreaterThan(1e-3);
  });

  test('ancestral samples follow q (total variation of 40 000 samples)', () => {
    const n = 5, m = fitChowLiu(randomEvents(n, 300, 'cl-s')), q = m.distribution()!, N = 40000, s = m.sample(N, createRng('cl-s'));
    const f = new Float64Array(2 ** n);
    for (let r = 0; r < N; r++) {
      let x = 0;
      for (let i = 0; i < n; i++) x = 2 * x + ((s.bits[r] >>> i) & 1);
      f[x] += 1 / N;
    }
    // E Σ|f − q| ≈ Σ √(2q(1−q)/(πN)) ≈ 0.03 here; a wrong conditional gives ≥ 0.1
    expect(f.reduce((t, v, x) => t + Math.abs(v - q[x]), 0)).toBeLessThan(0.06);
  });

  test('n = 64: correlators of a two-block image distribution by the upward pass, without 2^n', () => {
    const n = 64, data = randomEvents(n, 2000, 'cl64'), m = fitChowLiu(data);
    expect(m.distribution()).toBeNull();
    const masks = emptyRows(n, 2);
    setBit(masks, 0, 5);
    setBit(masks, 1, 5);
    setBit(masks, 1, 40);
    const z = m.correlators(masks);
    // a single qubit: exactly the data's 1 − 2x̄ (trees keep the marginals)
    let f = 0;
    for (let r = 0; r < data.rows.rows; r++) f += ((data.rows.bits[r * 2] >>> 5) & 1) * data.weights[r];
    expect(z[0]).toBeCloseTo(1 - 2 * f, 12);
    expect(Math.abs(z[1])).toBeLessThanOrEqual(1);
  });
});
