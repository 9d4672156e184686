/**
 * A tiny comparison end to end, in this process: every report file, reuse of finished runs (a second invocation trains
 * nothing and touches no run file), resume of an interrupted run with the numbers of an uninterrupted one, shards that
 * add up to the grid, and refusal of a folder that holds another config.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BackendReport, initBackend } from '../../../src/backend/backend';
import { ComparePlan, planComparison } from '../../../src/studies/compare/grid';
import { writeCompareReport } from '../../../src/studies/compare/report';
import { runComparison } from '../../../src/studies/compare/runner';
import { parseCompareSpec } from '../../../src/studies/compare/spec';

const root = path.resolve(__dirname, '../../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'compare-'));
const TINY = {
  name: 'tiny',
  seeds: 2,
  data: [{ path: 'data/showers-n4-dataset' }],
  layers: [1],
  shots: [null, 50],
  losses: [
    { id: 'kl', loss: 'kl', epsilon: 1e-6 },
    { id: 'mmd-avg', label: 'MMD avg', loss: 'mmd', sigmas: [0.01, 'n/4', 'n'] },
    { id: 'lqf', label: 'LQF', loss: 'lqf' },
  ],
  train: { steps: 6, eval: { every: 3 }, checkpoint: { every: 3 }, schedule: { kind: 'constant', lr: 0.1 } },
  report: { topK: 5 },
};
const plan = (out: string, extra: object = {}): ComparePlan =>
  planComparison(parseCompareSpec({ ...TINY, ...extra, out: path.join(tmp, out) }, 'tiny.json'), { baseDir: root });
const finals = (p: ComparePlan) =>
  p.runs.map((r) => JSON.parse(fs.readFileSync(path.join(r.runDir, 'summary.json'), 'utf8')).final);
const mtimes = (p: ComparePlan) =>
  p.runs.flatMap((r) =>
    ['summary.json', 'metrics.jsonl', 'checkpoint.json'].map((f) => fs.statSync(path.join(r.runDir, f)).mtimeMs),
  );

let backend: BackendReport;
beforeAll(async () => {
  backend = await initBackend('wasm');
});

test('a tiny grid trains and writes every report file', async () => {
  const p = plan('a');
  const r = await runComparison(p, { backend });
  expect(r).toMatchObject({ selected: 12, trained: 12, reused: 0, interrupted: 0, failed: [] });
  const rep = await writeCompareReport(p);
  const panels = ['showers-n4-dataset__L1__exact', 'showers-n4-dataset__L1__shots50'];
  const expected = [
    'report.json',
    'report.md',
    'runs.csv',
    'summary.csv',
    'tvd-curves.png',
    'tvd-curves.svg',
    'final-tvd.png',
    'final-tvd.svg',
    ...panels.flatMap((x) => [
      `images-${x}.png`,
      `images-${x}.svg`,
      `model-vs-data-${x}.png`,
      `model-vs-data-${x}.svg`,
    ]),
  ];
  expect(rep.files.sort()).toEqual([...expected].sort());
  for (const f of expected) expect(fs.statSync(path.join(p.outDir, f)).size).toBeGreaterThan(100);
  expect(fs.readFileSync(path.join(p.outDir, 'tvd-curves.png')).subarray(1, 4).toString()).toBe('PNG');
  const json = JSON.parse(fs.readFileSync(path.join(p.outDir, 'report.json'), 'utf8'));
  expect(json.runs).toMatchObject({ planned: 12, finished: 12, missing: [] });
  expect(json.runs.backends[0]).toMatch(/^wasm/);
  expect(json.panels.map((x: { id: string }) => x.id)).toEqual(panels);
  for (const panel of json.panels) {
    expect(panel.cells.map((c: { rank: number }) => c.rank)).toEqual([1, 2, 3]);
    const medians = panel.cells.map((c: { metric: { median: number } }) => c.metric.median);
    expect([...medians].sort((a, b) => a - b)).toEqual(medians);
    for (const c of panel.cells) expect(c.curve.map((pt: { step: number }) => pt.step)).toEqual([0, 3, 6]);
  }
  // the report's median agrees with the runs' own summaries (two seeds: the mean of the two)
  const kl = p.runs
    .filter((x) => x.key.loss === 'kl' && x.key.shots === null)
    .map((x) => JSON.parse(fs.readFileSync(path.join(x.runDir, 'summary.json'), 'utf8')).final.tvd_train);
  const klCell = json.panels[0].cells.find((c: { loss: string }) => c.loss === 'kl');
  expect(klCell.metric.median).toBeCloseTo((kl[0] + kl[1]) / 2, 12);
  const md = fs.readFileSync(path.join(p.outDir, 'report.md'), 'utf8');
  expect(md).toMatch(/### n = 4 · L = 1 · 50 shots \(showers-n4-dataset\)/);
  expect(md).toMatch(/\| 1 \| .* \| \d\.\d{3} \[\d\.\d{3}, \d\.\d{3}\] \|/);
  expect(md).toContain('LQF');
  expect(fs.readFileSync(path.join(p.outDir, 'runs.csv'), 'utf8').trim().split('\n')).toHaveLength(13);
  expect(rep.table).toMatch(/12\/12 runs finished/);

  // a second invocation reuses every run: nothing is trained, no run file is rewritten
  const before = mtimes(p);
  const again = await runComparison(plan('a'), { backend });
  expect(again).toMatchObject({ selected: 12, trained: 0, reused: 12 });
  expect(mtimes(p)).toEqual(before);
});

test('an interrupted comparison resumes with the numbers of an uninterrupted one; shards add up to the grid', async () => {
  const straight = plan('a'); // trained by the first test
  const p = plan('b');
  let polls = 0;
  const r1 = await runComparison(p, { backend, shouldStop: () => ++polls > 3 });
  expect(r1).toMatchObject({ trained: 0, interrupted: 1 });
  const first = p.runs[0];
  expect(JSON.parse(fs.readFileSync(path.join(first.runDir, 'checkpoint.json'), 'utf8')).step).toBe(3);
  expect(fs.existsSync(path.join(first.runDir, 'summary.json'))).toBe(false);
  const s0 = await runComparison(plan('b'), { backend, shard: { index: 0, count: 2 } });
  expect(s0).toMatchObject({ selected: 6, trained: 6, reused: 0 });
  const s1 = await runComparison(plan('b'), { backend, shard: { index: 1, count: 2 } });
  expect(s1).toMatchObject({ selected: 6, trained: 6, reused: 0 });
  expect(await runComparison(plan('b'), { backend })).toMatchObject({ selected: 12, trained: 0, reused: 12 });
  expect(finals(p)).toEqual(finals(straight));
});

test('a run folder of another config is refused, not overwritten', async () => {
  const p = plan('a', { train: { ...TINY.train, steps: 7 } });
  const r = await runComparison(p, { backend });
  expect(r.trained).toBe(0);
  expect(r.failed).toHaveLength(12);
  expect(r.failed[0].error).toMatch(/holds a run of another config .*delete it or give the comparison another "out"/);
});
