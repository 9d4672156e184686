/**
 * Exact MMD four ways — Walsh–Hadamard (mmdLoss), Kronecker K·v (host and tf ops), the explicit Z-correlator loop, and
 * a dense 2^n × 2^n kernel matrix written in the test — on random distributions, single and averaged bandwidths.
 */
import * as tf from '@tensorflow/tfjs';
import { kernelApply } from '../../src/losses/kernel';
import { walshHadamard } from '../../src/losses/walsh';
import { kernelBilinear, mmdKronecker, mmdLoss } from '../../src/losses/mmd';
import { mmdZCorrelators } from '../../src/losses/mmdCorrelators';
import { ConfigError, NotSupportedError } from '../../src/errors';
import { describeEachBackend, expectNoLeak, relErr } from '../helpers/backends';
import { denseKernel, f32, quad, randomDists, refMmd, relDiff } from './reference';

const SIGMA_SETS = [[0.25], [1], [3], [0.01, 2, 8], [0.5, 10]];

describeEachBackend('kernel and exact MMD', () => {
  test.each(SIGMA_SETS.map((s) => [s]))(
    'K̄·v in Kronecker form (host, ops) equals the dense kernel, σ = %j',
    (sigmas) => {
      for (const n of [1, 2, 5, 7]) {
        const v = randomDists(`kv${n}`, n, 2).map((r) => f32(r.map((x, i) => x - (i % 3) / 2 ** n)));
        const K = denseKernel(n, sigmas);
        const ref = v.map((row) => K.map((Kx) => Kx.reduce((s, k, y) => s + k * row[y], 0)));
        for (const impl of ['host', 'ops'] as const) {
          const got = tf.tidy(() => kernelApply(tf.tensor2d(v), sigmas, impl).arraySync());
          got.forEach((row, b) => expect(relErr(row, ref[b])).toBeLessThan(1e-5));
        }
      }
    },
  );

  test.each(SIGMA_SETS.map((s) => [s]))(
    'Kronecker MMD = Z-correlator MMD = dense MMD = WHT mmdLoss, σ = %j',
    (sigmas) => {
      for (const n of [1, 3, 6, 8]) {
        const qs = randomDists(`mq${n}`, n, 3, 0.2).map(f32),
          p = f32(randomDists(`mp${n}`, n, 1, 0.2)[0]);
        const K = denseKernel(n, sigmas);
        const ref = qs.map((q) => refMmd(q, p, K));
        const impls: [string, (q: tf.Tensor2D, p: tf.Tensor2D) => tf.Tensor1D][] = [
          ['wht', (a, b) => mmdLoss(a, b, sigmas)],
          ['kron-host', (a, b) => mmdKronecker(a, b, sigmas, 'host')],
          ['kron-ops', (a, b) => mmdKronecker(a, b, sigmas, 'ops')],
          ['zcorr', (a, b) => mmdZCorrelators(a, b, sigmas)],
        ];
        for (const [name, f] of impls) {
          const got = tf.tidy(() => f(tf.tensor2d(qs), tf.tensor2d([p])).arraySync());
          got.forEach((v, b) => {
            const err = relDiff(v, ref[b]);
            if (err >= 1e-5) throw new Error(`${name} n=${n} σ=${sigmas}: ${v} vs ${ref[b]} (rel ${err})`);
          });
        }
      }
    },
  );

  test('MMD of a distribution with itself is 0 and the gradient in q is 2K̄(q − p) for every route', () => {
    const n = 4,
      sigmas = [0.7, 4],
      K = denseKernel(n, sigmas);
    const q = f32(randomDists('gq', n, 1)[0]),
      p = f32(randomDists('gp', n, 1)[0]);
    const ref = K.map((Kx) => 2 * Kx.reduce((s, k, y) => s + k * (q[y] - p[y]), 0));
    const routes = [
      (a: tf.Tensor2D, b: tf.Tensor2D) => mmdLoss(a, b, sigmas),
      (a: tf.Tensor2D, b: tf.Tensor2D) => mmdKronecker(a, b, sigmas, 'host'),
      (a: tf.Tensor2D, b: tf.Tensor2D) => mmdKronecker(a, b, sigmas, 'ops'),
      (a: tf.Tensor2D, b: tf.Tensor2D) => mmdZCorrelators(a, b, sigmas),
    ];
    for (const f of routes) {
      expect(tf.tidy(() => f(tf.tensor2d([q]), tf.tensor2d([q])).dataSync()[0])).toBeCloseTo(0, 7);
      const g = tf.tidy(() =>
        tf
          .grad((t: tf.Tensor) => tf.sum(f(t as tf.Tensor2D, tf.tensor2d([p]))))(tf.tensor2d([q]))
          .dataSync(),
      );
      expect(relErr(g, ref)).toBeLessThan(1e-5);
    }
  });

  test('kernelBilinear is xᵀK̄y', () => {
    const n = 5,
      sigmas = [0.3, 5],
      K = denseKernel(n, sigmas);
    const x = f32(randomDists('bx', n, 1)[0]),
      y = f32(randomDists('by', n, 1)[0]);
    expect(
      relDiff(
        tf.tidy(() => kernelBilinear(tf.tensor2d([x]), tf.tensor2d([y]), sigmas).dataSync()[0]),
        quad(K, x, y),
      ),
    ).toBeLessThan(1e-5);
  });

  test('no tensors leak', () => {
    const q = tf.tensor2d(randomDists('l', 4, 2)),
      p = tf.tensor2d(randomDists('lp', 4, 1));
    expectNoLeak(() => mmdLoss(q, p, [1, 2]).dispose());
    expectNoLeak(() => mmdKronecker(q, p, [1, 2], 'host').dispose());
    expectNoLeak(() => mmdKronecker(q, p, [1, 2], 'ops').dispose());
    expectNoLeak(() => mmdZCorrelators(q, p, [1, 2]).dispose());
    expectNoLeak(() =>
      tf
        .grad((t: tf.Tensor) => tf.sum(mmdKronecker(t as tf.Tensor2D, p, [1, 2], 'host')))(q)
        .dispose(),
    );
    tf.dispose([q, p]);
  });
});

test('bad bandwidths and oversized Z-correlator loops are errors', () => {
  const q = tf.tensor2d([[0.5, 0.5]]);
  expect(() => mmdLoss(q, q, [])).toThrow(ConfigError);
  expect(() => mmdKronecker(q, q, [0])).toThrow('bandwidth must be a finite number > 0, got 0');
  expect(() => mmdZCorrelators(q, q, [-1])).toThrow(ConfigError);
  q.dispose();
  const big = tf.zeros([1, 2 ** 15]) as tf.Tensor2D;
  expect(() => mmdZCorrelators(big, big, [1])).toThrow(NotSupportedError);
  big.dispose();
});

test('the tf-op Walsh–Hadamard transform equals the host one, values and gradients', () => {
  const x = tf.tensor2d(randomDists('wh', 6, 3).map((r) => r.map((v, i) => v - (i % 2) / 64)));
  const w = tf.tensor2d(randomDists('whw', 6, 1));
  const f = (impl: 'ops' | 'host') => (t: tf.Tensor) =>
    tf.sum(tf.mul(tf.square(walshHadamard(t as tf.Tensor2D, impl)), w));
  expect(relErr(walshHadamard(x, 'ops').dataSync(), walshHadamard(x, 'host').dataSync())).toBeLessThan(1e-6);
  expect(relErr(tf.grad(f('ops'))(x).dataSync(), tf.grad(f('host'))(x).dataSync())).toBeLessThan(1e-5);
  expectNoLeak(() => walshHadamard(x, 'ops').dispose());
  tf.dispose([x, w]);
});
