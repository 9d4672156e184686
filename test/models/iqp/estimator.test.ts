/**
 * The Monte-Carlo MMD² estimator: unbiased (the mean of many seeded estimates lies within 3 standard errors of the
 * exact MMD², also where the plain square of the z-mean would be biased), gradients of one fixed draw equal central
 * differences of that draw's estimate written out plainly in Float64, the cpu and tensor paths agree on sampled draws
 * (values and gradients, batched θ), and memory stays flat.
 */
import * as tf from '@tensorflow/tfjs';
import { emptyRows, fromBitstrings, fromIndices, getBit, weighted } from '../../../src/data/bitRows';
import { iqpGenerators } from '../../../src/models/iqp/generators';
import { drawMmd, exactMmdDraw, iqpMmd, MmdDraw } from '../../../src/models/iqp/mmd';
import { createRng } from '../../../src/rng';
import { centralDiff } from '../../reference/centralDiff';
import { describeEachBackend, expectNoLeak, maxAbsDiff, relErr } from '../../helpers/backends';

const g = iqpGenerators({ topology: 'all' }, 6);
const data = weighted(fromIndices([0b000111, 0b001111, 0b000011, 0b000111, 0b111000, 0b000001], 6));
const theta = (seed: string, m = g.count) => {
  const rng = createRng(seed);
  return Array.from({ length: m }, () => 0.8 * rng.normal());
};

/** The estimate of one draw, written plainly: Σ_a w_a [d̄² − s²/N] with d_z = p_a − cos(Σ_j 2θ_j s_zj t_aj). */
function plainEstimate(d: MmdDraw, th: number[]): number {
  const N = d.tables.nZ;
  let total = 0;
  for (let a = 0; a < d.weights.length; a++) {
    const ds: number[] = [];
    for (let z = 0; z < N; z++) {
      let phi = 0;
      for (let k = d.tables.odd.offsets[a]; k < d.tables.odd.offsets[a + 1]; k++) {
        const j = d.tables.odd.gens[k];
        phi += 2 * th[j] * d.tables.signs[j * N + z];
      }
      ds.push(d.dataCorrelators[a] - Math.cos(phi));
    }
    const mean = ds.reduce((s, x) => s + x, 0) / N, s2 = ds.reduce((s, x) => s + (x - mean) ** 2, 0) / (N - 1);
    total += d.weights[a] * (d.square === 'u' ? mean * mean - s2 / N : mean * mean);
  }
  return total;
}

describeEachBackend('IQP Monte-Carlo MMD²', () => {
  test('unbiased: the mean over 200 seeded draws is within 3 SE of the exact MMD², at one and three bandwidths', () => {
    for (const sigmas of [[1], [0.2, 1.5, 6]]) {
      const th = tf.tensor2d([theta('unbiased')]);
      const exact = tf.tidy(() => iqpMmd(th, exactMmdDraw(g, data, sigmas)).dataSync()[0]);
      const est: number[] = [], plain: number[] = [];
      for (let s = 0; s < 200; s++) {
        const d = drawMmd(g, data, sigmas, { a: 30, z: 8 }, createRng(`mc/${s}`));
        est.push(tf.tidy(() => iqpMmd(th, d).dataSync()[0]));
        plain.push(tf.tidy(() => iqpMmd(th, { ...d, square: 'plain' }).dataSync()[0]));
      }
      const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;
      const se = (x: number[]) => Math.sqrt(x.reduce((a, b) => a + (b - mean(x)) ** 2, 0) / (x.length - 1) / x.length);
      expect(Math.abs(mean(est) - exact)).toBeLessThan(3 * se(est));
      // with only 8 z samples the plain square of the z-mean is biased upwards by E[s²]/N: the test can tell
      expect(mean(plain) - exact).toBeGreaterThan(3 * se(plain));
      th.dispose();
    }
  });

  test('the gradient of one draw equals central differences of its estimate in Float64', () => {
    const d = drawMmd(g, data, [0.5, 3], { a: 40, z: 16 }, createRng('fd'));
    const th = theta('fd');
    const got = tf.tidy(() => tf.grad((t: tf.Tensor) => tf.sum(iqpMmd(t as tf.Tensor2D, d)))(tf.tensor2d([th])).dataSync());
    const ref = centralDiff((x) => plainEstimate(d, x), th, 1e-5);
    expect(relErr(got, ref)).toBeLessThan(1e-4);
    expect(Math.abs(tf.tidy(() => iqpMmd(tf.tensor2d([th]), d).dataSync()[0]) - plainEstimate(d, th))).toBeLessThan(1e-6);
  });

  test('cpu (two-body and sparse kernels) and tensor paths agree on a sampled draw with batched θ (values, gradients), and leak nothing', () => {
    const big = iqpGenerators({ topology: 'erdos-renyi', degree: 4, seed: 3 }, 40);
    const rng = createRng('rows'), rows = Array.from({ length: 50 }, () => Array.from({ length: 40 }, () => (rng.uniform() < 0.3 ? 1 : 0)).join(''));
    const d = drawMmd(big, weighted(fromBitstrings(rows)), [0.5, 10], { a: 64, z: 50 }, createRng('paths'));
    const th = tf.tensor2d([theta('p1', big.count), theta('p2', big.count), theta('p3', big.count)]);
    expect(d.tables.twoBody).not.toBeNull();
    const sparse = { ...d, tables: { ...d.tables, twoBody: null } };
    const run = (path: 'cpu' | 'tensor', draw: MmdDraw = d) => tf.tidy(() => {
      const { value, grad } = tf.valueAndGrad((t: tf.Tensor) => tf.sum(tf.mul(iqpMmd(t as tf.Tensor2D, draw, path), tf.tensor1d([1, 2, 3]))))(th);
      return [value.dataSync()[0], Array.from(grad.dataSync())] as const;
    });
    const [vc, gc] = run('cpu'), [vs, gs] = run('cpu', sparse), [vt, gt] = run('tensor');
    for (const [v, gr] of [[vs, gs], [vt, gt]] as const) {
      expect(Math.abs(vc - v)).toBeLessThan(1e-5 * Math.max(1, Math.abs(vc)));
      expect(relErr(gc, gr)).toBeLessThan(1e-4);
    }
    for (const path of ['cpu', 'tensor'] as const) expectNoLeak(() => tf.dispose(tf.tidy(() => tf.grad((t: tf.Tensor) => tf.sum(iqpMmd(t as tf.Tensor2D, d, path)))(th))));
    th.dispose();
  });

  test('refuses too few samples, in one line', () => {
    expect(() => drawMmd(g, data, [1], { a: 10, z: 1 }, createRng(1))).toThrow(/at least 2 z samples/);
    expect(() => drawMmd(g, data, [1, 2, 3], { a: 2, z: 10 }, createRng(1))).toThrow(/one mask a per bandwidth/);
  });
});

describe('draws', () => {
  test('masks follow Bernoulli(p_σ): their mean weight is n·p_σ (within 4 SE), zero masks are counted but skipped', () => {
    const n = 200, sigma = 50, p = (1 - Math.exp(-1 / (2 * sigma))) / 2;
    const big = iqpGenerators({ topology: 'line' }, n);
    const d = drawMmd(big, weighted(emptyRows(n, 1)), [sigma], { a: 4000, z: 2 }, createRng('bern'));
    let ones = 0;
    for (let r = 0; r < d.masks.rows; r++) for (let q = 0; q < n; q++) ones += getBit(d.masks, r, q);
    const mean = ones / 4000, se = Math.sqrt((n * p * (1 - p)) / 4000);
    expect(Math.abs(mean - n * p)).toBeLessThan(4 * se);
    expect(d.drawn).toBe(4000);
    expect(d.masks.rows).toBeLessThan(4000);
    expect(maxAbsDiff(d.weights, new Float64Array(d.weights.length).fill(1 / 4000))).toBe(0);
  });
});
