/**
 * trainInMemory, the run-folder-free entry of train/ that the [O] studies train through: against a plainly written
 * Adam on a known loss, the gradient of tensorObjective against the analytic one, numTensors flat across steps, and
 * a non-finite loss stopped with the step number (the check train() uses).
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/backend/backend';
import { trainInMemory, tensorObjective } from '../../src/train/inMemory';
import { Adam } from '../../src/train/optimizers/adam';
import { Sgd } from '../../src/train/optimizers/sgd';

beforeAll(async () => {
  await initBackend('cpu');
});

// L(θ) = Σ_i w_i (θ_i − c_i)² + Σ_i sin θ_i: ∂L/∂θ_i = 2 w_i (θ_i − c_i) + cos θ_i
const w = [1, 3, 0.5],
  c = [0.2, -1, 2];
const lossOf = (t: tf.Tensor2D) =>
  tf.tidy(
    () =>
      tf.add(tf.sum(tf.mul(tf.tensor2d([w]), tf.square(tf.sub(t, tf.tensor2d([c]))))), tf.sum(tf.sin(t))) as tf.Scalar,
  );
const gradOf = (th: number[]) => th.map((x, i) => 2 * w[i] * (x - c[i]) + Math.cos(x));

test('tensorObjective: value and gradient equal the analytic ones (float32)', async () => {
  const th = Float64Array.from([0.3, 0.1, -0.4]);
  const { value, grad } = await tensorObjective(lossOf, 3).valueAndGrad!(th);
  const ref = th.reduce((s, x, i) => s + w[i] * (x - c[i]) ** 2 + Math.sin(x), 0);
  expect(value).toBeCloseTo(ref, 5);
  gradOf(Array.from(th)).forEach((g, i) => expect(grad[i]).toBeCloseTo(g, 5));
  expect(await tensorObjective(lossOf, 3).value(th)).toBe(value);
});

test('trainInMemory follows a plainly written Adam step for step, keeps numTensors flat, counts evaluations', async () => {
  const steps = 40,
    lr = 0.05,
    eps = 1e-7;
  const ref = [0.3, 0.1, -0.4],
    m = [0, 0, 0],
    v = [0, 0, 0];
  for (let t = 1; t <= steps; t++) {
    const g = gradOf(ref.map((x) => Math.fround(x))); // the objective sees θ in float32
    for (let i = 0; i < 3; i++) {
      m[i] = 0.9 * m[i] + 0.1 * g[i];
      v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
      ref[i] -= (lr * m[i]) / (1 - 0.9 ** t) / (Math.sqrt(v[i] / (1 - 0.999 ** t)) + eps);
    }
  }
  const warm = Float64Array.from([0.3, 0.1, -0.4]);
  await trainInMemory(tensorObjective(lossOf, 3), warm, { optimizer: new Adam(3, { epsilon: eps }), steps: 1, lr });
  const before = tf.memory().numTensors;
  const theta = Float64Array.from([0.3, 0.1, -0.4]);
  const run = await trainInMemory(tensorObjective(lossOf, 3), theta, {
    optimizer: new Adam(3, { epsilon: eps }),
    steps,
    lr,
  });
  expect(tf.memory().numTensors).toBe(before);
  expect(run.theta).toBe(theta);
  expect(run.losses).toHaveLength(steps);
  expect(run.evaluations).toBe(steps);
  ref.forEach((x, i) => expect(theta[i]).toBeCloseTo(x, 4)); // float32 gradients: agreement to ~1e-5
  expect(run.losses[steps - 1]).toBeLessThan(run.losses[0]);
});

test('a non-finite loss stops training with the step number', async () => {
  let calls = 0;
  const objective = {
    value: async () => 0,
    valueAndGrad: async () => ({ value: ++calls === 3 ? NaN : 1, grad: Float64Array.from([1]) }),
  };
  await expect(
    trainInMemory(objective, Float64Array.from([0]), { optimizer: new Sgd(1), steps: 5, lr: 0.1 }),
  ).rejects.toThrow(/^step 3: loss is NaN$/);
});
