/**
 * Sample MMD from histograms against the pairwise definitions written plainly over sample lists (V: all pairs,
 * U: i ≠ j), unbiasedness of U over many seeds (mean within 3 standard errors), convergence of V with shots.
 */
import * as tf from '@tensorflow/tfjs';
import { histogram, mmdFromSamples } from '../../src/losses/mmdSamples';
import { sampleDistribution } from '../../src/losses/shots';
import { sampleIndices } from '../../src/state/sample';
import { createRng } from '../../src/rng';
import { ConfigError } from '../../src/errors';
import { expectNoLeak } from '../helpers/backends';
import { denseKernel, randomDists, refMmd, relDiff } from './reference';

/** Pairwise sample MMD: mean over pairs of K̄ within each sample (U: i ≠ j) minus twice the cross mean. */
function pairwise(xs: ArrayLike<number>, ys: ArrayLike<number>, K: number[][], u: boolean): number {
  const within = (s: ArrayLike<number>) => {
    let t = 0,
      c = 0;
    for (let i = 0; i < s.length; i++)
      for (let j = 0; j < s.length; j++) {
        if (u && i === j) continue;
        t += K[s[i]][s[j]];
        c++;
      }
    return t / c;
  };
  let cross = 0;
  for (let i = 0; i < xs.length; i++) for (let j = 0; j < ys.length; j++) cross += K[xs[i]][ys[j]];
  return within(xs) - (2 * cross) / (xs.length * ys.length) + within(ys);
}

const n = 4,
  sigmas = [0.5, 3],
  K = denseKernel(n, sigmas);
const q = randomDists('sq', n, 1)[0],
  p = randomDists('sp', n, 1)[0];

test.each([['v'], ['u']] as const)(
  '%s-statistic from histograms equals the pairwise definition over the samples',
  (est) => {
    for (const [N, M] of [
      [7, 5],
      [40, 25],
      [2, 2],
    ]) {
      const rng = createRng(`pw${N}`);
      const xs = sampleIndices(q, N, rng),
        ys = sampleIndices(p, M, rng);
      const a = histogram(xs, 2 ** n),
        b = histogram(ys, 2 ** n);
      const got = mmdFromSamples(a, b, sigmas, { estimator: est }).dataSync()[0];
      expect(relDiff(got, pairwise(xs, ys, K, est === 'u'), 1e-6)).toBeLessThan(1e-5);
      tf.dispose([a.probs, b.probs]);
    }
  },
);

test('the U-statistic is unbiased: model shots vs data samples, and exact model vs data samples', () => {
  const exact = refMmd(q, p, K),
    R = 4000,
    N = 12,
    M = 9;
  const rng = createRng('unbiased');
  const qs = tf.tile(tf.tensor2d([q]), [R, 1]) as tf.Tensor2D,
    ps = tf.tile(tf.tensor2d([p]), [R, 1]) as tf.Tensor2D;
  const model = sampleDistribution(qs, N, rng),
    data = sampleDistribution(ps, M, rng);
  const check = (typed: ArrayLike<number>, bias: boolean) => {
    const vals = Array.from(typed);
    const mean = vals.reduce((s, v) => s + v, 0) / R;
    const sd = Math.sqrt(vals.reduce((s, v) => s + (v - mean) ** 2, 0) / (R - 1));
    const se = sd / Math.sqrt(R);
    if (bias)
      expect(mean - exact).toBeGreaterThan(3 * se); // the V-statistic is biased upwards, visibly so here
    else expect(Math.abs(mean - exact)).toBeLessThan(3 * se);
  };
  check(mmdFromSamples(model, data, sigmas, { estimator: 'u' }).dataSync(), false);
  check(mmdFromSamples({ probs: qs }, data, sigmas, { estimator: 'u' }).dataSync(), false);
  check(mmdFromSamples(model, { probs: ps }, sigmas, { estimator: 'u' }).dataSync(), false);
  check(mmdFromSamples(model, data, sigmas, { estimator: 'v' }).dataSync(), true);
  tf.dispose([qs, ps, model.probs, data.probs]);
});

test('the V-statistic converges to the exact MMD as shots grow (data exact)', () => {
  const exact = refMmd(q, p, K),
    R = 16;
  const qs = tf.tile(tf.tensor2d([q]), [R, 1]) as tf.Tensor2D,
    pt = tf.tensor2d([p]);
  const errs = [10, 100, 1000, 10000, 100000].map((N) => {
    const m = sampleDistribution(qs, N, createRng(`conv${N}`));
    const v = Array.from(mmdFromSamples(m, { probs: pt }, sigmas).dataSync());
    m.probs.dispose();
    return v.reduce((s, x) => s + Math.abs(x - exact), 0) / R;
  });
  for (let i = 1; i < errs.length; i++) expect(errs[i]).toBeLessThan(errs[i - 1]);
  expect(errs[4]).toBeLessThan(0.01 * errs[0]);
  expect(errs[4] / exact).toBeLessThan(1e-2);
  tf.dispose([qs, pt]);
});

test('U needs ≥ 2 samples; bad estimator names and samples are rejected; no leaks', () => {
  const one = histogram([3], 16),
    pt = tf.tensor2d([p]);
  expect(() => mmdFromSamples(one, { probs: pt }, sigmas, { estimator: 'u' })).toThrow(ConfigError);
  expect(() => mmdFromSamples(one, { probs: pt }, sigmas, { estimator: 'w' as 'u' })).toThrow(ConfigError);
  expect(() => histogram([16], 16)).toThrow('sample 0 is 16');
  expectNoLeak(() => mmdFromSamples(one, { probs: pt }, sigmas).dispose());
  tf.dispose([one.probs, pt]);
});
