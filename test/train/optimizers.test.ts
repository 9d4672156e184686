/** Gradient optimisers: Adam matches tf.train.adam, all find minima of test functions, state round-trips exactly. */
import * as tf from '@tensorflow/tfjs';
import { Adam } from '../../src/train/optimizers/adam';
import { Sgd } from '../../src/train/optimizers/sgd';
import { Lbfgs } from '../../src/train/optimizers/lbfgs';
import { Objective, Optimizer } from '../../src/train/objective';
import { PAPER_SCHEDULE } from '../../src/config/schedule';
import { learningRate } from '../../src/train/schedule';

/** An Objective from plain functions. */
const objective = (f: (x: Float64Array) => number, g: (x: Float64Array) => Float64Array): Objective => ({
  value: async (x) => f(x),
  valueAndGrad: async (x) => ({ value: f(x), grad: g(x) }),
});

/** f(x) = Σ_i c_i (x_i − i)², minimum at x_i = i. */
const quadratic = objective(
  (x) => x.reduce((s, v, i) => s + (i + 1) * (v - i) ** 2, 0),
  (x) => x.map((v, i) => 2 * (i + 1) * (v - i)),
);

/** Rosenbrock in 2-D, minimum at (1, 1). */
const rosenbrock = objective(
  ([a, b]) => (1 - a) ** 2 + 100 * (b - a * a) ** 2,
  ([a, b]) => Float64Array.from([-2 * (1 - a) - 400 * a * (b - a * a), 200 * (b - a * a)]),
);

async function run(opt: Optimizer, obj: Objective, x0: number[], steps: number, lr: number): Promise<Float64Array> {
  const x = Float64Array.from(x0);
  for (let t = 0; t < steps; t++) await opt.step(x, obj, lr);
  return x;
}

test('Adam follows tf.train.adam step for step', async () => {
  const x0 = [0.5, -1.2, 2.0];
  const ours = Float64Array.from(x0),
    opt = new Adam(3, { epsilon: 1e-7 });
  const v = tf.variable(tf.tensor1d(x0));
  const tfOpt = tf.train.adam(0.05, 0.9, 0.999, 1e-7);
  const c = tf.tensor1d([1, 2, 3]),
    target = tf.tensor1d([0, 1, 2]);
  for (let t = 0; t < 25; t++) {
    await opt.step(ours, quadratic, 0.05);
    tfOpt.minimize(() => tf.sum(tf.mul(c, tf.square(tf.sub(v, target)))) as tf.Scalar);
  }
  const theirs = v.dataSync();
  ours.forEach((x, i) => expect(x).toBeCloseTo(theirs[i], 4));
  tf.dispose([v, c, target]);
  tfOpt.dispose();
});

test.each([
  ['adam', () => new Adam(4), 3000, 0.05, 1e-3],
  ['sgd + momentum', () => new Sgd(4, 0.9), 2000, 0.01, 1e-4],
  ['lbfgs', () => new Lbfgs(4), 50, 1, 1e-6],
] as [string, () => Optimizer, number, number, number][])(
  '%s minimises a quadratic',
  async (_n, make, steps, lr, tol) => {
    const x = await run(make(), quadratic, [3, 3, 3, 3], steps, lr);
    x.forEach((v, i) => expect(Math.abs(v - i)).toBeLessThan(tol));
  },
);

test('lbfgs finds the Rosenbrock minimum', async () => {
  const x = await run(new Lbfgs(2), rosenbrock, [-1.2, 1], 200, 1);
  expect(x[0]).toBeCloseTo(1, 4);
  expect(x[1]).toBeCloseTo(1, 4);
});

test.each([
  ['adam', () => new Adam(2)],
  ['sgd', () => new Sgd(2, 0.5)],
  ['lbfgs', () => new Lbfgs(2)],
] as [string, () => Optimizer][])('%s: stop, save state through JSON, resume = uninterrupted', async (_n, make) => {
  const lr = 1e-3;
  const straight = await run(make(), rosenbrock, [-1.2, 1], 40, lr);
  const a = make(),
    x = Float64Array.from([-1.2, 1]);
  for (let t = 0; t < 17; t++) await a.step(x, rosenbrock, lr);
  const b = make();
  b.setState(JSON.parse(JSON.stringify(a.getState())));
  for (let t = 17; t < 40; t++) await b.step(x, rosenbrock, lr);
  expect(Array.from(x)).toEqual(Array.from(straight));
  expect(x.every(Number.isFinite)).toBe(true);
  expect(() => new Adam(3).setState(a.getState())).toThrow(/does not fit 3 parameters|checkpoint state/);
});

test('the paper schedule: 0.01·e^{−0.005t}, floored at 1e-5', () => {
  expect(learningRate(PAPER_SCHEDULE, 0)).toBeCloseTo(0.01, 12);
  expect(learningRate(PAPER_SCHEDULE, 200)).toBeCloseTo(0.01 * Math.exp(-1), 12);
  expect(learningRate(PAPER_SCHEDULE, 5000)).toBe(1e-5);
  expect(learningRate({ kind: 'constant', lr: 0.3 }, 99)).toBe(0.3);
});
