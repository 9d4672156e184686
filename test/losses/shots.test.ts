/**
 * The shot-noise pipeline: the KL fixed point Σ p̃ log(p̃/ε) of [R] §III, convergence of shot estimates to exact values,
 * unbiasedness where the estimator is linear (LQF gradient, MMD U-statistic), seeded reproducibility.
 */
import * as tf from '@tensorflow/tfjs';
import { resolveLoss } from '../../src/losses/registry';
import { exactParamShiftGrad, sampleDistribution, shotLoss, shotParamShiftGrad } from '../../src/losses/shots';
import { histogram } from '../../src/losses/mmdSamples';
import { productAnsatz } from '../../src/circuit/ansatz/product';
import { hepAnsatz } from '../../src/circuit/ansatz/hep';
import { createRng } from '../../src/rng';
import { sampleIndices } from '../../src/state/sample';
import { ConfigError } from '../../src/errors';
import { relErr } from '../helpers/backends';
import { randomDists } from './reference';

const meanSe = (v: number[]) => {
  const m = v.reduce((s, x) => s + x, 0) / v.length;
  return { m, se: Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / (v.length - 1) / v.length) };
};

test('KL from few shots of a model exponentially small on the data sits at Σ p̃ log(p̃/ε); TVD at 2; fidelity loss at 1', () => {
  const n = 10,
    circuit = productAnsatz(n);
  // data: 5 strings of Hamming weight ≥ 7; model: RY(0.3) on every qubit, so q(x) ≈ 0.022^|x| ≤ 4e-12 there
  const strings = [0b1111111000, 0b0111111100, 0b1011011111, 0b1111111111, 0b1110111011],
    w = [0.3, 0.25, 0.2, 0.15, 0.1];
  const p = new Array(2 ** n).fill(0);
  strings.forEach((x, i) => (p[x] = w[i]));
  const fixed = w.reduce((s, pi) => s + pi * Math.log(pi / 1e-6), 0);
  const theta = tf.fill([8, n], 0.3) as tf.Tensor2D,
    d = tf.tensor2d([p]);
  for (const seed of [1, 2, 3]) {
    const opts = { shots: 100, rng: createRng(seed) };
    shotLoss(resolveLoss('kl', n), circuit, theta, d, opts)
      .dataSync()
      .forEach((v) => expect(v).toBeCloseTo(fixed, 4));
    shotLoss(resolveLoss('tvd', n), circuit, theta, d, opts)
      .dataSync()
      .forEach((v) => expect(v).toBeCloseTo(2, 6));
    shotLoss(resolveLoss('fidelity', n), circuit, theta, d, opts)
      .dataSync()
      .forEach((v) => expect(v).toBeCloseTo(1, 6));
  }
  // the exact KL without clipping is far above that plateau value: the estimate carries no information
  expect(resolveLoss({ loss: 'kl', epsilon: 0 }, n).ofCircuit(circuit, theta, d).dataSync()[0]).toBeGreaterThan(
    fixed + 5,
  );
  tf.dispose([theta, d]);
});

describe('shot estimates on a HEP circuit', () => {
  const n = 4,
    circuit = hepAnsatz(n, 1),
    rng0 = createRng('hep-shots');
  const theta = tf.tensor2d([Array.from({ length: circuit.nParams }, () => 2 * Math.PI * rng0.uniform())]);
  const data = tf.tensor2d(randomDists('shot-data', n, 1, 0.3));
  afterAll(() => tf.dispose([theta, data]));

  test.each(['kl', 'js', 'tvd', 'fidelity', '{"loss":"mmd","sigmas":[0.5,"n"]}', 'qf', 'lqf'])(
    '%s: the shot estimate converges to the exact loss',
    (spec) => {
      const loss = resolveLoss(spec, n),
        exact = loss.ofCircuit(circuit, theta, data).dataSync()[0];
      const err = (shots: number) =>
        Math.abs(shotLoss(loss, circuit, theta, data, { shots, rng: createRng(`c${shots}`) }).dataSync()[0] - exact);
      expect(err(200000)).toBeLessThan(0.01 * Math.max(1, Math.abs(exact)));
      expect(err(200000)).toBeLessThan(err(20) + 1e-6);
    },
  );

  test('same seed → same estimate, different seed → different', () => {
    const loss = resolveLoss('kl', n),
      at = (seed: number) => shotLoss(loss, circuit, theta, data, { shots: 50, rng: createRng(seed) }).dataSync()[0];
    expect(at(4)).toBe(at(4));
    expect(at(4)).not.toBe(at(5));
    expect(() => shotLoss(loss, circuit, theta, data, { shots: 0, rng: createRng(1) })).toThrow(ConfigError);
  });

  test('LQF (linear in the probabilities of U†φ): the shot parameter-shift gradient is unbiased', () => {
    const loss = resolveLoss('lqf', n),
      R = 300;
    const rows = tf.tile(theta, [R, 1]) as tf.Tensor2D;
    const exact = exactParamShiftGrad(loss, circuit, theta, data).dataSync();
    const g = shotParamShiftGrad(loss, circuit, rows, data, { shots: 40, rng: createRng('unb') }).arraySync();
    let worst = 0;
    exact.forEach((e, k) => {
      const { m, se } = meanSe(g.map((row) => row[k]));
      worst = Math.max(worst, Math.abs(m - e) / se);
    });
    expect(worst).toBeLessThan(4); // max over 28 parameters of |z|: 4σ is exceeded with probability < 0.2 %
    rows.dispose();
  });

  test.each(['kl', '{"loss":"mmd","sigmas":[1]}', 'lqf'])(
    '%s: the shot parameter-shift gradient converges to the exact gradient',
    (spec) => {
      const loss = resolveLoss(spec, n);
      const exact = tf.tidy(() =>
        tf
          .grad((t: tf.Tensor) => tf.sum(loss.ofCircuit(circuit, t as tf.Tensor2D, data)))(theta)
          .dataSync(),
      );
      const err = (shots: number) =>
        relErr(
          shotParamShiftGrad(loss, circuit, theta, data, { shots, rng: createRng(`g${shots}`) }).dataSync(),
          exact,
        );
      const coarse = err(100),
        fine = err(100000);
      expect(fine).toBeLessThan(0.1);
      expect(fine).toBeLessThan(coarse);
    },
  );
});

test('MMD U-statistic through the registry: model shots against data samples is unbiased', () => {
  const n = 3,
    circuit = productAnsatz(n),
    R = 2000,
    rng = createRng('u-reg');
  const theta = tf.tile(tf.tensor2d([[0.4, 1.3, 2.2]]), [R, 1]) as tf.Tensor2D;
  const pData = randomDists('u-data', n, 1)[0];
  const data = histogram(sampleIndices(pData, 30, rng), 2 ** n);
  const loss = resolveLoss({ loss: 'mmd', sigmas: [0.3, 'n'], estimator: 'u' }, n);
  const exact = loss.ofCircuit(circuit, tf.slice(theta, [0, 0], [1, n]), tf.tensor2d([pData])).dataSync()[0];
  // the data sample is fixed, so the target of the U-statistic over model shots is MMD(q, p̃) with p̃'s own U-correction
  const q = loss.readProbs(circuit, tf.slice(theta, [0, 0], [1, n]), data.probs);
  const target = loss.ofDistributions({ probs: q }, data).dataSync()[0];
  const v = Array.from(shotLoss(loss, circuit, theta, data, { shots: 15, rng }).dataSync());
  const { m, se } = meanSe(v);
  expect(Math.abs(m - target)).toBeLessThan(3 * se);
  expect(Math.abs(target - exact)).toBeLessThan(0.2); // and p̃ (30 samples) is a fair stand-in for p
  tf.dispose([theta, data.probs, q]);
});

test('sampleDistribution returns counts/shots per row', () => {
  const p = tf.tensor2d([
    [0.5, 0.5, 0, 0],
    [0, 0, 0, 1],
  ]);
  const s = sampleDistribution(p, 10, createRng(3));
  const v = s.probs.arraySync();
  expect(s.shots).toBe(10);
  expect(v[1]).toEqual([0, 0, 0, 1]);
  expect(v[0][0] + v[0][1]).toBeCloseTo(1, 6);
  expect(v[0].every((x) => Number.isInteger(Math.round(x * 10)) && Math.abs(x * 10 - Math.round(x * 10)) < 1e-5)).toBe(
    true,
  );
  tf.dispose([p, s.probs]);
});
