/** Explicit losses against plain Float64 loops, with exact zeros in model and data; ε clipping; finite gradients. */
import * as tf from '@tensorflow/tfjs';
import { fidelityLoss, jensenShannonLoss, klLoss, renyiLoss, reverseKlLoss, tvdLoss } from '../../src/losses/explicit';
import { ConfigError } from '../../src/errors';
import { describeEachBackend, expectNoLeak } from '../helpers/backends';
import { f32, randomDists, refFidelity, refJs, refKl, refRenyi, refReverseKl, refTvd, relDiff } from './reference';
import { centralPartial } from '../reference/centralDiff';

type Case = [string, (q: tf.Tensor2D, p: tf.Tensor2D) => tf.Tensor1D, (q: number[], p: number[]) => number];
const EPS = 1e-6;
const cases: Case[] = [
  ['kl', (q, p) => klLoss(q, p), (q, p) => refKl(q, p, EPS)],
  ['kl ε=1e-3', (q, p) => klLoss(q, p, { epsilon: 1e-3 }), (q, p) => refKl(q, p, 1e-3)],
  ['reverse kl', (q, p) => reverseKlLoss(q, p), (q, p) => refReverseKl(q, p, EPS)],
  ['js', jensenShannonLoss, refJs],
  ['tvd (sum)', (q, p) => tvdLoss(q, p), refTvd],
  ['tvd (half)', (q, p) => tvdLoss(q, p, { convention: 'half' }), (q, p) => refTvd(q, p) / 2],
  ['fidelity', fidelityLoss, refFidelity],
  ['renyi α=0.5', (q, p) => renyiLoss(q, p, { alpha: 0.5 }), (q, p) => refRenyi(q, p, 0.5, EPS)],
  ['renyi α=2', (q, p) => renyiLoss(q, p, { alpha: 2 }), (q, p) => refRenyi(q, p, 2, EPS)],
  ['renyi α=1 (= KL)', (q, p) => renyiLoss(q, p, { alpha: 1 }), (q, p) => refKl(q, p, EPS)],
];

describeEachBackend('explicit losses', () => {
  test.each(cases)('%s equals the brute-force reference (n = 1..8, batch 3, shared and per-row data)', (_, f, ref) => {
    for (const n of [1, 3, 5, 8]) {
      const qs = randomDists(`q${n}`, n, 3, 0.3).map(f32),
        ps = randomDists(`p${n}`, n, 3, 0.3).map(f32);
      const perRow = tf.tidy(() => f(tf.tensor2d(qs), tf.tensor2d(ps)).arraySync());
      const shared = tf.tidy(() => f(tf.tensor2d(qs), tf.tensor2d([ps[0]])).arraySync());
      qs.forEach((q, b) => {
        expect(relDiff(perRow[b], ref(q, ps[b]))).toBeLessThan(1e-5);
        expect(relDiff(shared[b], ref(q, ps[0]))).toBeLessThan(1e-5);
      });
    }
  });

  test.each(cases)(
    '%s has finite gradients in the model at exact zeros, matching the reference where smooth',
    (_, f, ref) => {
      const n = 4,
        q = f32(randomDists('gq', n, 1, 0.4)[0]),
        p = f32(randomDists('gp', n, 1, 0.4)[0]);
      const g = tf.tidy(() =>
        tf
          .grad((t: tf.Tensor) => tf.sum(f(t as tf.Tensor2D, tf.tensor2d([p]))))(tf.tensor2d([q]))
          .dataSync(),
      );
      expect(Array.from(g).every(Number.isFinite)).toBe(true);
      // where q_x > ε and nothing is clipped or masked, central differences of the Float64 reference agree
      const h = 1e-7;
      let compared = 0;
      for (let x = 0; x < q.length; x++) {
        if (q[x] < 1e-3 || p[x] === 0) continue;
        compared++;
        const fd = centralPartial((v) => ref(v, p), q, x, h);
        expect(Math.abs(g[x] - fd)).toBeLessThan(2e-3 * Math.max(1, Math.abs(fd)));
      }
      expect(compared).toBeGreaterThan(3);
    },
  );

  test('no tensors leak', () => {
    const q = tf.tensor2d(randomDists('leak', 3, 2)),
      p = tf.tensor2d(randomDists('leak2', 3, 1));
    for (const [, f] of cases) expectNoLeak(() => f(q, p).dispose());
    tf.dispose([q, p]);
  });
});

test('ε clipping: a zero model estimate on a data string costs p log(p/ε); ε = 0 gives +∞', () => {
  const q = tf.tensor2d([[0.5, 0.5, 0, 0]]),
    p = tf.tensor2d([[0.25, 0.25, 0.5, 0]]);
  const expected = 0.25 * Math.log(0.5) * 2 + 0.5 * Math.log(0.5 / 1e-6);
  expect(klLoss(q, p).dataSync()[0]).toBeCloseTo(expected, 4);
  expect(klLoss(q, p, { epsilon: 1e-3 }).dataSync()[0]).toBeCloseTo(
    0.25 * Math.log(0.5) * 2 + 0.5 * Math.log(0.5 / 1e-3),
    4,
  );
  expect(klLoss(q, p, { epsilon: 0 }).dataSync()[0]).toBe(Infinity);
  expect(Number.isFinite(klLoss(p, q, { epsilon: 0 }).dataSync()[0])).toBe(true); // 0·log 0 = 0, not NaN
  tf.dispose([q, p]);
});

test('TVD conventions span [0, 2] and [0, 1] for disjoint supports; JS ≤ ln 2', () => {
  const q = tf.tensor2d([[1, 0]]),
    p = tf.tensor2d([[0, 1]]);
  expect(tvdLoss(q, p).dataSync()[0]).toBeCloseTo(2, 6);
  expect(tvdLoss(q, p, { convention: 'half' }).dataSync()[0]).toBeCloseTo(1, 6);
  expect(jensenShannonLoss(q, p).dataSync()[0]).toBeCloseTo(Math.LN2, 6);
  expect(fidelityLoss(q, p).dataSync()[0]).toBeCloseTo(1, 6);
  tf.dispose([q, p]);
});

test('Rényi ½ is −2 log of the classical fidelity (no clipping in play)', () => {
  const q = tf.tensor2d(randomDists('r', 4, 2)),
    p = tf.tensor2d(randomDists('rp', 4, 2));
  const r = renyiLoss(q, p, { alpha: 0.5, epsilon: 0 }).dataSync(),
    fl = fidelityLoss(q, p).dataSync();
  r.forEach((v, i) => expect(v).toBeCloseTo(-2 * Math.log(1 - fl[i]), 5));
  tf.dispose([q, p]);
});

test('bad options are ConfigErrors', () => {
  const q = tf.tensor2d([[0.5, 0.5]]);
  expect(() => klLoss(q, q, { epsilon: -1 })).toThrow(ConfigError);
  expect(() => renyiLoss(q, q, { alpha: 0 })).toThrow('alpha must be a finite number > 0, got 0');
  expect(() => tvdLoss(q, q, { convention: 'third' as 'sum' })).toThrow(ConfigError);
  q.dispose();
});
