/**
 * Gradients of every registered loss through a circuit: tfjs autodiff (every engine on every backend; webgpu: the tensor
 * engine) and parameter shift (host backends: it reads synchronously) agree with central finite differences of the
 * Float64 dense reference (dense simulator + plain-loop losses), and so do the values. Memory stays flat.
 */
import * as tf from '@tensorflow/tfjs';
import { resolveLoss } from '../../src/losses/registry';
import { exactParamShiftGrad } from '../../src/losses/shots';
import { Circuit } from '../../src/circuit/circuit';
import { createRng } from '../../src/rng';
import { denseProbs } from '../reference/dense';
import { describeEach, expectNoLeak, relErr, TEST_BACKENDS } from '../helpers/backends';
import { randomCircuit } from '../helpers/randomCircuit';
import { centralDiff } from '../reference/centralDiff';
import {
  denseKernel,
  randomDists,
  refFidelity,
  refJs,
  refKl,
  refMmd,
  refQuantum,
  refRenyi,
  refReverseKl,
  refTvd,
} from './reference';

const n = 3,
  P = 5;
const K1 = denseKernel(n, [0.5]),
  K3 = denseKernel(n, [0.01, n / 4, n]);
type Ref = (c: Circuit, row: number[], data: number[]) => number;
const viaProbs =
  (f: (q: number[], p: number[]) => number): Ref =>
  (c, row, data) =>
    f(denseProbs(c, row), data);

const CASES: [unknown, Ref][] = [
  [{ loss: 'kl' }, viaProbs((q, p) => refKl(q, p, 1e-6))],
  [{ loss: 'rkl', epsilon: 1e-4 }, viaProbs((q, p) => refReverseKl(q, p, 1e-4))],
  ['js', viaProbs(refJs)],
  ['tvd', viaProbs(refTvd)],
  ['fidelity', viaProbs(refFidelity)],
  [{ loss: 'renyi', alpha: 2 }, viaProbs((q, p) => refRenyi(q, p, 2, 1e-6))],
  [{ loss: 'renyi', alpha: 0.5 }, viaProbs((q, p) => refRenyi(q, p, 0.5, 1e-6))],
  [{ loss: 'mmd', sigmas: [0.5] }, viaProbs((q, p) => refMmd(q, p, K1))],
  [{ loss: 'mmd', sigmas: [0.01, 'n/4', 'n'] }, viaProbs((q, p) => refMmd(q, p, K3))],
  ['qf', (c, row, data) => refQuantum(c, row, data).qf],
  ['lqf', (c, row, data) => refQuantum(c, row, data).lqf],
];

const rng = createRng('loss-grads');
const circuit = randomCircuit(rng, n, 24, P);
const theta = Array.from({ length: 2 }, () => Array.from({ length: P }, () => 4 * (rng.uniform() - 0.5)));
const data = randomDists('grad-data', n, 1, 0.25)[0];

describeEach('loss values and gradients', {}, ({ engine, values }) => {
  test.each(CASES.map(([spec, ref]) => [JSON.stringify(spec), spec, ref] as const))(
    '%s: value, and autodiff = finite differences',
    async (_, spec, ref) => {
      const loss = resolveLoss(spec, n);
      const expected = theta.flatMap((row) => centralDiff((r) => ref(circuit, r, data), row));
      expect(expected.some((g) => Math.abs(g) > 1e-3)).toBe(true);
      const t = tf.tensor2d(theta),
        d = tf.tensor2d([data]);
      const [vals, g] = await values(() => [
        loss.ofCircuit(circuit, t, d, { engine }),
        tf.grad((x: tf.Tensor) => tf.sum(loss.ofCircuit(circuit, x as tf.Tensor2D, d, { engine })))(t),
      ]);
      theta.forEach((row, b) =>
        expect(Math.abs(vals[b] - ref(circuit, row, data))).toBeLessThan(1e-5 * Math.max(1, Math.abs(vals[b]))),
      );
      expect(relErr(g, expected)).toBeLessThan(1e-3);
      tf.dispose([t, d]);
    },
  );
});

// parameter shift reads ∂L/∂p synchronously: host backends only
describeEach('parameter shift', { engines: 'auto', backends: TEST_BACKENDS }, () => {
  test.each(CASES.map(([spec, ref]) => [JSON.stringify(spec), spec, ref] as const))(
    '%s: parameter shift = finite differences',
    (_, spec, ref) => {
      const loss = resolveLoss(spec, n);
      const expected = theta.flatMap((row) => centralDiff((r) => ref(circuit, r, data), row));
      const t = tf.tensor2d(theta),
        d = tf.tensor2d([data]);
      const ps = exactParamShiftGrad(loss, circuit, t, d);
      expect(relErr(ps.dataSync(), expected)).toBeLessThan(1e-3);
      tf.dispose([t, d, ps]);
    },
  );
});

describeEach('memory', { engines: 'auto', backends: ['cpu'] }, () => {
  test('memory stays flat over repeated training steps, gradients and parameter shifts of every loss', () => {
    const t = tf.tensor2d(theta),
      d = tf.tensor2d([data]);
    for (const [spec] of CASES) {
      const loss = resolveLoss(spec, n),
        v = tf.variable(t),
        opt = tf.train.adam(0.01);
      const bytes = () => tf.memory().numBytes;
      const step = () => {
        opt.minimize(() => tf.sum(loss.ofCircuit(circuit, v as tf.Tensor2D, d)) as tf.Scalar);
        tf.grad((x: tf.Tensor) => tf.sum(loss.ofCircuit(circuit, x as tf.Tensor2D, d)))(t).dispose();
        exactParamShiftGrad(loss, circuit, t, d).dispose();
      };
      expectNoLeak(step);
      const before = bytes();
      step();
      expect(bytes()).toBe(before);
      opt.dispose();
      v.dispose();
    }
    tf.dispose([t, d]);
  });
});
