/**
 * Generator sets (counts, grid edges, seeded Erdős–Rényi, k-body windows and subsets, refusals), the host tables
 * (sign table and odd overlaps against brute force), bit rows, the four initialisations (data-dependent: marginals
 * matched exactly by the 1-body angles, covariance against a direct sum), and sampling through the state vector.
 */
import * as tf from '@tensorflow/tfjs';
import { dedupe, fromBitstrings, fromIndices, getBit, indexOf, rowString, weighted, zCorrelators } from '../../../src/data/bitRows';
import { iqpDistribution, sampleIqp } from '../../../src/models/iqp/circuit';
import { generatorQubits, generatorsFromLists, iqpGenerators } from '../../../src/models/iqp/generators';
import { initialIqpTheta, maxDegree, spinCovariance } from '../../../src/models/iqp/init';
import { allRows, oddOverlaps, signTable, uniformRows } from '../../../src/models/iqp/tables';
import { createRng } from '../../../src/rng';
import { initBackend } from '../../../src/backend/backend';

const lists = (g: ReturnType<typeof iqpGenerators>) => Array.from({ length: g.count }, (_, j) => Array.from(generatorQubits(g, j)));

describe('IQP generator sets', () => {
  test('counts: all ≤2-body at n = 64 is 2080, an 8×8 grid 64 + 112, a line ≤3-body n + (n−1) + (n−2)', () => {
    expect(iqpGenerators({ topology: 'all' }, 64).count).toBe(2080);
    const grid = iqpGenerators({ topology: 'grid', rows: 8, cols: 8 }, 64);
    expect(grid.count).toBe(64 + 2 * 8 * 7);
    expect(lists(grid)).toContainEqual([9, 17]);
    expect(lists(grid)).not.toContainEqual([7, 8]); // row ends do not wrap
    expect(iqpGenerators({ topology: 'line', maxBody: 3 }, 10).count).toBe(10 + 9 + 8);
    expect(iqpGenerators({ topology: 'all', maxBody: 3 }, 6).count).toBe(6 + 15 + 20);
    expect(iqpGenerators({ topology: 'all', maxBody: 1 }, 6).count).toBe(6);
  });

  test('Erdős–Rényi: seeded, mean degree as asked', () => {
    const a = iqpGenerators({ topology: 'erdos-renyi', degree: 6, seed: 1 }, 400), b = iqpGenerators({ topology: 'erdos-renyi', degree: 6, seed: 1 }, 400);
    expect(Array.from(a.qubits)).toEqual(Array.from(b.qubits));
    expect(Array.from(iqpGenerators({ topology: 'erdos-renyi', degree: 6, seed: 2 }, 400).qubits)).not.toEqual(Array.from(a.qubits));
    const edges = a.count - 400, meanDegree = (2 * edges) / 400; // Binomial(79800, p): sd of the mean degree ≈ 0.12
    expect(Math.abs(meanDegree - 6)).toBeLessThan(0.6);
  });

  test('bad specs are one-line ConfigErrors', () => {
    expect(() => iqpGenerators({ topology: 'grid', rows: 3, cols: 3 }, 10)).toThrow(/3×3 grid does not have 10 pixels/);
    expect(() => iqpGenerators({ topology: 'grid', rows: 2, cols: 2, maxBody: 3 }, 4)).toThrow(/1- and 2-body ones only/);
    expect(() => iqpGenerators({ topology: 'erdos-renyi' }, 10)).toThrow(/edgeProbability/);
    expect(() => generatorsFromLists(3, [[0], [0]])).toThrow(/listed twice/);
    expect(() => iqpGenerators({ topology: 'all', maxBody: 4 }, 200)).toThrow(/more than/);
  });
});

describe('IQP tables and bit rows', () => {
  test('sign table and odd overlaps equal brute-force parities', () => {
    const g = iqpGenerators({ topology: 'line', maxBody: 3 }, 37), rng = createRng('tables');
    const z = uniformRows(37, 20, rng), a = uniformRows(37, 15, rng), S = signTable(g, z), odd = oddOverlaps(g, a);
    const L = lists(g);
    for (let r = 0; r < 20; r++) L.forEach((qs, j) => expect(S[j * 20 + r]).toBe(qs.reduce((p, q) => p ^ getBit(z, r, q), 0) ? -1 : 1));
    for (let r = 0; r < 15; r++) {
      const want = L.map((qs, j) => [j, qs.reduce((p, q) => p ^ getBit(a, r, q), 0)]).filter(([, t]) => t).map(([j]) => j);
      expect(Array.from(odd.gens.subarray(odd.offsets[r], odd.offsets[r + 1])).sort((x, y) => x - y)).toEqual(want);
    }
  });

  test('bit rows: bitstrings and basis indices round-trip; data correlators are Σ p(x)(−1)^{x·a}', () => {
    const r = fromBitstrings(['0110', '1111', '0110']);
    expect(rowString(r, 0)).toBe('0110');
    expect(indexOf(r, 1)).toBe(15);
    expect(indexOf(fromIndices([6], 4), 0)).toBe(6);
    expect(() => fromBitstrings(['01a1'])).toThrow(/"a" at position 3/);
    const w = weighted(r), masks = allRows(4), z = zCorrelators(w, masks);
    for (let x = 0; x < 16; x++) {
      const par = (v: number) => (v & x).toString(2).split('').filter((c) => c === '1').length % 2;
      expect(z[x]).toBeCloseTo((2 * (par(6) ? -1 : 1) + (par(15) ? -1 : 1)) / 3, 12);
    }
    const d = dedupe(w);
    expect(d.rows.rows).toBe(2);
    expect(Array.from(d.weights)).toEqual([2 / 3, 1 / 3]);
  });
});

describe('IQP initialisations', () => {
  const rng = createRng('init-data'), rows = Array.from({ length: 300 }, () => {
    const b = rng.uniform() < 0.5;
    return [b, b !== rng.uniform() < 0.1, rng.uniform() < 0.2, rng.uniform() < 0.9].map((v) => (v ? '1' : '0')).join('');
  });
  const data = weighted(fromBitstrings(rows));

  test('data-dependent: θ_i = arcsin√x̄_i reproduces each marginal exactly; θ_ij ∝ the ±1 covariance', async () => {
    await initBackend('cpu');
    const singles = iqpGenerators({ topology: 'all', maxBody: 1 }, 4), th = initialIqpTheta(singles, { kind: 'data' }, createRng(1), data);
    const q = await iqpDistribution(singles, th, 'cpu');
    for (let i = 0; i < 4; i++) {
      const model = q.reduce((s, v, x) => s + ((x >>> (3 - i)) & 1 ? v : 0), 0);
      const dataMean = rows.filter((s) => s[i] === '1').length / rows.length;
      expect(model).toBeCloseTo(dataMean, 6);
    }
    const C = spinCovariance(data), y = rows.map((s) => [...s].map((c) => (c === '1' ? 1 : -1)));
    const m = [0, 1, 2, 3].map((i) => y.reduce((a, r) => a + r[i], 0) / y.length);
    expect(C[0 * 4 + 1]).toBeCloseTo(y.reduce((a, r) => a + (r[0] - m[0]) * (r[1] - m[1]), 0) / y.length, 12);
    const all = iqpGenerators({ topology: 'all' }, 4), t2 = initialIqpTheta(all, { kind: 'data' }, createRng(1), data);
    let ss = 0;
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) if (i !== j) ss += C[i * 4 + j] ** 2;
    expect(t2[4]).toBeCloseTo(C[1] * Math.sqrt(8 / ss), 12); // generator 4 is the pair {0, 1}
    expect(Math.abs(t2[4])).toBeGreaterThan(Math.abs(t2[5])); // qubits 0,1 are strongly correlated, 0,2 not
  });

  test('random full range, small angle (ε = 1/√degree), Gaussian and zeros are seeded and in range', () => {
    const g = iqpGenerators({ topology: 'all' }, 16), d = maxDegree(g);
    expect(d).toBe(16);
    const small = initialIqpTheta(g, { kind: 'small-angle' }, createRng(2));
    expect(Math.max(...small.map(Math.abs))).toBeLessThanOrEqual(1 / 4);
    expect(Array.from(initialIqpTheta(g, { kind: 'uniform', low: 0, high: 2 * Math.PI }, createRng(3)))).toEqual(Array.from(initialIqpTheta(g, { kind: 'uniform', low: 0, high: 2 * Math.PI }, createRng(3))));
    const gauss = initialIqpTheta(g, { kind: 'normal', mean: 0, std: 0.01 }, createRng(4));
    expect(Math.sqrt(gauss.reduce((s, v) => s + v * v, 0) / gauss.length)).toBeCloseTo(0.01, 2);
    expect(initialIqpTheta(g, { kind: 'zeros' }, createRng(5)).every((v) => v === 0)).toBe(true);
    expect(() => initialIqpTheta(g, { kind: 'data' }, createRng(5))).toThrow(/needs the training data/);
  });
});

describe('IQP sampling through the state vector', () => {
  test('seeded samples at n ≤ 20; a clear refusal beyond', async () => {
    await initBackend('cpu');
    const g = iqpGenerators({ topology: 'line' }, 3), th = [0.3, 0.7, 0.1, 0.4, 0.9];
    const q = await iqpDistribution(g, th, 'cpu');
    expect(q.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    const s = await sampleIqp(g, th, 20000, createRng(9), 'cpu'), freq = new Float64Array(8);
    s.forEach((x) => (freq[x] += 1 / 20000));
    for (let x = 0; x < 8; x++) expect(Math.abs(freq[x] - q[x])).toBeLessThan(5 * Math.sqrt(q[x] / 20000) + 1e-3);
    await expect(sampleIqp(iqpGenerators({ topology: 'line' }, 64), new Float64Array(127), 10, createRng(1))).rejects.toThrow(/2\^64 outcomes .* quantum computer/);
    expect(tf.memory().numTensors).toBe(0);
  });
});
