/** Statistics of bit rows (any n) against the dense statistics of stats.ts at small n, and the wide CSV writer. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fromBitstrings, fromIndices, rowString, weighted } from '../../src/data/bitRows';
import { dataMoments, rowChowLiuTree, rowCorrelatorPowerByOrder, rowMutualInformation, summariseRows } from '../../src/data/rowStats';
import { chowLiuTree, correlatorPowerByOrder, mutualInformation, summariseDistribution } from '../../src/data/stats';
import { makeDataset } from '../../src/data/dataset';
import { datasetToCsv, saveDataset, wideDatasetToCsv } from '../../src/data/store';
import { loadWideDataset, makeWideDataset, wideFromDataset } from '../../src/data/wideData';
import { createRng } from '../../src/rng';

/** Seeded events from a skewed distribution on n bits: indices and the dense empirical p. */
function events(n: number, count: number, seed: string): { indices: Uint32Array; p: Float64Array } {
  const rng = createRng(seed), w = Float64Array.from({ length: 2 ** n }, () => rng.uniform() ** 6), s = w.reduce((a, b) => a + b, 0);
  const indices = Uint32Array.from({ length: count }, () => {
    let u = rng.uniform() * s, x = 0;
    while (x < w.length - 1 && (u -= w[x]) > 0) x++;
    return x;
  });
  const p = new Float64Array(2 ** n);
  for (const x of indices) p[x] += 1 / count;
  return { indices, p };
}

test('moments, mutual information and the Chow–Liu tree equal the dense ones', () => {
  const n = 7, { indices, p } = events(n, 500, 'mi'), rows = weighted(fromIndices(indices, n));
  const { mean } = dataMoments(rows);
  for (let q = 0; q < n; q++) {
    let ref = 0;
    for (let x = 0; x < p.length; x++) if ((x >>> (n - 1 - q)) & 1) ref += p[x];
    expect(mean[q]).toBeCloseTo(ref, 12);
  }
  const mi = rowMutualInformation(rows), ref = mutualInformation(p);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(mi[i][j]).toBeCloseTo(ref[i][j], 12);
  expect(rowChowLiuTree(rows, 2)).toEqual(chowLiuTree(p, 2));
});

test('Σ_{|A|=l} z_A² by Krawtchouk pairs equals the Walsh–Hadamard sum, and the summary equals the dense one', () => {
  for (const [n, count] of [[5, 300], [9, 2000]] as const) {
    const { indices, p } = events(n, count, `power-${n}`), rows = weighted(fromIndices(indices, n));
    const dense = correlatorPowerByOrder(p), wide = rowCorrelatorPowerByOrder(rows, n);
    dense.forEach((v, l) => expect(wide[l]).toBeCloseTo(v, 10));
    const a = summariseRows(rows), b = summariseDistribution(p);
    expect(a.entropy).toBeCloseTo(b.entropy, 12);
    expect(a.support).toBe(b.support);
    a.correlatorPowerCumulative.forEach((v, k) => expect(v).toBeCloseTo(b.correlatorPowerCumulative[k], 10));
    expect(a.top.map((t) => t.bitstring)).toEqual(b.top.map((t) => t.bitstring));
    a.top.forEach((t, r) => expect(t.p).toBeCloseTo(b.top[r].p, 12));
  }
});

test('a wide dataset writes the same CSV as the narrow one at n ≤ 30, and saveDataset writes it of any width', async () => {
  const n = 6, { indices } = events(n, 400, 'csv');
  const init = { name: 'w', kind: 'test', description: 'd', source: 's', qubitMap: { kind: 'bits' as const, description: 'b' } };
  const narrow = makeDataset({ ...init, nQubits: n, indices }), wide = makeWideDataset({ ...init, rows: fromIndices(indices, n) });
  expect(wideDatasetToCsv(wide)).toBe(datasetToCsv(narrow));
  expect(wide.card).toEqual({ ...narrow.card });
  const cols = { e: Float64Array.from(indices, (x) => x / 2) };
  expect(wideDatasetToCsv({ ...wideFromDataset(narrow), columns: cols }, true)).toBe(datasetToCsv({ ...narrow, columns: cols }, true));
  // 40 bits: a folder the trainer's reader takes back row for row
  const rng = createRng('w40'), bits = Array.from({ length: 50 }, () => Array.from({ length: 40 }, () => (rng.uniform() < 0.3 ? '1' : '0')).join(''));
  const w40 = makeWideDataset({ ...init, name: 'w40', rows: fromBitstrings(bits) });
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-wide-')), 'w40');
  await saveDataset(w40, dir);
  const back = loadWideDataset(dir);
  expect(back.card.nQubits).toBe(40);
  expect(back.weights.reduce((a, b) => a + b, 0)).toBe(50);
  const counts = new Map<string, number>();
  for (const b of bits) counts.set(b, (counts.get(b) ?? 0) + 1);
  for (let r = 0; r < back.rows.rows; r++) expect(back.weights[r]).toBe(counts.get(rowString(back.rows, r)));
  await expect(saveDataset(w40, dir)).rejects.toThrow(/exists and is not empty \(a dataset\)/);
});
