/**
 * The IQP-on-showers study: each model's per-mask errors against brute force from its distribution (the IQP model's
 * closed-form and Monte-Carlo routes against the state vector), the unbiased held-out MMD² and correlator errors of
 * evaluateGrid against a direct enumeration at small n, and a whole tiny study whose report holds a row per model.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { BitRows, emptyRows, fromIndices, indexOf, setBit, weighted, WeightedRows } from '../../../src/data/bitRows';
import { allCorrelators } from '../../../src/data/stats';
import { fitChowLiu } from '../../../src/models/classical/chowLiu';
import { fitIndependentPixels } from '../../../src/models/classical/independent';
import { iqpDistribution } from '../../../src/models/iqp/circuit';
import { iqpGenerators } from '../../../src/models/iqp/generators';
import { kernelFlipProbability } from '../../../src/models/iqp/tables';
import { createRng } from '../../../src/rng';
import {
  classicalCandidate,
  distributionCandidate,
  iqpCandidate,
  trainingEventsCandidate,
} from '../../../src/studies/iqpHep/candidates';
import { evaluateGrid } from '../../../src/studies/iqpHep/evaluate';
import { runIqpHepStudy } from '../../../src/studies/iqpHep/run';
import { resolveIqpHepSpec } from '../../../src/studies/iqpHep/spec';

const weightOf = (x: number) => {
  let w = 0;
  for (; x; x &= x - 1) w++;
  return w;
};
const popParity = (x: number) => weightOf(x) & 1;

/** Seeded events with a correlated core (a shower-like toy) as weighted rows. */
function events(n: number, count: number, seed: string): WeightedRows {
  const rng = createRng(seed),
    rows = emptyRows(n, count);
  for (let r = 0; r < count; r++) {
    const big = rng.uniform() < 0.5;
    for (let q = 0; q < n; q++) if (rng.uniform() < (big && q % 2 ? 0.9 : 0.15)) setBit(rows, r, q);
  }
  return weighted(rows);
}

/** Every mask of n bits (row a = basis index a). */
const allMasks = (n: number): BitRows =>
  fromIndices(
    Uint32Array.from({ length: 2 ** n }, (_, a) => a),
    n,
  );

/** Dense distribution of weighted rows. */
function dense(d: WeightedRows): Float64Array {
  const p = new Float64Array(2 ** d.rows.nQubits);
  for (let r = 0; r < d.rows.rows; r++) p[indexOf(d.rows, r)] += d.weights[r];
  return p;
}

test('per-mask errors of every model = (p_a − Σ_x q(x)(−1)^{x·a})² from its distribution, brute force at n = 5', async () => {
  const n = 5,
    train = events(n, 300, 'tr'),
    p = allCorrelators(dense(events(n, 200, 'te'))),
    masks = allMasks(n);
  const brute = (q: Float64Array) =>
    Float64Array.from(
      { length: 2 ** n },
      (_, a) => (p[a] - q.reduce((s, v, x) => s + (popParity(x & a) ? -v : v), 0)) ** 2,
    );
  const g = iqpGenerators({ topology: 'all' }, n),
    rng = createRng('th'),
    theta = Float64Array.from({ length: g.count }, () => 0.4 * rng.normal());
  const qIqp = await iqpDistribution(g, theta, 'cpu');
  const cases = [
    classicalCandidate('independent', fitIndependentPixels(train)),
    classicalCandidate('chow-liu', fitChowLiu(train)),
    trainingEventsCandidate(train),
    distributionCandidate('qcbm', 'q', 1, qIqp),
    iqpCandidate('IQP', g, theta, qIqp, { exactMaskWeight: 5, zSamples: 100 }), // every mask by the closed form
  ];
  for (const c of cases) {
    const got = c.squaredErrors(masks, p, createRng('z')),
      ref = brute(c.distribution!);
    // float32 state vector for the IQP/QCBM reference; float64 elsewhere
    got.forEach((v, a) => expect(v).toBeCloseTo(ref[a], c.id === 'iqp' || c.id === 'qcbm' ? 5 : 12));
  }
  // the Monte-Carlo route (every non-zero mask heavy): unbiased — the mean of 40 seeded estimates within 4 SE of exact
  const mc = iqpCandidate('IQP', g, theta, null, { exactMaskWeight: 0, zSamples: 200 }),
    ref = brute(qIqp);
  const reps = Array.from({ length: 40 }, (_, i) => mc.squaredErrors(masks, p, createRng(`mc-${i}`)));
  for (const a of [3, 12, 31]) {
    const xs = reps.map((r) => r[a]),
      m = xs.reduce((s, v) => s + v, 0) / xs.length;
    const se = Math.sqrt(xs.reduce((s, v) => s + (v - m) ** 2, 0) / (xs.length - 1) / xs.length);
    expect(Math.abs(m - ref[a])).toBeLessThan(4 * se + 1e-6);
  }
  expect(mc.sample).toBeNull();
  expect(mc.noSamples).toMatch(/quantum computer/);
});

test('evaluateGrid: unbiased MMD² and correlator errors equal their definitions enumerated at n = 5', () => {
  const n = 5,
    train = events(n, 400, 'tr2'),
    Ntest = 250,
    test = events(n, Ntest, 'te2'),
    model = fitChowLiu(train);
  const e = evaluateGrid(
    '1x5',
    test,
    { train: 400, test: Ntest },
    [classicalCandidate('chow-liu', model), trainingEventsCandidate(train)],
    { sigmas: [1, 'n'], masks: 20000, samples: 2000, topK: 5, seed: 1, reference: 'chow-liu' },
  );
  const p = allCorrelators(dense(test)),
    q = allCorrelators(model.distribution()!);
  const u = (a: number) => (p[a] - q[a]) ** 2 - (1 - p[a] ** 2) / (Ntest - 1);
  // exact expectation over P_σ: Σ_a p_σ^|a| (1 − p_σ)^{n−|a|} u(a); the 20 000-mask mean must lie within 4 SE
  for (const [key, sigma] of [
    ['σ=1', 1],
    ['σ=n', n],
  ] as const) {
    const pf = kernelFlipProbability(sigma);
    let exact = 0;
    for (let a = 0; a < 2 ** n; a++) {
      const w = weightOf(a);
      exact += pf ** w * (1 - pf) ** (n - w) * u(a);
    }
    const m = e.models[0].mmd[key];
    expect(Math.abs(m.value - exact)).toBeLessThan(4 * m.se);
    expect(m.se).toBeGreaterThan(0);
  }
  let one = 0,
    two = 0;
  for (let a = 1; a < 2 ** n; a++) {
    if (weightOf(a) === 1) one += u(a);
    if (weightOf(a) === 2) two += u(a);
  }
  expect(e.models[0].corr[0].value).toBeCloseTo(one, 12);
  expect(e.models[0].corr[1].value).toBeCloseTo(two, 12);
  const tvd = model.distribution()!.reduce((s, v, x) => s + Math.abs(v - dense(test)[x]), 0);
  expect(e.models[0].tvd).toBeCloseTo(tvd, 12);
  // paired differences against the reference, and the samplers' top images
  expect(e.reference).toBe('chow-liu');
  expect(e.models[0].minusReference).toBeNull();
  expect(e.models[1].minusReference!['σ=1'].value).toBeCloseTo(
    e.models[1].mmd['σ=1'].value - e.models[0].mmd['σ=1'].value,
    12,
  );
  expect(e.models[0].top!.length).toBeGreaterThan(0);
  expect(e.dataTop[0].p).toBeGreaterThan(0);
});

test('a whole tiny study: data folder, trained IQP and QCBM, baselines, and a report with a row per model', async () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'iqp-hep-'));
  const spec = resolveIqpHepSpec({
    name: 'tiny',
    grids: ['2x3'],
    data: { events: 300, seed: 4 },
    iqp: {
      model: { ansatz: 'iqp', generators: 'grid' },
      init: { kind: 'data' },
      loss: { loss: 'mmd', sigmas: ['n/4'], samples: { a: 60, z: 60 } },
      schedule: { kind: 'constant', lr: 0.05 },
      steps: 4,
      eval: { every: 2, sigmas: ['n/4'] },
    },
    qcbm: {
      maxQubits: 6,
      train: {
        model: { ansatz: 'hep', layers: 1 },
        loss: { loss: 'mmd', sigmas: ['n/4'] },
        schedule: { kind: 'constant', lr: 0.05 },
        steps: 4,
        eval: { every: 2 },
      },
    },
    eval: { sigmas: [1, 'n/4'], masks: 200, samples: 500, topK: 4 },
  });
  const backend = { backend: 'test', device: 'cpu' } as never,
    lines: string[] = [];
  const r = await runIqpHepStudy(spec, out, { backend, log: (l) => lines.push(l) });
  expect(r.interrupted).toBe(false);
  const ids = r.grids[0].models.map((m) => m.id);
  expect(ids).toEqual(['train-events', 'independent', 'chow-liu', 'iqp', 'qcbm']);
  const md = fs.readFileSync(path.join(out, 'report.md'), 'utf8');
  for (const m of r.grids[0].models) {
    const row = md.split('\n').find((l) => l.startsWith(`| ${m.label} | ${m.nParams ?? '—'} | `));
    expect(row).toBeDefined();
    // the row's first MMD² cell is the evaluated number
    expect(row!.split(' | ')[2]).toContain(
      m.mmd['σ=1'].value === 0
        ? '0'
        : Math.abs(m.mmd['σ=1'].value) >= 0.01
          ? m.mmd['σ=1'].value.toFixed(4)
          : m.mmd['σ=1'].value.toExponential(2),
    );
  }
  expect(md).toMatch(/finite-sample term \(subtracted above\)/);
  expect(md).toMatch(/Paired differences/);
  const csv = fs.readFileSync(path.join(out, 'metrics.csv'), 'utf8').trim().split('\n');
  expect(csv).toHaveLength(1 + 5);
  expect(csv[0]).toMatch(
    /^grid,n,model,label,params,mmd2_1,mmd2_1_se,mmd2_n\/4,mmd2_n\/4_se,corr_1body,corr_2body,tvd/,
  );
  const json = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8'));
  expect(json.grids[0].models).toHaveLength(5);
  for (const f of [
    'mmd-2x3.png',
    'correlators-2x3.svg',
    'images-2x3.png',
    'data/showers-2x3/card.json',
    'runs/iqp-2x3/checkpoint.json',
    'runs/qcbm-2x3/training-curve.png',
  ])
    expect(fs.existsSync(path.join(out, f))).toBe(true);
  // again: the trained runs are reused, the numbers are the same
  const again = await runIqpHepStudy(spec, out, { backend, log: () => {} });
  expect(again.runs.map((u) => u.status)).toEqual(['reused', 'reused']);
  expect(again.grids[0].models.map((m) => m.mmd['σ=1'].value)).toEqual(
    r.grids[0].models.map((m) => m.mmd['σ=1'].value),
  );
}, 120000);

test('CLI: a bad spec is one line on stderr and exit 2', () => {
  const root = path.resolve(__dirname, '../../..'),
    cfg = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'iqp-hep-bad-')), 'bad.json');
  fs.writeFileSync(cfg, JSON.stringify({ name: 'bad', grids: ['8x8'], iqp: { model: { ansatz: 'hep' } } }));
  const r = spawnSync(
    path.join(root, 'node_modules/.bin/tsx'),
    ['scripts/iqp-hep.ts', '--config', cfg, '--out', path.join(path.dirname(cfg), 'o')],
    { cwd: root, encoding: 'utf8', timeout: 60000 },
  );
  expect(r.status).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/iqp\.model\.ansatz must be "iqp"/);
  expect(fs.existsSync(path.join(path.dirname(cfg), 'o'))).toBe(false);
});
