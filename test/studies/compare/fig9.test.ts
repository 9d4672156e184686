/**
 * [R]'s Fig. 9/10 presets: every preset resolves and plans; paper references are matched to the right panels and
 * judged by their factor; the schedule read per epoch of k updates; and a small slice of fig9 (n = 9, exact, 3 seeds,
 * the preset's own schedule and 1500 updates) reaches the expected ordering: depth helps every loss, and at L = n the
 * σ-averaged MMD ends above KL and LQF, as in [R] Fig. 9 (LQF ≈ 2.7e-3 < KL ≈ 8e-3 < MMD ≈ 1.8e-2).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { initBackend } from '../../../src/backend/backend';
import { planComparison } from '../../../src/studies/compare/grid';
import {
  compareToReference,
  formatReference,
  referenceSchema,
  referenceValue,
} from '../../../src/studies/compare/reference';
import { writeCompareReport } from '../../../src/studies/compare/report';
import { runComparison } from '../../../src/studies/compare/runner';
import { COMPARE_PRESET_DIR, parseCompareSpec, readCompareInput } from '../../../src/studies/compare/spec';
import { learningRate } from '../../../src/train/schedule';

const root = path.resolve(__dirname, '../../..');
const preset = (name: string) => readCompareInput({ preset: name }) as { raw: Record<string, unknown>; file: string };

test('every compare preset resolves and plans; fig9 and fig10 have the sizes of the figure', () => {
  const names = fs.readdirSync(COMPARE_PRESET_DIR).map((f) => f.replace(/\.json$/, ''));
  expect(names).toEqual(expect.arrayContaining(['fig9', 'fig9-quick', 'fig9-shots-quick', 'fig10']));
  const sizes: Record<string, number> = {};
  for (const name of names) {
    const { raw, file } = preset(name);
    sizes[name] = planComparison(parseCompareSpec(raw, file), { baseDir: root }).runs.length;
  }
  expect(sizes.fig9).toBe(3 * 3 * 4 * 3 * 10);
  expect(sizes['fig9-quick']).toBe(2 * 3 * 3 * 10);
  expect(sizes.fig10).toBe(5 * 10);
});

test('references: the most specific panel entry wins; points, ranges and bounds are judged by the factor', () => {
  const ref = referenceSchema.parse({
    label: 'paper',
    values: { kl: 1 },
    panels: [
      { n: 9, shots: null, values: { kl: 0.1 } },
      { n: 9, shots: null, layers: 'n', values: { kl: [0.01, 0.02], lqf: { below: 0.001 } } },
    ],
  });
  const panel = (n: number, layers: number, shots: number | null) => ({ data: 'd', nQubits: n, layers, shots });
  expect(referenceValue(ref, panel(9, 9, null), 'kl')).toEqual([0.01, 0.02]);
  expect(referenceValue(ref, panel(9, 4, null), 'kl')).toBe(0.1);
  expect(referenceValue(ref, panel(9, 9, 100), 'kl')).toBe(1);
  expect(referenceValue(ref, panel(9, 9, null), 'mmd')).toBeUndefined();
  expect(formatReference([0.01, 0.02])).toBe('0.01–0.02');
  expect(formatReference(0.0027)).toBe('2.7e-3');
  expect(formatReference({ below: 0.001 })).toBe('< 1.0e-3');
  expect(compareToReference(0.03, [0.01, 0.02], 2).verdict).toBe('within');
  expect(compareToReference(0.05, [0.01, 0.02], 2)).toEqual({ verdict: 'above', ratio: 2.5 });
  expect(compareToReference(0.004, [0.01, 0.02], 2)).toEqual({ verdict: 'below', ratio: 0.4 });
  expect(compareToReference(1e-9, { below: 0.001 }, 2).verdict).toBe('within');
  expect(compareToReference(0.0021, { below: 0.001 }, 2).verdict).toBe('above');
});

test('the schedule read per epoch of k updates stretches the decay k-fold; per update it sums to about 2', () => {
  const paper = { kind: 'exponential' as const, lr0: 0.01, decay: 0.005, min: 1e-5 };
  const epochs = { ...paper, updatesPerEpoch: 10 };
  expect(learningRate(epochs, 1000)).toBeCloseTo(learningRate(paper, 100), 15);
  const sum = (s: typeof paper) =>
    Array.from({ length: 1500 }, (_, t) => learningRate(s, t)).reduce((a, b) => a + b, 0);
  expect(sum(paper)).toBeCloseTo(0.01 / (1 - Math.exp(-0.005)), 2); // ≈ 2.0
  expect(sum(epochs)).toBeCloseTo((0.01 * (1 - Math.exp(-0.75))) / (1 - Math.exp(-0.0005)), 6); // ≈ 10.6
});

test('a small fig9 grid reaches its expected ordering', async () => {
  const backend = await initBackend('wasm');
  const { raw } = preset('fig9');
  const spec = parseCompareSpec(
    {
      ...raw,
      data: [{ path: 'data/showers-n9' }],
      shots: [null],
      layers: [1, 'n'],
      seeds: 3,
      out: fs.mkdtempSync(path.join(os.tmpdir(), 'fig9-small-')),
    },
    'fig9 slice',
  );
  const plan = planComparison(spec, { baseDir: root });
  expect(plan.runs).toHaveLength(2 * 3 * 3);
  expect(await runComparison(plan, { backend })).toMatchObject({ trained: 18, failed: [] });
  const { cells, table } = await writeCompareReport(plan);
  const med = (layers: number, loss: string) =>
    cells.find((c) => c.panel.layers === layers && c.loss === loss)!.metric.median;
  for (const loss of ['kl', 'mmd', 'lqf']) expect(med(9, loss)).toBeLessThan(med(1, loss) / 5);
  expect(med(9, 'mmd')).toBeGreaterThan(med(9, 'kl'));
  expect(med(9, 'mmd')).toBeGreaterThan(med(9, 'lqf'));
  expect(table).toMatch(/paper 8\.0e-3, /); // [R]'s KL value sits beside plateau's
}, 300000);
