/** The comparison spec: defaults, grid expansion and order, paired seeds, sharding, and one-line errors with paths. */
import * as path from 'path';
import { ConfigError } from '../../../src/errors';
import { planComparison } from '../../../src/studies/compare/grid';
import { compareTasks } from '../../../src/studies/compare/tasks';
import { jobTasks, parseShard } from '../../../src/studies/tasks/plan';
import { parseCompareSpec } from '../../../src/studies/compare/spec';

const root = path.resolve(__dirname, '../../..');
const base = {
  name: 'g',
  seeds: 3,
  data: [{ synthetic: 'parity', n: 3 }, { path: 'data/showers-n4-dataset' }],
  layers: [1, 'log2n', 'n'],
  shots: [null, 100],
  losses: [
    { id: 'kl', loss: 'kl', epsilon: 1e-6 },
    { id: 'avg', label: 'MMD avg', loss: 'mmd', sigmas: [0.01, 'n/4', 'n'] },
    'lqf',
  ],
  train: { steps: 5 },
};
const plan = (extra: object = {}) =>
  planComparison(parseCompareSpec({ ...base, ...extra }, 'g.json'), { baseDir: root, where: 'g.json' });

test('defaults and ids', () => {
  const s = parseCompareSpec({
    name: 'x',
    seeds: 1,
    data: [{ synthetic: 'ghz', n: 3 }],
    losses: ['kl'],
    train: { steps: 1 },
  });
  expect(s).toMatchObject({
    seed: 1,
    layers: ['log2n'],
    shots: [null],
    model: { ansatz: 'hep' },
    out: 'runs/compare/x',
    report: { metric: 'tvd_train', topK: 15 },
  });
  expect(s.data[0].id).toBe('ghz-3');
  expect(s.losses[0]).toEqual({ id: 'kl', spec: { loss: 'kl' } });
});

test('the grid: data × depths (deduplicated per n) × shots × losses × seeds, each a resolved training config', () => {
  const p = plan();
  // n = 3: depths 1, 2, 3; n = 4: depths 1, 2, 4 → 2 datasets × 3 depths × 2 shots × 3 losses × 3 seeds
  expect(p.runs).toHaveLength(108);
  expect(p.runs.map((r) => r.index)).toEqual([...Array(108).keys()]);
  expect(p.runs[0].id).toBe('parity-3__L1__exact__kl__seed00');
  expect(p.runs[107].id).toBe('showers-n4-dataset__L4__shots100__lqf__seed02');
  expect(new Set(p.runs.map((r) => r.id)).size).toBe(108);
  const shot = p.runs.find((r) => r.key.shots === 100)!,
    exact = p.runs.find((r) => r.key.shots === null)!;
  expect([shot.config.gradient, exact.config.gradient]).toEqual(['parameter-shift', 'autodiff']);
  expect(shot.config.model).toEqual({ ansatz: 'hep', layers: 1 });
  expect(shot.config.steps).toBe(5);
  expect(shot.config.schedule).toEqual({ kind: 'exponential', lr0: 0.01, decay: 0.005, min: 1e-5 }); // [R]'s by default
  expect(p.lossLabels).toEqual({ kl: 'KL(p‖q) ε=1e-6', avg: 'MMD avg', lqf: expect.stringMatching(/^LQF/) });
  expect(plan({ layers: [1, 'log2n'], data: [{ synthetic: 'parity', n: 2 }] }).runs).toHaveLength(1 * 2 * 3 * 3); // log2(2) = 1 = 1
});

test('seeds are paired: the same for every loss and shot budget of a cell, different across seed index and depth', () => {
  const p = plan();
  const seedOf = (pred: (k: (typeof p.runs)[0]['key']) => boolean) => [
    ...new Set(p.runs.filter((r) => pred(r.key)).map((r) => r.config.seed)),
  ];
  expect(seedOf((k) => k.data === 'parity-3' && k.layers === 2 && k.seedIndex === 1)).toHaveLength(1);
  const perSeed = [0, 1, 2].map((s) => seedOf((k) => k.data === 'parity-3' && k.layers === 2 && k.seedIndex === s)[0]);
  expect(new Set(perSeed).size).toBe(3);
  expect(seedOf((k) => k.data === 'parity-3' && k.seedIndex === 0)).toHaveLength(3);
  expect(plan().runs.map((r) => r.config.seed)).toEqual(p.runs.map((r) => r.config.seed)); // deterministic
  expect(plan({ seed: 2 }).runs[0].config.seed).not.toBe(p.runs[0].config.seed);
  expect(p.runs[0].hash).toMatch(/^[0-9a-f]{64}$/);
});

test('jobs cover the grid exactly once, for any N, each with a near-equal share of the cost', () => {
  const tasks = compareTasks(plan());
  for (const N of [1, 2, 3, 5, 7, 108, 200]) {
    const seen = new Map<string, number>();
    for (let i = 0; i < N; i++)
      for (const t of jobTasks(tasks, parseShard(`${i}/${N}`))) seen.set(t.id, (seen.get(t.id) ?? 0) + 1);
    expect(seen.size).toBe(tasks.length);
    expect([...seen.values()].every((c) => c === 1)).toBe(true);
  }
  // dealing the cost-sorted list round-robin: job costs differ by at most the largest task
  const cost = (i: number) => jobTasks(tasks, { index: i, count: 4 }).reduce((s, t) => s + t.cost, 0);
  const costs = [0, 1, 2, 3].map(cost);
  expect(Math.max(...costs) - Math.min(...costs)).toBeLessThanOrEqual(Math.max(...tasks.map((t) => t.cost)));
  expect(tasks.map((t) => t.id)).toEqual(plan().runs.map((r) => r.id));
  for (const bad of ['3/3', '1', 'a/2', '-1/2', '0/0'])
    expect(() => parseShard(bad)).toThrow(/--shard .*: expected i\/N/);
});

test('"{n}" in data paths expands over qubits', () => {
  const s = parseCompareSpec({ ...base, qubits: [9, 12], data: [{ path: 'data/showers-n{n}' }] }, 'g.json');
  expect(s.data).toEqual([
    { id: 'showers-n9', spec: { path: 'data/showers-n9' } },
    { id: 'showers-n12', spec: { path: 'data/showers-n12' } },
  ]);
  const p = planComparison(s, { baseDir: root, where: 'g.json' });
  expect([...new Set(p.runs.map((r) => r.key.nQubits))]).toEqual([9, 12]);
});

test('bad specs: one ConfigError line naming the file and the key path', () => {
  const cases: [object, RegExp][] = [
    [{ colour: 'red' }, /^g\.json: colour: unknown key$/],
    [{ report: { metric: 'tvd_train', fancy: true } }, /^g\.json: report\.fancy: unknown key$/],
    [{ train: { steps: 5, lr: 0.1 } }, /^g\.json: train\.lr: unknown key$/],
    [{ train: {} }, /^g\.json: train\.steps: /],
    [{ seeds: 0 }, /^g\.json: seeds: /],
    [{ layers: [1, 'deep'] }, /^g\.json: layers\.1: /],
    [{ layers: [1, 1] }, /^g\.json: layers\.1: 1 appears twice/],
    [{ shots: [100, 0] }, /^g\.json: shots\.1: /],
    [{ losses: ['kl', 'kl'] }, /^g\.json: losses\.1\.id: duplicate id "kl"/],
    [{ losses: [{ loss: 'mmd', sigma: [1] }] }, /^g\.json: losses\.0.*sigma/],
    [{ losses: ['hinge'] }, /^g\.json: losses\.0: unknown loss "hinge"/],
    [{ losses: [{ id: 'a b', loss: 'kl' }] }, /^g\.json: losses\.0\.id: "a b" may hold/],
    [{ data: [{ path: 'data/showers-n{n}' }] }, /^g\.json: data\.0: "\{n\}" needs a "qubits" list/],
    [{ data: [{ synthetic: 'nope' }] }, /^g\.json: data\.0\.synthetic: unknown dataset "nope"/],
    [{ model: { ansatz: 'hep', layers: 2 } }, /^g\.json: model\.layers: set depths with the top-level "layers" list/],
  ];
  for (const [extra, re] of cases) {
    let err: unknown;
    try {
      parseCompareSpec({ ...base, ...extra }, 'g.json');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(re);
    expect((err as Error).message).not.toMatch(/\n/);
  }
});

test('errors only a run can show name the run', () => {
  expect(() => plan({ train: { steps: 5, optimizer: { name: 'lbfgs' } } })).toThrow(
    /^g\.json: run parity-3__L1__shots100__kl__seed00: optimizer: lbfgs needs exact losses/,
  );
  expect(() => plan({ model: { ansatz: 'spiral' } })).toThrow(
    /^g\.json: run .*: model\.ansatz: unknown ansatz "spiral"/,
  );
});
