/**
 * The [O] studies at small sizes: mean T below ½√(D_v/D_h) and shrinking with n_h, entropy reaching Page's value at
 * depth, area/volume verdicts on synthetic and circuit families, gradient variance decaying with n_h, reproducibility.
 */
import {
  entanglementLaw,
  entanglementLawOfCircuit,
  entropyVsDepth,
  histogram,
  traceDistanceScan,
} from '../../src/studies/entanglement/compute';
import { gradientScan } from '../../src/studies/hidden/gradients';
import { initBackend } from '../../src/backend/backend';

beforeAll(async () => {
  await initBackend('wasm');
});

test('trace distance: mean below the bound, decreasing in n_h; histogram counts every instance', () => {
  const rows = traceDistanceScan({ nVisible: 1, nHidden: [1, 3, 5], instances: 300, layers: 1, seed: 3 });
  for (const r of rows) {
    expect(r.summary.mean).toBeLessThan(r.bound);
    expect(r.histogram.reduce((s, b) => s + b.count, 0)).toBe(300);
  }
  expect(rows[2].summary.mean).toBeLessThan(rows[1].summary.mean);
  expect(rows[1].summary.mean).toBeLessThan(rows[0].summary.mean);
  expect(histogram([0, 0.25, 0.5], 0, 0.5, 2).map((b) => b.count)).toEqual([1, 2]);
});

test('entropy grows with depth to Page within 5%; verdicts: area at depth 1, volume when deep; synthetic laws', () => {
  const d = entropyVsDepth({ nQubits: 6, subsystem: 3, depths: [0, 1, 10], instances: 60, seed: 2 });
  expect(d.rows[0].entropy.mean).toBeCloseTo(0, 5);
  expect(d.rows[1].entropy.mean).toBeLessThan(d.rows[2].entropy.mean);
  expect(Math.abs(d.rows[2].entropy.mean / d.page - 1)).toBeLessThan(0.05);
  expect(entanglementLawOfCircuit({ nQubits: 6, depth: 1, instances: 30, seed: 1 }).verdict).toBe('area');
  expect(entanglementLawOfCircuit({ nQubits: 6, depth: 10, instances: 30, seed: 1 }).verdict).toBe('volume');
  expect(
    entanglementLaw(
      [1, 2, 3, 4],
      [1, 2, 3, 4].map((k) => k * Math.LN2),
    ).verdict,
  ).toBe('volume');
  expect(entanglementLaw([1, 2, 3, 4], [0.69, 0.69, 0.7, 0.69]).verdict).toBe('area');
});

test('gradient variance of a visible ⟨Z⟩ decays with n_h (log2 slope within [−1.6, −0.5]); same seed, same numbers', () => {
  const a = gradientScan({ nVisible: 1, nHidden: [1, 2, 3, 4, 5], draws: 120, layers: 1, seed: 4 });
  const b = gradientScan({ nVisible: 1, nHidden: [1, 2, 3, 4, 5], draws: 120, layers: 1, seed: 4 });
  expect(a.rows).toEqual(b.rows);
  const s = a.fits!.meanComponentVar.log2Slope;
  expect(s).toBeLessThan(-0.5);
  expect(s).toBeGreaterThan(-1.6);
});
