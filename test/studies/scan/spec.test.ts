/** Scan specs: defaults, shorthand losses, one-line errors naming the key, hashing, shard assignment. */
import { ConfigError } from '../../../src/errors';
import { resolveDepth } from '../../../src/studies/scan/ansatz';
import { parseScanLoss, scanLossKey } from '../../../src/studies/scan/losses';
import { scanPoints } from '../../../src/studies/scan/points';
import { scanTasks } from '../../../src/studies/scan/tasks';
import { jobTasks, parseShard } from '../../../src/studies/tasks/plan';
import { parseIntList, resolveScanSpec, specFromFlags, specHash, splitList } from '../../../src/studies/scan/spec';

test('defaults are filled in; qubits sorted; product ansätze default to depth 0, Haar to "haar"', () => {
  const s = resolveScanSpec({ losses: ['kl'], qubits: [4, 2, 3] });
  expect(s).toMatchObject({
    ansatz: 'hep',
    depths: [4],
    qubits: [2, 3, 4],
    draws: 256,
    circuits: 1,
    shots: ['exact'],
    datasets: ['ghz'],
    gradients: true,
    bootstrap: 200,
    level: 0.95,
    seed: 1,
    engine: 'auto',
    preset: null,
  });
  expect(resolveScanSpec({ losses: ['kl'], qubits: [2], ansatz: 'product-haar' }).depths).toEqual([0]);
  expect(resolveScanSpec({ losses: ['kl'], qubits: [2], ansatz: 'haar' }).depths).toEqual(['haar']);
});

test('loss shorthand round-trips through its key; bare names and JSON work too', () => {
  for (const s of [
    'mmd(n/4)',
    'mmd(0.01;n/4;n)',
    'mmd(1;u)',
    'kl',
    'kl(0.001)',
    'tvd(half)',
    'renyi(2)',
    'lqf',
    'qf',
    'zz',
    'cerezo-global',
    'cerezo-local',
  ])
    expect(scanLossKey(parseScanLoss(s))).toBe(s);
  expect(parseScanLoss('{"loss": "mmd", "sigmas": [1, "n"]}')).toEqual({ loss: 'mmd', sigmas: [1, 'n'] });
  expect(parseScanLoss({ loss: 'zz' })).toEqual({ loss: 'zz' });
});

test('bad input is one ConfigError line naming the key', () => {
  const bad: [unknown, string][] = [
    [
      { losses: ['nope'], qubits: [2] },
      'scan spec.losses.0: unknown loss "nope" (known: kl, rkl, js, tvd, fidelity, renyi, mmd, qf, lqf, zz, cerezo-global, cerezo-local)',
    ],
    [{ losses: ['mmd(n/0)'], qubits: [2] }, 'scan spec.losses.0: sigmas.0: malformed bandwidth'],
    [
      { losses: ['kl'], qubits: [2], datasets: ['ghz', 'zipf'] },
      'scan spec.datasets.1: unknown or malformed dataset "zipf"',
    ],
    [
      { losses: ['kl'], qubits: [3], datasets: ['random:n^2'] },
      'scan spec.datasets.0: "random:n^2" at n = 3: needs 1 ≤ count ≤ 2^n, got count 9',
    ],
    [{ losses: ['kl'], qubits: [1] }, 'scan spec.datasets.0: "ghz" at n = 1: ghz: a GHZ state needs at least 2 qubits'],
    [{ losses: ['kl'], qubits: [2, 2] }, 'scan spec.qubits: 2 is listed twice'],
    [
      { losses: ['kl'], qubits: [2], ansatz: 'product', depths: [3] },
      'scan spec.depths: ansatz "product" has no layers',
    ],
    [{ losses: ['kl'], qubits: [2], circuits: 4 }, 'scan spec.circuits: only ansatz "mcclean"'],
    [{ losses: ['kl'], qubits: [2], depths: ['3m'] }, 'scan spec.depths.0: depth must be'],
    [{ losses: ['zz'], qubits: [1] }, 'scan spec.losses.0: ⟨Z₀Z₁⟩ needs at least 2 qubits, got 1'],
    [{ losses: ['kl'], qubits: [2], draws: 1 }, 'scan spec: draws: Too small: expected number to be >=2 (got 1)'],
    [{ losses: ['kl'], qubits: [2], colour: 'red' }, 'scan spec: colour: unknown key'],
    [
      { losses: ['kl'], qubits: [2], datasets: ['file:/nonexistent/n{n}'] },
      'scan spec.datasets.0: "file:/nonexistent/n{n}" at n = 2: /nonexistent/n2: no such file or folder',
    ],
  ];
  for (const [raw, msg] of bad) {
    let err: unknown;
    try {
      resolveScanSpec(raw);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain(msg);
    expect((err as Error).message).not.toContain('\n');
  }
});

test('the hash depends on content, not on key order or re-resolution', () => {
  const a = resolveScanSpec({ losses: ['mmd(n/4)', 'kl'], qubits: [2, 3], depths: [1, 'haar'], seed: 3 });
  const b = resolveScanSpec({
    seed: 3,
    depths: [1, 'haar'],
    qubits: [3, 2],
    losses: [{ sigmas: ['n/4'], loss: 'mmd' }, 'kl'],
  });
  expect(specHash(b)).toBe(specHash(a));
  expect(specHash(resolveScanSpec(JSON.parse(JSON.stringify(a))))).toBe(specHash(a));
  expect(specHash(resolveScanSpec({ ...a, seed: 4 }))).not.toBe(specHash(a));
});

test('flag text: lists, ranges, depth expressions', () => {
  expect(splitList('kl,mmd(0.01;n/4),{"loss":"mmd","sigmas":[1,2]}')).toEqual([
    'kl',
    'mmd(0.01;n/4)',
    '{"loss":"mmd","sigmas":[1,2]}',
  ]);
  expect(parseIntList('2..5,8,10-14:2', '--qubits')).toEqual([2, 3, 4, 5, 8, 10, 12, 14]);
  expect(() => parseIntList('5..2', '--qubits')).toThrow('--qubits: empty range "5..2"');
  expect(specFromFlags({ depths: '0,2n,haar', shots: 'exact,1e3' })).toEqual({
    depths: [0, '2n', 'haar'],
    shots: ['exact', 1000],
  });
  expect([
    resolveDepth('2n', 5),
    resolveDepth('n/2', 5),
    resolveDepth('log2n', 5),
    resolveDepth('haar', 5),
    resolveDepth(3, 5),
  ]).toEqual([10, 3, 3, null, 3]);
});

test('jobs partition the points: every point in exactly one job, independent of nothing but the spec', () => {
  const spec = resolveScanSpec({ losses: ['kl'], qubits: [2, 3, 4, 5, 6], depths: [1, 2, 'haar'] });
  const all = scanPoints(spec).map((p) => p.index),
    tasks = scanTasks(spec);
  for (const N of [1, 2, 4, 15, 20]) {
    const got = Array.from({ length: N }, (_, i) => jobTasks(tasks, { index: i, count: N }).map((t) => t.point.index))
      .flat()
      .sort((a, b) => a - b);
    expect(got).toEqual(all);
  }
  expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
  for (const bad of ['4/4', '1', 'a/b', '0/0']) expect(() => parseShard(bad)).toThrow(/--shard .*: expected i\/N/);
});
