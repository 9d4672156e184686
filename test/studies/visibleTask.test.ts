/**
 * The visible task's pieces: parameter-shift gradients (exact mode) equal autodiff, also through identity blocks
 * (scale −1 gates); KL tensor = host KL; the training loops keep numTensors flat and reproduce with the same seed.
 */
import * as tf from '@tensorflow/tfjs';
import { hiddenUnitModel, initialParams, visibleProbs } from '../../src/models/hiddenUnit';
import { createRng } from '../../src/rng';
import { adamRun, askTellRun } from '../../src/studies/hidden/trainLoops';
import { ghzTarget, klHost, klTensor, shotGradient, VisibleTask } from '../../src/studies/hidden/visibleTask';
import { CmaEs } from '../../src/train/optimizers/cmaes';
import { initBackend } from '../../src/backend/backend';
import { maxAbsDiff } from '../helpers/backends';

beforeAll(async () => {
  await initBackend('wasm');
});

const task: VisibleTask = { target: ghzTarget(2), eps: 1e-6, shots: 0, successTvd: 0.2 };

test.each([[false], [true]])('parameter-shift gradient = autodiff (identity blocks: %s)', (identityBlocks) => {
  const m = hiddenUnitModel({
    nVisible: 2,
    nHidden: 1,
    ansatz: { kind: 'all-pauli', layers: 1, identityBlocks },
    seed: 1,
  });
  const th = initialParams(m, createRng(2));
  if (identityBlocks) for (let k = 0; k < th.length; k++) th[k] += 0.3 * Math.sin(k); // leave the U = I point
  const ps = shotGradient(m, task, Float64Array.from(th), createRng(0));
  const ad = tf.tidy(() =>
    tf
      .grad((t: tf.Tensor) => tf.sum(klTensor(visibleProbs(m, t as tf.Tensor2D), task)))(
        tf.tensor2d(th, [1, th.length]),
      )
      .dataSync(),
  );
  expect(maxAbsDiff(ps, ad)).toBeLessThan(2e-3 * Math.max(1, ...Array.from(ad, Math.abs)));
  expect(Math.max(...Array.from(ad, Math.abs))).toBeGreaterThan(1e-2);
});

test('KL tensor equals the host KL, with clipping', () => {
  const q = [
    [0.5, 0, 0, 0.5],
    [0.25, 0.25, 0.25, 0.25],
    [0.9, 0.1, 0, 0],
  ];
  const t = tf.tidy(() => klTensor(tf.tensor2d(q), task).arraySync());
  q.forEach((row, i) => expect(t[i]).toBeCloseTo(klHost(task.target, row, task.eps), 4));
});

test('training loops: flat numTensors, reproducible, and Adam solves the task without hidden units', async () => {
  const m = hiddenUnitModel({ nVisible: 2, nHidden: 0, ansatz: { kind: 'all-pauli', layers: 1 }, seed: 1 });
  const x0 = initialParams(m, createRng(3));
  await adamRun(m, task, x0, createRng(1), { steps: 2, lr: 0.05 });
  const before = tf.memory().numTensors;
  const a = await adamRun(m, task, x0, createRng(1), { steps: 100, lr: 0.05, pretrain: 'qre', pretrainSteps: 5 });
  const b = askTellRun(m, { ...task, shots: 200 }, new CmaEs(x0, { seed: 1 }), createRng(1), 200);
  expect(tf.memory().numTensors).toBe(before);
  expect(a.success).toBe(true);
  const a2 = await adamRun(m, task, x0, createRng(1), { steps: 100, lr: 0.05, pretrain: 'qre', pretrainSteps: 5 });
  expect(Array.from(a2.theta)).toEqual(Array.from(a.theta));
  const b2 = askTellRun(m, { ...task, shots: 200 }, new CmaEs(x0, { seed: 1 }), createRng(1), 200);
  expect(b2.kl).toBe(b.kl);
});
