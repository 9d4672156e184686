/**
 * The training loop end to end on tiny problems: convergence, resume = uninterrupted (exact and with shots), shot
 * training reproducible by seed, the NaN guard (on wasm), and flat tensor counts over 200 steps per engine on wasm and
 * over 20 steps with the tensor engine on webgpu (the software renderer is slow).
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
import { loadCheckpoint, configHash } from '../../src/train/checkpoint';
import { NumericalError } from '../../src/errors';
import { describeEach } from '../helpers/backends';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'train-'));
const strip = (rows: object[]) => rows.map((r) => ({ ...r, seconds: 0 }));

beforeAll(async () => {
  await initBackend('wasm');
});

const tiny = (extra: object = {}) =>
  resolveTrainConfig({
    name: 'tiny',
    seed: 3,
    data: { synthetic: 'parity', n: 3 },
    model: { ansatz: 'hea', layers: 2, rotations: ['ry', 'rz'], entangler: 'cz' },
    loss: { loss: 'mmd', sigmas: [0.5, 2] },
    schedule: { kind: 'constant', lr: 0.1 },
    steps: 150,
    eval: { every: 25 },
    checkpoint: { every: 40 },
    ...extra,
  });

test('a 3-qubit target is learnt (parity set {000, 011, 101, 110})', async () => {
  const r = await train(buildProblem(tiny()), { runDir: tmp() });
  expect(r.status).toBe('finished');
  if (r.last.metrics !== 'exact') throw new Error('exact metrics expected');
  expect(r.last.tvd_train).toBeLessThan(0.1);
  expect(r.last.mass_on_train_support).toBeGreaterThan(0.95);
});

test.each([
  ['exact, autodiff', {}],
  [
    'curriculum, 40 shots, parameter shift',
    {
      steps: undefined,
      shots: 40,
      gradient: 'parameter-shift',
      loss: {
        phases: [
          { loss: 'mmd', sigmas: ['n'], steps: 20 },
          { loss: 'kl', steps: 20 },
        ],
      },
    },
  ],
  ['spsa (gradient-free)', { optimizer: { name: 'spsa' }, steps: 40 }],
])('%s: interrupted at step 17 and resumed = uninterrupted, number for number', async (_name, extra) => {
  const config = tiny({ steps: 40, ...extra });
  const a = tmp(),
    b = tmp();
  const straight = await train(buildProblem(config), { runDir: a });
  let n = 0;
  const first = await train(buildProblem(config), { runDir: b, shouldStop: () => ++n >= 17 });
  expect(first.status).toBe('interrupted');
  expect(first.step).toBe(17);
  expect(
    loadCheckpoint(path.join(b, 'checkpoint.json'), { configHash: configHash(config), nParams: first.theta.length })
      .step,
  ).toBe(17);
  const resumed = await train(buildProblem(config), { runDir: b, resume: true });
  expect(resumed.status).toBe('finished');
  expect(Array.from(resumed.theta)).toEqual(Array.from(straight.theta));
  expect(strip(readMetrics(b))).toEqual(strip(readMetrics(a)));
});

test('shot-based training is reproducible by seed and differs between seeds', async () => {
  const run = async (seed: number) =>
    (await train(buildProblem(tiny({ seed, steps: 8, shots: 50, gradient: 'parameter-shift' })), { runDir: tmp() }))
      .theta;
  const [x, y, z] = [await run(5), await run(5), await run(6)];
  expect(Array.from(x)).toEqual(Array.from(y));
  expect(Array.from(x)).not.toEqual(Array.from(z));
});

test('NaN guard: an infinite loss stops with the step number and checkpoints the last good state', async () => {
  // Zero parameters put all mass on 000 while the GHZ data also sits on 111: KL without clipping is infinite.
  const config = resolveTrainConfig({
    name: 'nan',
    data: { synthetic: 'ghz', n: 3 },
    model: { ansatz: 'product' },
    init: { kind: 'zeros' },
    loss: { loss: 'kl', epsilon: 0 },
    steps: 5,
  });
  const dir = tmp();
  await expect(train(buildProblem(config), { runDir: dir })).rejects.toThrow(NumericalError);
  await expect(train(buildProblem(config), { runDir: tmp() })).rejects.toThrow(
    /^step 1: loss is Infinity; stopped, last good state checkpointed at step 0/,
  );
  const c = loadCheckpoint(path.join(dir, 'checkpoint.json'), { configHash: configHash(config), nParams: 3 });
  expect(c.step).toBe(0);
  expect(c.theta).toEqual([0, 0, 0]);
});

test('a run folder is not overwritten by a new run', async () => {
  const dir = tmp();
  await train(buildProblem(tiny({ steps: 2 })), { runDir: dir });
  await expect(train(buildProblem(tiny({ steps: 2 })), { runDir: dir })).rejects.toThrow(
    /already holds a run; resume it with --resume/,
  );
});

describeEach('flat tensors', { backends: ['wasm', 'webgpu'] }, ({ engine, webgpu }) => {
  const steps = webgpu ? 20 : 200; // the software renderer is slow
  test(`tf.memory().numTensors is the same after ${steps} steps as after 1`, async () => {
    const counts: number[] = [];
    await train(buildProblem(tiny({ steps, engine, eval: { every: steps / 4 } })), {
      runDir: tmp(),
      onProgress: (p) => (p.step === 1 || p.step === steps) && counts.push(tf.memory().numTensors),
    });
    expect(counts).toHaveLength(2);
    expect(counts[1]).toBe(counts[0]);
  });
});
