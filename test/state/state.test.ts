/**
 * Readouts of states: marginals, Z-strings, sampling (chi-square, reproducibility), and memory hygiene of engines; the
 * readouts and the memory check run on every backend (webgpu: the tensor engine), sampling is host code. On webgpu the
 * memory check takes 20 steps, not 100 (the software renderer is slow).
 */
import * as tf from '@tensorflow/tfjs';
import { marginalProbs, zExpectations } from '../../src/state/born';
import { sampleBatch, sampleIndices, countIndices } from '../../src/state/sample';
import { getEngine } from '../../src/engines/engine';
import { hepAnsatz } from '../../src/circuit/ansatz/hep';
import { createRng } from '../../src/rng';
import { describeEach, maxAbsDiff } from '../helpers/backends';

function randomDist(seed: string, n: number, batch: number): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: batch }, () => {
    const v = Array.from({ length: 2 ** n }, () => rng.uniform() ** 3);
    const s = v.reduce((a, b) => a + b, 0);
    return v.map((x) => x / s);
  });
}

const bit = (x: number, q: number, n: number) => (x >> (n - 1 - q)) & 1;

describeEach('state readouts', { engines: 'auto' }, ({ values }) => {
  test.each([[[2, 0]], [[1]], [[0, 1, 3]], [[3, 1]], [[0, 1, 2, 3]]])(
    'marginal on %j equals brute force',
    async (keep) => {
      const n = 4,
        ps = randomDist('marg', n, 3),
        K = 2 ** keep.length;
      const [flat] = await values(() => [marginalProbs(tf.tensor2d(ps), keep)]);
      const m = ps.map((_, b) => flat.slice(b * K, (b + 1) * K));
      expect(flat).toHaveLength(ps.length * K);
      ps.forEach((p, b) => {
        const ref = new Array(2 ** keep.length).fill(0);
        p.forEach((v, x) => {
          let idx = 0;
          for (const q of keep) idx = 2 * idx + bit(x, q, n);
          ref[idx] += v;
        });
        expect(maxAbsDiff(m[b], ref)).toBeLessThan(1e-6);
      });
    },
  );

  test('⟨Z_A⟩ equals brute force for several subsets', async () => {
    const n = 5,
      ps = randomDist('z', n, 2),
      subsets = [[], [0], [4], [1, 3], [0, 2, 4], [0, 1, 2, 3, 4]];
    const [flat] = await values(() => [zExpectations(tf.tensor2d(ps), subsets)]);
    expect(flat).toHaveLength(ps.length * subsets.length);
    const z = ps.map((_, b) => flat.slice(b * subsets.length, (b + 1) * subsets.length));
    ps.forEach((p, b) =>
      subsets.forEach((A, j) => {
        const ref = p.reduce((s, v, x) => s + v * (A.reduce((par, q) => par ^ bit(x, q, n), 0) ? -1 : 1), 0);
        expect(z[b][j]).toBeCloseTo(ref, 5);
      }),
    );
  });
});

test('samples pass a chi-square test against the probabilities', () => {
  const p = randomDist('chi', 6, 1)[0],
    shots = 50000;
  const counts = countIndices(sampleIndices(p, shots, createRng(11)), 64);
  let chi2 = 0,
    df = -1;
  p.forEach((v, x) => {
    const e = v * shots;
    if (e < 5) return;
    chi2 += (counts[x] - e) ** 2 / e;
    df++;
  });
  // Wilson–Hilferty upper 0.1% point of χ²_df
  const z = 3.09,
    crit = df * (1 - 2 / (9 * df) + z * Math.sqrt(2 / (9 * df))) ** 3;
  expect(chi2).toBeLessThan(crit);
  // and a deliberately wrong distribution fails it
  const q = p.map((_, x) => (x === 0 ? 0.5 : 0.5 / 63));
  let chiWrong = 0;
  q.forEach((v, x) => {
    const e = v * shots;
    chiWrong += (counts[x] - e) ** 2 / e;
  });
  expect(chiWrong).toBeGreaterThan(crit);
});

test('same seed → same samples; different seed → different samples; batches sample each row', () => {
  const ps = randomDist('seed', 4, 3).flat();
  const a = sampleBatch(Float64Array.from(ps), 16, 200, createRng(5)),
    b = sampleBatch(Float64Array.from(ps), 16, 200, createRng(5));
  const c = sampleBatch(Float64Array.from(ps), 16, 200, createRng(6));
  expect(Array.from(a.counts)).toEqual(Array.from(b.counts));
  expect(Array.from(a.counts)).not.toEqual(Array.from(c.counts));
  for (let r = 0; r < 3; r++) expect(a.counts.subarray(r * 16, (r + 1) * 16).reduce((s, x) => s + x, 0)).toBe(200);
  expect(() => sampleIndices([0.5, NaN], 3, createRng(1))).toThrow('probability 1 is NaN');
});

describeEach('memory', {}, ({ engine: name, webgpu }) => {
  const steps = webgpu ? 20 : 100; // the software renderer takes ~40 ms a step
  test(`numTensors after ${steps} forward+backward steps equals that after 1`, () => {
    const engine = getEngine(name),
      c = hepAnsatz(4, 2);
    const theta = tf.variable(tf.randomUniform([2, c.nParams], 0, 6, 'float32', 1));
    const target = tf.fill([1, 16], 1 / 16);
    const opt = tf.train.adam(0.01);
    const step = () =>
      tf.tidy(() => {
        opt.minimize(
          () => tf.sum(tf.square(tf.sub(engine.probs(c, theta as unknown as tf.Tensor2D), target))) as tf.Scalar,
        );
      });
    step();
    const after1 = tf.memory().numTensors;
    for (let i = 1; i < steps; i++) step();
    expect(tf.memory().numTensors).toBe(after1);
    tf.dispose([theta, target]);
    opt.dispose();
  });
});
