/**
 * IQP models through the one training loop: on 16-pixel showers (exact metrics available) the data-dependent start
 * trains and the random full-range start does not move; on a 40-qubit dataset read as bit rows (no 2^n object
 * anywhere) training reports correlator metrics, keeps numTensors flat, and an interrupted run resumed equals the
 * uninterrupted one number for number. Configs that cannot work for IQP models are refused in one line.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/backend/backend';
import { resolveTrainConfig } from '../../src/config/train';
import { buildProblem } from '../../src/train/problem';
import { readMetrics } from '../../src/train/report';
import { train } from '../../src/train/trainer';
import { createRng } from '../../src/rng';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'iqp-train-'));
const strip = (rows: object[]) => rows.map((r) => ({ ...r, seconds: 0 }));

/** A 40-qubit event dataset folder: blocks of 4 neighbouring bits switch on together (correlated), written as CSV. */
function wideFolder(): string {
  const dir = tmp(),
    rng = createRng('wide'),
    n = 40,
    counts = new Map<string, number>();
  for (let e = 0; e < 600; e++) {
    const bits: string[] = [];
    for (let b = 0; b < n / 4; b++) {
      const on = rng.uniform() < 0.3 + 0.04 * b;
      for (let k = 0; k < 4; k++) bits.push(on !== rng.uniform() < 0.05 ? '1' : '0');
    }
    const s = bits.join('');
    counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  fs.writeFileSync(
    path.join(dir, 'data.csv'),
    `bitstring,count\n${[...counts].map(([s, c]) => `${s},${c}`).join('\n')}\n`,
  );
  fs.writeFileSync(
    path.join(dir, 'card.json'),
    JSON.stringify({
      schema: 'plateau.data-card/1',
      name: 'blocks-n40',
      kind: 'test',
      description: 'correlated blocks',
      nQubits: n,
      bitOrder: 'qubit 0 first',
      qubitMap: { kind: 'bits', description: 'blocks' },
      source: 'test',
      generator: null,
      seed: 1,
      exact: false,
      counts: { rows: counts.size, events: 600, distinct: counts.size, totalWeight: 600 },
      plateauVersion: '0',
    }),
  );
  return dir;
}

beforeAll(async () => {
  await initBackend('wasm');
});

const showers = (extra: object) =>
  resolveTrainConfig({
    name: 'iqp16',
    seed: 1,
    data: { path: 'data/showers-n16' },
    model: { ansatz: 'iqp', generators: 'all' },
    loss: { loss: 'mmd', sigmas: [1, 'n/4'], samples: { a: 300, z: 300 } },
    schedule: { kind: 'constant', lr: 0.05 },
    steps: 30,
    eval: { every: 30, sigmas: [1] },
    ...extra,
  });

test('16 pixels: data-dependent init trains (exact TVD falls), random full-range init sits on its plateau', async () => {
  const data = await train(buildProblem(showers({ init: { kind: 'data' } })), { runDir: tmp() });
  const rand = await train(buildProblem(showers({})), { runDir: tmp() });
  if (data.last.metrics !== 'exact' || rand.last.metrics !== 'exact') throw new Error('n = 16 has exact metrics');
  expect(data.last.tvd_train).toBeLessThan(1.45); // from 1.64 at the data-dependent start
  expect(rand.last.tvd_train).toBeGreaterThan(1.9);
  expect(data.q).not.toBeNull();
});

test('40 qubits from bit rows: correlator metrics, flat tensors, resume = uninterrupted', async () => {
  const folder = wideFolder();
  const config = resolveTrainConfig({
    name: 'iqp40',
    seed: 2,
    data: { path: folder },
    model: { ansatz: 'iqp', generators: 'line' },
    init: { kind: 'data' },
    loss: { loss: 'mmd', sigmas: ['n/4'], samples: { a: 200, z: 200 } },
    schedule: { kind: 'constant', lr: 0.05 },
    steps: 12,
    eval: { every: 4, sigmas: [2, 'n/4'], kBody: 2 },
    checkpoint: { every: 5 },
  });
  const a = tmp(),
    b = tmp();
  const before = tf.memory().numTensors;
  const straight = await train(buildProblem(config), { runDir: a });
  expect(tf.memory().numTensors).toBe(before);
  expect(straight.q).toBeNull();
  const last = straight.last;
  if (last.metrics !== 'correlators') throw new Error('n = 40 reports correlator metrics');
  expect(last.corr_method).toBe('closed-form');
  expect(last.corr_train).toHaveLength(2);
  expect(Object.keys(last.mmd_test)).toEqual(['σ=2', 'σ=n/4']);
  const m = readMetrics(a);
  if (m[0].metrics !== 'correlators') throw new Error('correlator metrics expected');
  expect(last.corr_train[0]).toBeLessThan(m[0].corr_train[0]); // the 1-body error falls from the data-dependent start
  let n = 0;
  const first = await train(buildProblem(config), { runDir: b, shouldStop: () => ++n >= 7 });
  expect(first.step).toBe(7);
  const resumed = await train(buildProblem(config), { runDir: b, resume: true });
  expect(Array.from(resumed.theta)).toEqual(Array.from(straight.theta));
  expect(strip(readMetrics(b))).toEqual(strip(m));
});

test('IQP configs that cannot work are refused in one line', () => {
  const base = { name: 'x', data: { path: 'data/showers-n9' }, model: { ansatz: 'iqp' }, steps: 2 };
  expect(() => resolveTrainConfig({ ...base, loss: 'kl' })).toThrow(
    /Monte-Carlo MMD .* "kl" needs the model's 2\^n probabilities/,
  );
  expect(() => resolveTrainConfig({ ...base, loss: { loss: 'mmd', sigmas: [1] }, shots: 100 })).toThrow(
    /not from shots/,
  );
  expect(() =>
    resolveTrainConfig({ ...base, loss: { loss: 'mmd', sigmas: [1] }, optimizer: { name: 'lbfgs' } }),
  ).toThrow(/lbfgs needs exact losses/);
  expect(() =>
    resolveTrainConfig({
      ...base,
      model: { ansatz: 'hep', layers: 1 },
      loss: { loss: 'mmd', sigmas: [1], samples: { a: 10, z: 10 } },
    }),
  ).toThrow(/"samples" sets the Monte-Carlo counts of IQP models/);
  expect(() =>
    resolveTrainConfig({
      ...base,
      model: { ansatz: 'hep', layers: 1 },
      loss: { loss: 'mmd', sigmas: [1] },
      init: { kind: 'data' },
    }),
  ).toThrow(/initialisation of IQP models/);
});
